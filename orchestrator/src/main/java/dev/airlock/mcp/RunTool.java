package dev.airlock.mcp;

import dev.airlock.text.Clean;
import dev.airlock.AirlockException;
import dev.airlock.runtime.ProcessIO;
import dev.airlock.session.CommandRequest;
import dev.airlock.session.RunResult;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code run_command}: one shell command line through the session ({@code Task.execute}), as {@code bash -c LINE}. Not
 * {@code bash -lc}: a login shell would re-read the image's {@code /etc/profile}, which may reset the PATH the
 * image set, and the sandbox has no dotfiles of the user's to read anyway; {@code -c} runs exactly what the
 * classifier assessed. Output streams to the client as progress when it asked; the result keeps each stream's
 * start and end.
 */
final class RunTool implements Dispatch.Handler {

    static final int HEAD = 16 * 1024;
    static final int TAIL = 16 * 1024;
    private static final int FILES_SHOWN = 40;

    private final Connection connection;

    RunTool(Connection connection) {
        this.connection = connection;
    }

    /** The argv a command line runs as. */
    static List<String> argv(String line) {
        return List.of("bash", "-c", line);
    }

    @Override
    public CallToolResult call(ToolCall call) {
        String line = call.args().string("command", ToolSpecs.COMMAND_LIMIT);
        Optional<String> why = call.args().optionalString("justification", ToolSpecs.TEXT_LIMIT);
        Optional<Duration> timeout = call.args().optionalInteger("timeout_seconds", 1, ToolSpecs.TIMEOUT_LIMIT)
                .map(Duration::ofSeconds);
        Capture out = new Capture(HEAD, TAIL);
        Capture err = new Capture(HEAD, TAIL);
        var session = connection.session();
        try (Connection.Lease _ = connection.shared(); Connection.Lease _ = connection.command();
             Progress progress = call.progress()) {
            session = connection.session(); // as of the lease: a mode change may have replaced it meanwhile
            CommandRequest request = new CommandRequest(argv(line), why, Optional.empty(), timeout, List.of(),
                    connection.takeOnceDomains(), true, List.of());
            // each progress line names its stream, so a stdout line cannot pass for one of stderr
            OutputTap stdout = new OutputTap(out, progress, "[stdout] ");
            OutputTap stderr = new OutputTap(err, progress, "[stderr] ");
            RunResult result;
            try {
                result = session.execute(request, new ProcessIO(stdout, stderr, Optional.empty()));
            } finally {
                stdout.close();
                stderr.close();
            }
            return ran(result, out, err);
        } catch (RuntimeException e) {
            if (call.cancelled().isPresent()) {
                Thread.interrupted(); // the interrupt did its work: the session stopped the command and discarded its sandbox
                return Replies.error("run_command was cancelled (" + call.cancelled().get() + "); its container was stopped");
            }
            if (e instanceof AirlockException a) {
                return NotRun.result(a, connection, out, err);
            }
            throw e;
        }
    }

    private CallToolResult ran(RunResult r, Capture out, Capture err) {
        Map<String, Object> doc = new LinkedHashMap<>(connection.setup().resultJson().apply(r));
        doc.put("stdout", out.text());
        doc.put("stderr", err.text());
        doc.put("stdoutBytes", out.total());
        doc.put("stderrBytes", err.total());
        doc.put("stdoutCut", out.cut());
        doc.put("stderrCut", err.cut());
        return Replies.structured(text(r, out, err), doc);
    }

    /**
     * The result for the model: Airlock's verdict first and all of Airlock's lines before any output, so no
     * output can precede them; names cleaned to one line each; then the output, fenced ({@link Fence}).
     */
    static String text(RunResult r, Capture out, Capture err) {
        String stdout = out.text();
        String stderr = err.text();
        Fence fence = Fence.around(stdout, stderr);
        List<String> lines = new ArrayList<>();
        lines.add("exit code " + r.exitCode() + " · ran in profile " + r.profile() + " · " + Text.duration(r.elapsed())
                + " · session " + r.session().value() + ", command " + r.commandId());
        if (r.timedOut()) {
            lines.add("stopped: it ran longer than " + Text.duration(r.timeout()) + " (timeout_seconds can only shorten the profile's limit)");
        }
        if (r.oomKilled()) {
            lines.add(r.exitCode() == 137 ? "killed: it hit the sandbox's memory limit (" + (r.memoryLimit() >> 20) + " MiB)"
                    : "killed: a process it started hit the sandbox's memory limit (" + (r.memoryLimit() >> 20)
                            + " MiB), though the command exited " + r.exitCode());
        }
        if (!r.approvals().isEmpty()) {
            lines.add("approved: " + Clean.line(String.join("; ", r.approvals())));
        }
        lines.add("changes: " + changes(r));
        if (!r.egress().isEmpty()) {
            lines.add("network: " + Clean.line(String.join("; ", r.egress().stream().map(e -> e.host() + ":" + e.port() + " "
                    + (e.allowed() ? "allowed" : "refused") + " (" + e.by() + ")").distinct().toList())));
        }
        if (!r.flags().isEmpty()) {
            lines.add("flagged for the user's report: " + Clean.line(String.join("; ", r.flags().stream()
                    .map(f -> f.what() + " " + f.detail()).toList())));
        }
        if (r.truncated()) {
            lines.add("output was cut after " + r.outputLimit() + " bytes per stream (the profile's output limit); "
                    + "the command ran to its end");
        }
        lines.add(fence.legend());
        lines.add(fence.part("stdout", about(out), stdout));
        lines.add(fence.part("stderr", about(err), stderr));
        return String.join("\n", lines);
    }

    /** How much a stream held, for its opening line. */
    static String about(Capture c) {
        return c.total() == 0 ? "empty" : c.total() + " bytes" + (c.cut() ? "; the middle is left out" : "");
    }

    private static String changes(RunResult r) {
        var c = r.changes();
        if (c.isEmpty()) {
            return r.checkpoint().isPresent() ? "none" : "none (the sandbox could not write the workspace)";
        }
        List<String> parts = new ArrayList<>();
        files(parts, "added", c.added());
        files(parts, "modified", c.modified());
        files(parts, "deleted", c.deleted());
        return String.join("; ", parts) + r.checkpoint().map(cp -> " (checkpoint before it: " + cp + ")").orElse("");
    }

    /** A file name on one line; quoted when a blank, comma or semicolon in it would blur where the list goes on. */
    static String name(String file) {
        String clean = Clean.line(file);
        return clean.isEmpty() || clean.matches(".*[\\s,;\"].*|.*\\[\\d+ blanks].*")
                ? "\"" + clean.replace("\"", "\\\"") + "\"" : clean;
    }

    private static void files(List<String> parts, String what, List<String> files) {
        if (!files.isEmpty()) {
            parts.add(what + " " + String.join(", ", files.stream().limit(FILES_SHOWN).map(RunTool::name).toList())
                    + (files.size() > FILES_SHOWN ? " and " + (files.size() - FILES_SHOWN) + " more" : ""));
        }
    }
}
