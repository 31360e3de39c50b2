package dev.airlock.approval;

import dev.airlock.text.Clean;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code --approver command:PROGRAM}: an external reviewer (a script, a policy service, a model) reads the
 * request as JSON on stdin and writes {@code allow [once|session]}, {@code deny [REASON]} or {@code ask} as
 * the first line of stdout. No shell starts it. A non-zero exit, anything else, or no answer by the deadline
 * is a denial that says which. The program is resolved once ({@link ReviewerProgram}) and checked before
 * each use; it runs in its own folder, and its answers name it by path and SHA-256.
 */
public final class CommandApprover implements Approver {

    private static final int MAX_STDOUT = 64 * 1024;
    private static final int MAX_STDERR = 8 * 1024;

    private final ReviewerProgram reviewer;
    private final List<String> argv;
    private final String program;

    /**
     * @param program    the program and its arguments, split on whitespace: {@code ./review --strict}
     * @param cwd        the caller's folder, against which a relative program is resolved (once, here)
     * @param env        the caller's environment, whose {@code PATH} finds a bare program name
     * @param workspaces the workspaces the program may not lie in, as known at each use
     */
    public CommandApprover(String program, Path cwd, Map<String, String> env, Supplier<List<Path>> workspaces) {
        List<String> words = Arrays.stream(program.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no program");
        }
        this.reviewer = ReviewerProgram.resolve(words.getFirst(), cwd, env, workspaces);
        List<String> resolved = new java.util.ArrayList<>(words);
        resolved.set(0, reviewer.path().toString());
        this.argv = List.copyOf(resolved);
        this.program = String.join(" ", argv);
    }

    /** For tests: a program named by absolute path, no workspace known. */
    CommandApprover(String program) {
        this(program, Path.of("/"), Map.of(), List::of);
    }

    @Override
    public String name() {
        return "command:" + program;
    }

    @Override
    public Answer answer(ApprovalRequest request, Instant deadline) {
        ReviewerProgram.Checked checked;
        try {
            checked = reviewer.check();
        } catch (ReviewerProgram.Refused e) {
            return denied("was refused before it ran: " + e.getMessage() + "; " + ReviewerProgram.HINT);
        }
        Process process;
        try {
            // its own folder, not the caller's: that may be the workspace, where a relative read would meet the sandbox's files
            ProcessBuilder builder = new ProcessBuilder(argv).directory(checked.path().getParent().toFile());
            builder.environment().put("AIRLOCK_APPROVAL_ID", request.id());
            process = builder.start();
        } catch (IOException e) {
            return denied("could not be started: " + e.getMessage());
        }
        try {
            byte[] json = ApprovalJson.mapper().writeValueAsBytes(request);
            // each stream on its own thread: a reviewer that ignores stdin or floods stdout must not block us
            Thread.ofVirtual().name("airlock-reviewer-stdin").start(() -> feed(process.getOutputStream(), json));
            CompletableFuture<byte[]> out = drain(process.getInputStream(), MAX_STDOUT);
            CompletableFuture<byte[]> err = drain(process.getErrorStream(), MAX_STDERR);
            Duration left = Duration.between(Instant.now(), deadline);
            if (!process.waitFor(Math.max(0, left.toMillis()), TimeUnit.MILLISECONDS)) {
                return denied("gave no answer within " + Texts.duration(left) + " and was stopped");
            }
            byte[] stdout = collect(out, deadline);
            if (process.exitValue() != 0) {
                String stderr = new String(collect(err, deadline), StandardCharsets.UTF_8).strip();
                return denied("exited with status " + process.exitValue()
                        + (stderr.isEmpty() ? "" : ": " + Clean.line(firstLine(stderr))));
            }
            return parse(new String(stdout, StandardCharsets.UTF_8), checked.by());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return denied("was interrupted");
        } catch (IOException | RuntimeException e) {
            return denied("failed: " + e);
        } finally {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    /** The reviewer's first line: {@code allow}, {@code allow session}, {@code deny REASON}, {@code ask}. */
    Answer parse(String stdout) {
        return parse(stdout, name());
    }

    /** @param by the program that answered, by path and hash, as the audit records it */
    Answer parse(String stdout, String by) {
        String line = firstLine(stdout.strip());
        String[] words = line.split("\\s+", 2);
        String verb = words[0].toLowerCase(Locale.ROOT);
        String rest = words.length > 1 ? words[1].strip() : "";
        return switch (verb) {
            case "allow" -> switch (rest.toLowerCase(Locale.ROOT)) {
                case "", "once" -> new Answer.Approved(Scope.ONCE, by);
                case "session" -> new Answer.Approved(Scope.SESSION, by);
                default -> denied("answered `allow " + Clean.line(rest) + "`; expected allow, allow once or allow session");
            };
            case "deny" -> new Answer.Denied(rest.isEmpty() ? "denied by the reviewer " + name()
                    : "the reviewer " + name() + " denied it: " + Clean.line(rest), by);
            case "ask" -> new Answer.Passed(by, "the reviewer " + name() + " passed it on (ask)");
            default -> denied(line.isEmpty() ? "answered nothing; expected allow, deny or ask"
                    : "answered `" + Clean.line(abbreviate(line)) + "`; expected allow, deny or ask");
        };
    }

    private Answer.Denied denied(String what) {
        return new Answer.Denied("the reviewer " + name() + " " + what, name());
    }

    private static void feed(OutputStream stdin, byte[] json) {
        try (stdin) {
            stdin.write(json);
            stdin.write('\n');
        } catch (IOException e) {
            // the reviewer closed stdin early: its answer (or its exit status) still decides
        }
    }

    /** Reads a stream to its end on a virtual thread, keeping the first {@code max} bytes. */
    private static CompletableFuture<byte[]> drain(InputStream in, int max) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread.ofVirtual().name("airlock-reviewer-output").start(() -> {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    kept.write(buffer, 0, Math.min(n, Math.max(0, max - kept.size())));
                }
            } catch (IOException e) {
                // the process is gone: keep what it wrote
            }
            result.complete(kept.toByteArray());
        });
        return result;
    }

    /** The output once the pipe closes; a child the reviewer left behind may hold it open, so wait a little only. */
    private static byte[] collect(CompletableFuture<byte[]> output, Instant deadline)
            throws InterruptedException {
        long wait = Math.max(200, Duration.between(Instant.now(), deadline).toMillis());
        try {
            return output.get(Math.min(wait, 2000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new byte[0];
        } catch (ExecutionException e) {
            return new byte[0];
        }
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
