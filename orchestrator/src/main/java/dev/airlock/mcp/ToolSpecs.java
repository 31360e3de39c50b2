package dev.airlock.mcp;

import static dev.airlock.mcp.Schemas.bool;
import static dev.airlock.mcp.Schemas.integer;
import static dev.airlock.mcp.Schemas.object;
import static dev.airlock.mcp.Schemas.oneOf;
import static dev.airlock.mcp.Schemas.props;
import static dev.airlock.mcp.Schemas.string;
import static dev.airlock.mcp.Schemas.strings;
import static dev.airlock.mcp.Schemas.typed;

import dev.airlock.profile.Catalog;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tools as a model sees them: names, schemas and descriptions written for the model that calls them.
 * Pure data; the handlers live in the {@code *Tool} classes.
 */
final class ToolSpecs {

    static final String RUN = "run_command";
    static final String ASSESS = "assess_command";
    static final String SET_MODE = "set_mode";
    static final String DIFF = "diff";
    static final String ROLLBACK = "rollback";
    static final String REPORT = "report";
    static final String REQUEST_NETWORK = "request_network";

    static final int COMMAND_LIMIT = 100_000;
    static final int TEXT_LIMIT = 2_000;
    static final long TIMEOUT_LIMIT = 24 * 3600;
    static final int DOMAIN_LIMIT = 20;

    private ToolSpecs() {
    }

    static Tool run() {
        return Tool.builder(RUN, object(props(
                        "command", string("The shell command line to run, as `bash -c COMMAND`, in /workspace. One "
                                + "call, one fresh container: use `cd dir && ...` rather than a separate cd.", 1, COMMAND_LIMIT),
                        "justification", string("Why the task needs this command, in one sentence. The user reads it "
                                + "when the command needs their approval; a clear reason gets a faster yes.", 0, TEXT_LIMIT),
                        "timeout_seconds", integer("Stop the command after this many seconds (the result then says "
                                + "timedOut). Default and maximum: the sandbox profile's limit, usually 10 minutes; a "
                                + "longer value does not lift it.", 1, TIMEOUT_LIMIT)),
                        List.of("command")))
                .title("Run a shell command in a sandbox")
                .description("""
                        Run a shell command in the task's workspace, inside a disposable sandbox container chosen by \
                        Airlock, the security layer the user runs you under. The command runs as `bash -c COMMAND` in \
                        /workspace (the user's project folder; nothing else of the host is visible), as the user's uid, \
                        with no network unless the session's mode or the user allows it. Files in /workspace persist \
                        between calls; processes, environment variables, /tmp and the working directory do not.
                        If the command needs more than the session's mode gives (writing in read-only mode, the \
                        network, deleting, paths outside the workspace), the user is asked first. If they say no, \
                        nothing runs and the result (isError) says what was needed and what you can do instead.
                        Returns the exit code, stdout and stderr (long output keeps its start and end), the sandbox \
                        profile used, the files it added, modified or deleted, and the network destinations it reached. \
                        A non-zero exit code is the command's own failure, not Airlock's.""")
                .outputSchema(object(props(
                        "exitCode", typed("integer", "The command's exit status (124 style limits show in timedOut)"),
                        "stdout", typed("string", "Standard output; the middle is left out when long (stdoutCut)"),
                        "stderr", typed("string", "Standard error; the middle is left out when long (stderrCut)"),
                        "profile", typed("string", "The sandbox profile it ran in"),
                        "timedOut", typed("boolean", "The time limit stopped it"),
                        "truncated", typed("boolean", "The profile's output limit cut the output; the command ran to its end"),
                        "changes", typed("object", "Files added, modified and deleted in the workspace"),
                        "egress", typed("array", "Network destinations it reached or tried")),
                        List.of("exitCode", "stdout", "stderr")))
                .annotations(ToolAnnotations.builder().readOnlyHint(false).destructiveHint(true).idempotentHint(false)
                        .openWorldHint(true).build())
                .build();
    }

    static Tool assess() {
        return Tool.builder(ASSESS, object(props(
                        "command", string("The shell command line, as it would be given to run_command.", 1, COMMAND_LIMIT)),
                        List.of("command")))
                .title("Check what a command would need")
                .description("""
                        Check what a shell command would need, without running it: its risk tier (READ, WRITE, \
                        EXECUTE, NETWORK or DESTRUCTIVE), the reasons, the network domains and paths it touches, and \
                        what the session's current mode would do: run it, ask the user, or refuse it. Use it to plan \
                        around a refusal before trying a risky command.""")
                .outputSchema(object(props(
                        "tier", typed("string", "READ, WRITE, EXECUTE, NETWORK or DESTRUCTIVE"),
                        "reasons", typed("array", "What makes it that tier: {tier, what, detail}"),
                        "domains", typed("array", "Network domains it would reach"),
                        "paths", typed("array", "Paths it would write, delete or touch outside the workspace"),
                        "opaque", typed("boolean", "Airlock cannot see what it would do (eval, $(...), a script)"),
                        "decision", typed("object", "What the current mode would do: action run, ask or refuse")),
                        List.of("tier", "decision")))
                .annotations(ToolAnnotations.builder().readOnlyHint(true).destructiveHint(false).idempotentHint(true)
                        .openWorldHint(false).build())
                .build();
    }

    static Tool setMode(Catalog catalog, Set<String> switchable) {
        StringBuilder modes = new StringBuilder();
        catalog.modes().forEach((name, mode) -> modes.append("\n- ").append(name).append(": ").append(mode.description()));
        return Tool.builder(SET_MODE, object(props(
                        "mode", oneOf("The mode to continue the session in.", List.copyOf(catalog.modes().keySet())),
                        "justification", string("Why the task needs the wider mode, in one sentence; the user reads it "
                                + "when asked.", 0, TEXT_LIMIT)),
                        List.of("mode")))
                .title("Change the session's permission mode")
                .description("Change the permission mode the session's next commands run in. A narrower mode (one that "
                        + "gives no more) is always allowed; a wider one only if the user allowed it when starting "
                        + "Airlock (allowed here: " + String.join(", ", new TreeSet<>(switchable)) + "), and then only "
                        + "when the user approves the switch when asked. The session "
                        + "keeps its grants, checkpoints and report. Refused while another tool call runs. Modes:" + modes)
                .annotations(ToolAnnotations.builder().readOnlyHint(false).destructiveHint(false).idempotentHint(true)
                        .openWorldHint(false).build())
                .build();
    }

    static Tool diff() {
        return Tool.builder(DIFF, object(props(
                        "since", string("A checkpoint id (or its first 4+ characters) to compare against. Default: "
                                + "the session's first checkpoint.", 4, 40),
                        "stat", bool("Only the lists of files, without the unified diff.")),
                        List.of()))
                .title("What changed in the workspace")
                .description("""
                        Show what the session changed in the workspace since a checkpoint: files added, modified and \
                        deleted, and a unified diff (long diffs are shortened). Airlock takes a checkpoint before every \
                        command that may write; the result lists them, for diff `since` and rollback `to`.""")
                .annotations(ToolAnnotations.builder().readOnlyHint(true).destructiveHint(false).idempotentHint(true)
                        .openWorldHint(false).build())
                .build();
    }

    static Tool rollback() {
        return Tool.builder(ROLLBACK, object(props(
                        "to", string("The checkpoint id (or its first 4+ characters) to restore. Default: the "
                                + "session's first checkpoint, i.e. the workspace as it was before the session changed it.", 4, 40)),
                        List.of()))
                .title("Restore the workspace to a checkpoint")
                .description("""
                        Restore the workspace exactly to a checkpoint, undoing every change made since (by commands, or \
                        by anyone else). The state before the rollback is saved as a new checkpoint, so a rollback can \
                        itself be undone: the result names that checkpoint. Not available in a mode whose sandbox cannot \
                        write the workspace, nor while another tool call runs. Refused when it would undo what another \
                        session's commands changed since the checkpoint: the error names that session.""")
                .annotations(ToolAnnotations.builder().readOnlyHint(false).destructiveHint(true).idempotentHint(false)
                        .openWorldHint(false).build())
                .build();
    }

    static Tool report() {
        return Tool.builder(REPORT, object(props(
                        "format", oneOf("md (default), text or json.", List.of("md", "text", "json"))),
                        List.of()))
                .title("The session's report")
                .description("""
                        The session's report, as the user will read it: what ran, what changed, which escalations \
                        were approved or denied and by whom, every network destination, what was risky, and what to \
                        check before accepting the work. Useful at the end of a task, to summarise it for the user.""")
                .annotations(ToolAnnotations.builder().readOnlyHint(true).destructiveHint(false).idempotentHint(true)
                        .openWorldHint(false).build())
                .build();
    }

    static Tool requestNetwork() {
        return Tool.builder(REQUEST_NETWORK, object(props(
                        "domains", strings("Host names the task needs, e.g. registry.npmjs.org, or *.example.com for "
                                + "every subdomain. No IP addresses.", 1, DOMAIN_LIMIT),
                        "justification", string("Why the task needs them, in one sentence; the user reads it.", 1, TEXT_LIMIT)),
                        List.of("domains", "justification")))
                .title("Ask the user for network access")
                .description("""
                        Ask the user for network access to some domains before running commands that need them (for \
                        example registry.npmjs.org before `npm install`). The user sees the domains and your \
                        justification. Domains they approve are allowed for the rest of the session (or for the next \
                        run_command only, if they say so), through Airlock's egress proxy: later commands reach them \
                        without asking again. Returns what was granted; a refusal is an error result.""")
                .annotations(ToolAnnotations.builder().readOnlyHint(false).destructiveHint(false).idempotentHint(true)
                        .openWorldHint(false).build())
                .build();
    }

    /** Input property names a tool takes, for tests that check the schemas against the handlers. */
    @SuppressWarnings("unchecked")
    static Set<String> inputNames(Tool tool) {
        return ((Map<String, Object>) tool.inputSchema().get("properties")).keySet();
    }
}
