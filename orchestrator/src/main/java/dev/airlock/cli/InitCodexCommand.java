package dev.airlock.cli;

import dev.airlock.app.Console;
import dev.airlock.AirlockException;
import dev.airlock.agents.InitRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code airlock init codex}: writes Codex CLI's {@code [mcp_servers.airlock]} (the project's
 * {@code .codex/config.toml}, or the user's) so Codex runs shell commands through {@code airlock mcp}, with
 * Airlock's approvals in Codex's own form or, in {@code codex exec}, the queue. Writes only its marked block;
 * {@code --undo} removes it, {@code --dry-run} prints it.
 */
@Command(footerHeading = "%nExamples:%n",
        footer = {"  airlock init codex --scope user --approver elicit,queue", "  airlock init codex --native --dry-run",
            "  airlock init codex --undo"},
        name = "codex", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Set up Codex CLI: its shell commands run through airlock mcp, and Airlock's questions reach you in",
            "Codex's own form, or, in codex exec, the approval queue (airlock approvals; airlock approve ID).",
            "With --native, Codex keeps its own shell tool and a PreToolUse hook sends each command through Airlock",
            "instead; Codex's hooks cannot ask, so every question waits in the approval queue (hence not the default)."})
final class InitCodexCommand implements Callable<Integer> {

    enum Where { project, user }

    /** The name of Codex's record in the state folder (airlock init --undo reads it). */
    static final String CLIENT = "codex";

    private final Airlock airlock;

    InitCodexCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Option(names = "--scope", paramLabel = "project|user", description = "Write the project's .codex/config.toml (default) or"
            + " the user's ($CODEX_HOME/config.toml, default ~/.codex/config.toml).")
    Where scope = Where.project;

    @Option(names = "--workspace", paramLabel = "DIR", description = "The project (default: the current folder). With"
            + " --scope user and no --workspace, each Codex session works on the folder Codex runs in.")
    String workspace;

    @Option(names = "--mode", paramLabel = "MODE", description = "The session's mode (default: default).")
    String mode = "default";

    @Option(names = "--approver", paramLabel = "SPEC", description = "Who answers escalations, in order (default:"
            + " elicit,queue: Codex's form when a person is there, else the queue).")
    String approver = "elicit,queue";

    @Option(names = "--allow-mode", paramLabel = "MODE", description = "A wider mode the agent may ask to switch to (repeatable).")
    List<String> allowModes = new ArrayList<>();

    @Option(names = "--launcher", paramLabel = "PATH", description = "The airlock program Codex starts (default: the one"
            + " running now, $AIRLOCK_LAUNCHER).")
    String launcher;

    @Option(names = "--native", description = "Codex's own shell tool through Airlock: a PreToolUse hook and an execpolicy rule"
            + " in $CODEX_HOME (for this project, or with --scope user every project), instead of the MCP server.")
    boolean nativeShell;

    @Option(names = "--dry-run", description = "Print what would be written, and write nothing.")
    boolean dryRun;

    @Option(names = "--undo", description = "Remove what airlock init codex wrote.")
    boolean undo;

    @Override
    public Integer call() throws IOException {
        Path project = airlock.console().resolve(workspace == null ? "." : workspace);
        Console console = airlock.console();
        Path file = switch (scope) {
            case project -> project.resolve(".codex").resolve("config.toml");
            case user -> console.env().containsKey("CODEX_HOME") ? console.resolve(console.env().get("CODEX_HOME")).resolve("config.toml")
                    : Path.of(console.env().getOrDefault("HOME", System.getProperty("user.home")), ".codex", "config.toml");
        };
        if (undo) {
            undoBlock(console, file, dryRun);
            if (!dryRun) {
                InitRecord.forgetBlock(airlock.state().root(), CLIENT, file);
            }
            // and whatever else init codex recorded (--native writes the user's config and a rules file)
            for (Path other : InitRecord.blocks(airlock.state().root(), CLIENT)) {
                undoBlock(console, other, dryRun);
                if (!dryRun) {
                    InitRecord.forgetBlock(airlock.state().root(), CLIENT, other);
                }
            }
            return 0;
        }
        if (nativeShell) {
            return initNative(console, project);
        }
        String existing = read(file);
        withoutBlock(file, existing);
        if (CodexConfig.definesAirlockOutside(existing)) {
            throw AirlockException.usage(file + " already defines [mcp_servers.airlock] outside Airlock's block",
                    "remove that table (or rename it), then run airlock init codex again");
        }
        String next = config(console, project).applyTo(existing);
        if (dryRun) {
            console.out().println("airlock: would write " + file + ":");
            // exactly what the write adds: the root keys the file does not set itself, then the block
            console.out().print(config(console, project).added(existing));
            return 0;
        }
        write(file, next);
        InitRecord.addBlock(airlock.state().root(), CLIENT, file);
        console.out().println("airlock: wrote [mcp_servers.airlock] to " + file);
        List<String> ours = CodexConfig.rootKeysFor(existing);
        CodexConfig.ROOT_KEYS.forEach((key, value) -> {
            if (!ours.contains(key)) {
                console.out().println("  left alone: " + file.getFileName() + " sets " + key + " itself; Airlock recommends "
                        + key + " = " + value + " (Codex's own shell and edits do not go through Airlock)");
            }
        });
        if (scope == Where.project) {
            console.out().println("  Codex reads a project's .codex/config.toml only when the project is trusted: answer yes when"
                    + " Codex asks, or use --scope user.");
        }
        console.out().println("  In Codex, escalations ask you in its form; in codex exec they wait in the queue:"
                + " airlock approvals; airlock approve ID (or deny ID).");
        return 0;
    }

    /** Root keys of the native path: Codex's own sandbox stays read-only for anything that is not the rewritten line. */
    static final java.util.SequencedMap<String, String> NATIVE_ROOT_KEYS = new java.util.LinkedHashMap<>(
            java.util.Map.of("sandbox_mode", "\"read-only\""));

    /** {@code --native}: the hook and its trust in the user's config, the execpolicy rule beside it; nothing in the project. */
    private int initNative(Console console, Path project) throws IOException {
        Path file = userConfig(console);
        String program = launcherPath(console);
        if (!dev.airlock.agents.ShellHook.program(program).equals(program)) {
            throw AirlockException.usage("--launcher " + program + ": Codex's execpolicy matches only a plain path (letters, digits, / . _ + -)",
                    "put airlock at such a path (or link it there), and pass it with --launcher");
        }
        java.util.Optional<Path> only = scope == Where.project || workspace != null
                ? java.util.Optional.of(dev.airlock.session.Workspace.open(project).root()) : java.util.Optional.empty();
        var hook = new CodexHookConfig(file, program, mode, only);
        String existing = read(file);
        String rest = withoutBlock(file, existing).orElse(existing);
        int group;
        try {
            group = CodexHookConfig.groupsBefore(rest);
        } catch (IllegalArgumentException e) {
            throw AirlockException.usage(file + ": " + e.getMessage(), "move your PreToolUse hooks into [[hooks.PreToolUse]] tables");
        }
        String rules = read(hook.rules());
        if (!rules.isEmpty() && withoutBlock(hook.rules(), rules).isEmpty()) {
            throw AirlockException.usage(hook.rules() + " exists and is not Airlock's", "move it aside, then run airlock init codex again");
        }
        String block = hook.block(group);
        if (dryRun) {
            console.out().println("airlock: would write " + file + ":");
            console.out().print(CodexConfig.rootSection(rest, NATIVE_ROOT_KEYS) + block);
            console.out().println("airlock: would write " + hook.rules() + ":");
            console.out().print(hook.rulesFile());
            return 0;
        }
        write(file, CodexConfig.applyTo(existing, NATIVE_ROOT_KEYS, block));
        InitRecord.addBlock(airlock.state().root(), CLIENT, file);
        write(hook.rules(), hook.rulesFile());
        InitRecord.addBlock(airlock.state().root(), CLIENT, hook.rules());
        console.out().println("airlock: wrote Codex's shell hook to " + file + " and its execpolicy rule to " + hook.rules());
        if (CodexConfig.sets(rest, "features.shell_tool")) {
            console.out().println("  left alone: " + file.getFileName() + " sets features (shell_tool = false switches the shell tool"
                    + " and so this hook off: set it true, or use the MCP server without --native)");
        }
        console.out().println("  Codex's shell commands now run through Airlock" + only.map(p -> " in " + p).orElse(" in every project")
                + " (mode " + mode + "). Codex's hooks cannot ask: a command that needs you waits in the queue,"
                + " airlock approvals; airlock approve ID (or deny ID). Undo: airlock init codex --undo");
        return 0;
    }

    private static Path userConfig(Console console) {
        return console.env().containsKey("CODEX_HOME") ? console.resolve(console.env().get("CODEX_HOME")).resolve("config.toml")
                : Path.of(console.env().getOrDefault("HOME", System.getProperty("user.home")), ".codex", "config.toml");
    }

    /** Takes Airlock's marked block out of {@code file} (or, with {@code dryRun}, says it would); the rest stays as it was. */
    static void undoBlock(Console console, Path file, boolean dryRun) {
        try {
            java.util.Optional<String> rest = withoutBlock(file, read(file));
            if (rest.isEmpty()) {
                console.out().println("airlock: nothing to undo in " + file + " (no Airlock block)");
            } else if (dryRun) {
                console.out().println("airlock: would remove the Airlock block from " + file);
            } else if (rest.get().isBlank()) {
                Files.delete(file);
                console.out().println("airlock: removed " + file + " (it held only the Airlock block)");
            } else {
                write(file, rest.get());
                console.out().println("airlock: removed the Airlock block from " + file);
            }
        } catch (IOException e) {
            throw AirlockException.failure("cannot undo " + file + ": " + e.getMessage(), "remove the Airlock block by hand");
        }
    }

    private static java.util.Optional<String> withoutBlock(Path file, String text) {
        try {
            return CodexConfig.without(text);
        } catch (IllegalArgumentException e) {
            throw AirlockException.usage(file + ": " + e.getMessage(), "fix the file by hand: remove the Airlock lines");
        }
    }

    private String launcherPath(Console console) {
        String program = launcher != null ? console.resolve(launcher).toString() : console.env().get("AIRLOCK_LAUNCHER");
        if (program == null || program.isBlank()) {
            throw AirlockException.usage("which airlock Codex should start is not known",
                    "run this through scripts/airlock, or pass --launcher /path/to/airlock/scripts/airlock");
        }
        return program;
    }

    private CodexConfig config(Console console, Path project) {
        String program = launcherPath(console);
        List<String> args = new ArrayList<>(List.of("mcp"));
        if (scope == Where.project || workspace != null) {
            args.addAll(List.of("--workspace", project.toString()));
        }
        args.addAll(List.of("--mode", mode, "--approver", approver));
        allowModes.forEach(m -> args.addAll(List.of("--allow-mode", m)));
        // Codex passes an MCP server almost no environment: where Airlock's state and the engine are goes in the config
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : List.of("AIRLOCK_STATE_DIR", "DOCKER_HOST", "XDG_STATE_HOME")) {
            String value = console.env().get(name);
            if (value != null && !value.isBlank()) {
                env.put(name, value);
            }
        }
        return new CodexConfig(program, args, env);
    }

    private static String read(Path file) throws IOException {
        refuseLinks(file);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** Codex's files may lie in a workspace a sandbox wrote: a link there could send this write anywhere. */
    private static void refuseLinks(Path file) {
        for (Path p : List.of(file.getParent(), file)) {
            if (Files.isSymbolicLink(p)) {
                throw AirlockException.usage(p + " is a symbolic link; airlock init writes no file through a link",
                        "replace it with a real folder or file, or use --scope user");
            }
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && p == file && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                throw AirlockException.usage(p + " is not a regular file", "remove it, then run airlock init codex again");
            }
        }
    }

    private static void write(Path file, String text) throws IOException {
        refuseLinks(file);
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".config.toml.", ".airlock");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
