package dev.airlock.cli;

import dev.airlock.agents.ShellHook;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What {@code airlock init codex --native} writes, all of it in the user's {@code CODEX_HOME} (outside every project,
 * where Airlock's sandbox cannot reach): a {@code PreToolUse} hook on Codex's shell tool that sends each command
 * through {@code airlock hook codex}, with its trust recorded (Codex runs an untrusted hook in no run), and an
 * execpolicy rule that lets the rewritten {@code airlock exec} line out of Codex's own read-only sandbox, where it could
 * not reach Airlock's server socket. Pure text, so {@code --dry-run} prints exactly what is written.
 *
 * @param config   the user's {@code config.toml}
 * @param launcher the airlock program the hook and the rewritten line run
 * @param mode     the mode of the hook's sessions
 * @param workspace the one project the hook is for, or empty for every project Codex opens
 */
record CodexHookConfig(Path config, String launcher, String mode, java.util.Optional<Path> workspace) {

    /** How long Codex waits for the hook; the hook gives up a little earlier, so Codex sees a block, not a timeout (which runs the command). */
    static final int TIMEOUT_SECONDS = 600;

    /** The rules file: wholly Airlock's, found again by its markers like the config's block. */
    Path rules() {
        return config.getParent().resolve("rules").resolve("airlock.rules");
    }

    /**
     * The hook's command line. Codex runs a command whose hook failed, timed out or printed nothing (its hooks fail
     * open), so anything but Airlock's JSON answer becomes exit 2 with a reason, which Codex does honour as a block.
     */
    String hookCommand() {
        var hook = new StringBuilder("timeout -k 5 ").append(TIMEOUT_SECONDS - 15).append(' ').append(ShellHook.quote(launcher))
                .append(" hook codex --airlock ").append(ShellHook.quote(launcher)).append(" --mode ").append(ShellHook.quote(mode));
        workspace.ifPresent(w -> hook.append(" --workspace ").append(ShellHook.quote(w.toString())));
        return "out=$(" + hook + ") && case \"$out\" in '{'*'}') printf '%s\\n' \"$out\" ;; *) false ;; esac"
                + " || { echo 'Airlock could not judge this command, so it did not run (see airlock doctor).' >&2; exit 2; }";
    }

    /** The hook's key in Codex's hook state: its file, event, matcher group and handler. */
    String stateKey(int group) {
        return config + ":pre_tool_use:" + group + ":0";
    }

    /**
     * The trust Codex would record for this hook after a person reviewed it: sha256 over the hook's normalized
     * identity as canonical JSON (keys sorted), {@code sha256:HEX} (Codex 0.171's {@code command_hook_hash}).
     */
    String trustedHash() {
        return trustedHash(hookCommand(), TIMEOUT_SECONDS);
    }

    /** The trust hash of a command hook on {@code Bash} with {@code timeout} seconds. */
    static String trustedHash(String command, int timeout) {
        String identity = "{\"event_name\":\"pre_tool_use\",\"hooks\":[{\"async\":false,\"command\":" + json(command)
                + ",\"timeout\":" + timeout + ",\"type\":\"command\"}],\"matcher\":\"Bash\"}";
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The config block, markers included; {@code group} is the index of its hook group among the file's PreToolUse groups. */
    String block(int group) {
        return String.join("\n", List.of(CodexConfig.BEGIN,
                "# Codex's shell tool runs each command through Airlock (airlock hook codex); trusted as written",
                "[[hooks.PreToolUse]]", "matcher = \"Bash\"", "[[hooks.PreToolUse.hooks]]", "type = \"command\"",
                "command = " + CodexConfig.quote(hookCommand()), "timeout = " + TIMEOUT_SECONDS, "",
                "[hooks.state." + CodexConfig.quote(stateKey(group)) + "]", "trusted_hash = " + CodexConfig.quote(trustedHash()),
                CodexConfig.END)) + "\n";
    }

    /**
     * The rules file: {@code airlock hook run TOKEN} (and nothing else) runs outside Codex's sandbox, so it reaches the
     * server; it runs only what the hook judged (not {@code airlock exec}, whose options a line the agent wrote could set).
     */
    String rulesFile() {
        return CodexConfig.BEGIN + "\n# the line airlock hook codex rewrites each command to: it runs in Airlock's sandbox\n"
                + "prefix_rule(pattern = [" + CodexConfig.quote(launcher) + ", \"hook\", \"run\"], decision = \"allow\")\n" + CodexConfig.END + "\n";
    }

    /** How many PreToolUse hook groups {@code rest} (the file without Airlock's block) declares before the block goes at its end. */
    static int groupsBefore(String rest) {
        if (rest.lines().map(String::strip).anyMatch(l -> (l.startsWith("PreToolUse") || l.startsWith("hooks.PreToolUse")
                || l.startsWith("hooks =") || l.startsWith("hooks=")) && l.contains("="))) {
            throw new IllegalArgumentException("it sets PreToolUse hooks in a form airlock init does not read (use [[hooks.PreToolUse]] tables)");
        }
        return (int) rest.lines().map(String::strip).filter(l -> l.startsWith("[[hooks.PreToolUse]]")).count();
    }

    /** A JSON string as serde_json writes it (the hash covers these bytes); control characters are refused. */
    private static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("the hook's command has a control character");
            }
            out.append(c == '"' ? "\\\"" : c == '\\' ? "\\\\" : String.valueOf(c));
        }
        return out.append('"').toString();
    }
}
