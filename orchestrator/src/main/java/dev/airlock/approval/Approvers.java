package dev.airlock.approval;

import dev.airlock.AirlockException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Builds the approver chain that {@code --approver SPEC} names, e.g. {@code terminal} or {@code command:./review,queue}. */
public final class Approvers {

    private static final String ALLOWED = "terminal, queue, deny or command:PROGRAM; chain them with commas,"
            + " e.g. --approver command:./review,queue";

    /**
     * What approvers need from the session.
     *
     * @param queue    the approval queue (under the state directory)
     * @param notices  where the queue tells the user how to answer (stderr)
     * @param terminal   the terminal approver, made only when named
     * @param cwd        the caller's folder: a reviewer program's relative path is resolved against it
     * @param env        the caller's environment: a bare reviewer name is found on its {@code PATH}
     * @param workspaces every workspace known when a reviewer is used, which it may not lie in
     */
    public record Context(ApprovalQueue queue, Consumer<String> notices, Supplier<TerminalApprover> terminal, Path cwd,
                          Map<String, String> env, Supplier<List<Path>> workspaces) {
        public Context {
            Objects.requireNonNull(queue);
            Objects.requireNonNull(notices);
            Objects.requireNonNull(terminal);
            Objects.requireNonNull(cwd);
            env = Map.copyOf(env);
            Objects.requireNonNull(workspaces);
        }

        /** In this process's folder and environment, with no workspace known (tests). */
        public Context(ApprovalQueue queue, Consumer<String> notices, Supplier<TerminalApprover> terminal) {
            this(queue, notices, terminal, Path.of("").toAbsolutePath(), System.getenv(), List::of);
        }
    }

    private Approvers() {
    }

    /** The default spec: {@code terminal} when a person is at a terminal, else {@code deny} (fail closed). */
    public static String defaultSpec(boolean interactive) {
        return interactive ? "terminal" : "deny";
    }

    /** The chain {@code spec} names; a usage error, saying what is allowed, for anything else. */
    public static ApproverChain parse(String spec, Context context) {
        if (spec == null || spec.isBlank()) {
            throw AirlockException.usage("--approver is empty", "name an approver: " + ALLOWED);
        }
        List<Approver> chain = new ArrayList<>();
        for (String raw : spec.split(",", -1)) {
            String item = raw.strip();
            if (item.startsWith("command:")) {
                String program = item.substring("command:".length()).strip();
                if (program.isEmpty()) {
                    throw AirlockException.usage("--approver '" + spec + "': command: needs a program",
                            "write command:PROGRAM, e.g. command:./review or command:/usr/local/bin/policy --strict");
                }
                chain.add(new CommandApprover(program, context.cwd(), context.env(), context.workspaces()));
                continue;
            }
            chain.add(switch (item) {
                case "terminal" -> context.terminal().get();
                case "queue" -> new QueueApprover(context.queue(), context.notices());
                case "deny" -> DenyApprover.chosen();
                case "elicit" -> throw AirlockException.usage("--approver elicit is for airlock mcp only",
                        "elicit asks through an MCP client; here use terminal, queue, deny or command:PROGRAM");
                default -> throw AirlockException.usage(item.isEmpty()
                        ? "--approver '" + spec + "' has an empty item" : "unknown approver '" + item + "'"
                        + (item.equals(spec.strip()) ? "" : " in --approver '" + spec + "'"), "approvers: " + ALLOWED);
            });
        }
        return new ApproverChain(chain);
    }
}
