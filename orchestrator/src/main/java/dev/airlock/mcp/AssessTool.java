package dev.airlock.mcp;

import dev.airlock.app.Preview;
import dev.airlock.text.Clean;
import dev.airlock.assess.Assessment;
import dev.airlock.assess.AssessmentText;
import dev.airlock.policy.Decision;
import dev.airlock.policy.Decisions;
import dev.airlock.profile.Mode;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code assess_command}: what a command line needs and what the session's mode would do, with nothing run. */
final class AssessTool implements Dispatch.Handler {

    private final Connection connection;

    AssessTool(Connection connection) {
        this.connection = connection;
    }

    @Override
    public CallToolResult call(ToolCall call) {
        String line = call.args().string("command", ToolSpecs.COMMAND_LIMIT);
        try (Connection.Lease _ = connection.shared()) {
            var session = connection.session();
            Preview preview = session.preview(RunTool.argv(line), connection.onceDomains());
            Assessment a = preview.assessment();
            Mode mode = preview.mode();
            Decision d = preview.decision();
            Map<String, Object> decision = Decisions.describe(mode, d);
            Map<String, Object> doc = AssessmentText.json(a);
            doc.put("decision", decision);
            List<String> text = new ArrayList<>();
            text.add("tier: " + a.tier() + (a.opaque() ? " (opaque: Airlock cannot see everything it would do)" : ""));
            a.reasons().forEach(r -> text.add("  " + r.tier() + " " + Clean.line(r.what() + " " + r.detail())));
            if (!a.domains().isEmpty()) {
                text.add("domains: " + Clean.line(String.join(", ", a.domains())));
            }
            if (!a.paths().isEmpty()) {
                text.add("paths: " + Clean.line(String.join(", ", a.paths())));
            }
            text.add("in mode " + mode.name() + ": " + Clean.line(String.valueOf(decision.get("summary"))));
            return Replies.structured(String.join("\n", text), doc);
        }
    }
}
