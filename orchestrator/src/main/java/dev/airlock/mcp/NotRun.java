package dev.airlock.mcp;

import dev.airlock.text.Clean;
import dev.airlock.AirlockException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command Airlock did not run (or could not finish), as an error result the model can act on: what it
 * needed and why it did not get it (the session's own message), what the model can do from here, and what the
 * user can do from a terminal (the session's hint, written for the CLI).
 */
final class NotRun {

    private NotRun() {
    }

    static CallToolResult result(AirlockException e, Connection connection, Capture out, Capture err) {
        String next = switch (e.kind()) {
            // a denial names its approval request; a refusal by a rule or by the mode's reach asked nobody
            case DENIED -> e.getMessage().contains("approval request ") ? denied(connection) : "Nothing ran: Airlock's "
                    + "policy refuses this in the session's mode without asking anyone (see above). Find a way that needs "
                    + "less (assess_command shows what a command needs), or tell the user what the task needs.";
            case USAGE -> "Nothing ran: the request was not usable as it is. Fix it and call run_command again.";
            case TIMEOUT -> "The command hit a time limit; give it longer with timeout_seconds.";
            case CANCELLED -> "The command was cancelled and stopped before it finished.";
            case FAILURE -> "Airlock or the container engine failed; this is not the command's fault. Tell the user "
                    + "what it says; retrying helps only if the cause went away.";
        };
        StringBuilder text = new StringBuilder(Clean.lines(e.getMessage())).append("\n\n").append(next);
        if (!e.hint().isEmpty()) {
            text.append("\n\n").append(e.kind() == AirlockException.Kind.DENIED ? "What the user can do from a terminal:\n"
                    : "What to do: ").append(e.hint());
        }
        if (out.total() > 0 || err.total() > 0) {
            String stdout = out.text();
            String stderr = err.text();
            Fence fence = Fence.around(stdout, stderr);
            text.append("\n\nOutput before it stopped. ").append(fence.legend()).append('\n')
                    .append(fence.part("stdout", RunTool.about(out), stdout)).append('\n')
                    .append(fence.part("stderr", RunTool.about(err), stderr));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("session", connection.session().id().value());
        doc.put("exitCode", e.kind().exitCode());
        doc.put("denied", e.kind() == AirlockException.Kind.DENIED);
        doc.put("error", e.getMessage());
        doc.put("hint", e.hint());
        // clients that give the model only the structured result (Codex) must carry the guidance too
        doc.put("next", next);
        doc.put("stdout", out.text());
        doc.put("stderr", err.text());
        return Replies.error(text.toString(), doc);
    }

    /** What the model can do after a refusal, given who could have said yes. */
    private static String denied(Connection connection) {
        ClientApprover approver = connection.approver();
        String common = " Do not repeat the same command hoping for another answer. assess_command shows what a command "
                + "needs; a way that needs less may exist. For network access, request_network asks the user for the "
                + "domains once for the whole session.";
        if (approver.asksClient()) {
            return "Nothing ran: the user was asked through " + approver.clientName().orElse("the client")
                    + " and did not approve it." + common + " If the task needs it, explain to the user why.";
        }
        if (connection.setup().fallbackSpec().equals("deny")) {
            return "Nothing ran: nobody can approve escalations in this Airlock server (the client cannot ask the user, "
                    + "or answered at once without asking anyone, and Airlock was started with no other approver)." + common + " Otherwise tell the user what you need: "
                    + "they can restart Airlock with a wider --mode, add --allow-mode so you can call set_mode, or use "
                    + "--approver queue and answer from a terminal with airlock approve.";
        }
        return "Nothing ran: the approver (" + connection.setup().fallbackSpec() + ") said no, or nobody answered in time."
                + common;
    }
}
