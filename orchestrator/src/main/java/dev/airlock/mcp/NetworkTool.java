package dev.airlock.mcp;

import dev.airlock.app.DomainRequest;
import dev.airlock.text.Clean;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code request_network}: asks the approvers, up front, for domains the task needs ({@link DomainRequest}); this
 * tool reads its arguments and says the outcome. A yes once allows the domains for the next {@code run_command}.
 */
final class NetworkTool implements Dispatch.Handler {

    private final Connection connection;

    NetworkTool(Connection connection) {
        this.connection = connection;
    }

    @Override
    public CallToolResult call(ToolCall call) {
        List<String> domains = new ArrayList<>();
        for (String raw : call.args().strings("domains", ToolSpecs.DOMAIN_LIMIT)) {
            domains.add(DomainRequest.domain(raw).orElseThrow(() -> new Args.Bad("\"" + Clean.line(raw) + "\" is not a host name "
                    + "(write e.g. registry.npmjs.org or *.example.com; no scheme, port, path or IP address)")));
        }
        String why = call.args().string("justification", ToolSpecs.TEXT_LIMIT);
        try (Connection.Lease _ = connection.shared()) {
            var session = connection.session();
            var outcome = session.requestDomains(domains, why, connection.approver(), connection.setup().approvalTimeout(),
                    connection.setup().notices());
            return switch (outcome) {
                case DomainRequest.NotAsked n -> Replies.error("request_network: not asked, since no one should approve it: "
                        + Clean.line(n.refusal()) + ". Nothing was granted.");
                case DomainRequest.OpenAlready o -> Replies.text("Mode " + o.mode() + " already has the open network: nothing to ask.");
                case DomainRequest.NoNetwork n -> Replies.error("request_network: mode " + n.mode() + " reaches no sandbox profile with "
                        + "network access, so no approval could give it. Carry on without the network, or ask the user "
                        + "for a mode that reaches network-allowlisted (set_mode, if they allowed one).");
                case DomainRequest.AlreadyGranted g -> Replies.text("Already granted for this session: "
                        + String.join(", ", g.domains()) + ".");
                case DomainRequest.ForSession g -> Replies.text("Granted for the rest of the session by " + g.by() + ": "
                        + String.join(", ", g.domains()) + ". Commands that reach only these run in " + g.profile()
                        + " without asking again.");
                case DomainRequest.Once o -> {
                    connection.allowOnce(o.domains());
                    yield Replies.text("Granted by " + o.by() + " for the next run_command only: " + String.join(", ", o.domains()) + ".");
                }
                case DomainRequest.Denied d -> Replies.error("request_network: not granted: " + Clean.line(d.reason()) + " ["
                        + Clean.line(d.by()) + "]. Commands that need these domains will be asked about again (and may be "
                        + "refused); work without them if you can, or tell the user why the task needs them.");
            };
        }
    }
}
