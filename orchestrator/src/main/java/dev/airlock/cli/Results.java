package dev.airlock.cli;

import dev.airlock.session.RunResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON form of a run's result, shared by {@code run --json}, {@code exec --json} and the MCP server. */
final class Results {

    private Results() {
    }

    static Map<String, Object> json(RunResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session", r.session().value());
        m.put("commandId", r.commandId());
        // its version-1 name, kept until the version goes up
        m.put("command", r.commandId());
        m.put("profile", r.profile());
        m.put("containerId", r.containerId());
        m.put("exitCode", r.exitCode());
        m.put("timedOut", r.timedOut());
        m.put("oomKilled", r.oomKilled());
        m.put("truncated", r.truncated());
        m.put("durationMs", r.elapsed().toMillis());
        m.put("approvals", r.approvals());
        m.put("flags", r.flags().stream().map(f -> Map.of("tier", f.tier().name(), "what", f.what(), "detail", f.detail())).toList());
        r.checkpoint().ifPresent(c -> m.put("checkpoint", c));
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("added", r.changes().added());
        changes.put("modified", r.changes().modified());
        changes.put("deleted", r.changes().deleted());
        m.put("changes", changes);
        m.put("egress", r.egress());
        return m;
    }
}
