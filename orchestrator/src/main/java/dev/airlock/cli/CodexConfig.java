package dev.airlock.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a Codex {@code config.toml} that {@code airlock init codex} owns, each between marker lines: at the
 * top, root keys that close Codex's own ways around Airlock (its shell tool off, its sandbox read-only; a key
 * the file sets already is left alone, and said so), and at the end the {@code [mcp_servers.airlock]} table.
 * Nothing outside the markers is touched. Pure text in, text out, so {@code --dry-run} shows exactly what is written.
 *
 * @param launcher  the {@code airlock} program Codex starts
 * @param args      its arguments ({@code mcp --workspace DIR --mode M --approver elicit,queue})
 * @param env       variables Codex does not pass to MCP servers but Airlock needs (the state folder, the engine)
 */
record CodexConfig(String launcher, List<String> args, Map<String, String> env) {

    static final String BEGIN = "# >>> airlock: written by `airlock init codex`; `airlock init codex --undo` removes it";
    static final String END = "# <<< airlock";
    static final String ROOT_BEGIN = "# >>> airlock settings: written by `airlock init codex`; `--undo` removes them";
    static final String ROOT_END = "# <<< airlock settings";
    /** Root keys and why: Codex's own shell would run outside Airlock, and its own file edits too. */
    static final java.util.SequencedMap<String, String> ROOT_KEYS = new java.util.LinkedHashMap<>();

    static {
        ROOT_KEYS.put("features.shell_tool", "false");
        ROOT_KEYS.put("sandbox_mode", "\"read-only\"");
    }

    CodexConfig {
        args = List.copyOf(args);
        env = Map.copyOf(new java.util.TreeMap<>(env));
    }

    /** The block, markers included. */
    String block() {
        List<String> lines = new ArrayList<>();
        lines.add(BEGIN);
        lines.add("[mcp_servers.airlock]");
        lines.add("command = " + quote(launcher));
        lines.add("args = [" + String.join(", ", args.stream().map(CodexConfig::quote).toList()) + "]");
        if (!env.isEmpty()) {
            lines.add("env = { " + String.join(", ", new java.util.TreeMap<>(env).entrySet().stream()
                    .map(e -> e.getKey() + " = " + quote(e.getValue())).toList()) + " }");
        }
        // Airlock asks the person itself (in Codex's own form, or through the queue): Codex asking too would
        // refuse every call in codex exec ("requires approval, but approval policy is never")
        lines.add("default_tools_approval_mode = \"approve\"");
        // the first turn gets Airlock's tools: Codex waits for the server instead of starting without it
        lines.add("required = true");
        lines.add("startup_timeout_sec = 120");
        lines.add("tool_timeout_sec = 900");
        lines.add(END);
        return String.join("\n", lines) + "\n";
    }

    /** The root keys {@code existing} (without Airlock's blocks) does not set itself. */
    static List<String> rootKeysFor(String existing) {
        return rootKeysFor(existing, ROOT_KEYS);
    }

    static List<String> rootKeysFor(String existing, java.util.SequencedMap<String, String> keys) {
        String rest = without(existing).orElse(existing);
        return keys.keySet().stream().filter(k -> !sets(rest, k)).toList();
    }

    /** Whether the file sets {@code key} (or, for {@code a.b}, has a table {@code [a]} or keys {@code a.}). */
    static boolean sets(String text, String key) {
        int dot = key.indexOf('.');
        String table = dot < 0 ? "" : key.substring(0, dot);
        return text.lines().map(String::strip).anyMatch(l -> dot < 0
                ? l.matches("\\Q" + key + "\\E\\s*=.*")
                : l.startsWith("[" + table + "]") || l.startsWith("[" + table + ".") || l.startsWith(table + "."));
    }

    /** What {@link #applyTo} adds to {@code existing}: the root keys it does not set itself, and the block (what --dry-run shows). */
    String added(String existing) {
        return rootSection(existing) + block();
    }

    private static String rootSection(String existing) {
        return rootSection(existing, ROOT_KEYS);
    }

    static String rootSection(String existing, java.util.SequencedMap<String, String> all) {
        List<String> keys = rootKeysFor(existing, all);
        StringBuilder out = new StringBuilder();
        if (!keys.isEmpty()) {
            out.append(ROOT_BEGIN).append('\n');
            keys.forEach(k -> out.append(k).append(" = ").append(all.get(k)).append('\n'));
            out.append(ROOT_END).append('\n');
        }
        return out.toString();
    }

    /** {@code existing} (empty: no file yet) with Airlock's blocks in place of any earlier ones. */
    String applyTo(String existing) {
        return applyTo(existing, ROOT_KEYS, block());
    }

    /** {@code existing} with the root keys it does not set and {@code block} in place of any earlier Airlock blocks. */
    static String applyTo(String existing, java.util.SequencedMap<String, String> keys, String block) {
        String rest = without(existing).orElse(existing);
        StringBuilder out = new StringBuilder(rootSection(rest, keys));
        if (!rest.isEmpty()) {
            out.append(rest).append(rest.endsWith("\n") ? "" : "\n").append('\n');
        }
        return out.append(block).toString();
    }

    /** {@code existing} without Airlock's blocks, or empty when it has none. */
    static Optional<String> without(String existing) {
        Optional<String> noRoot = cut(existing, ROOT_BEGIN, ROOT_END);
        Optional<String> none = cut(noRoot.orElse(existing), BEGIN, END);
        return none.isPresent() ? none : noRoot;
    }

    private static Optional<String> cut(String existing, String open, String close) {
        int begin = existing.indexOf(open);
        if (begin < 0) {
            return Optional.empty();
        }
        int end = existing.indexOf(close, begin);
        if (end < 0) {
            throw new IllegalArgumentException("an Airlock block has no end marker (" + close + ")");
        }
        int after = end + close.length();
        if (after < existing.length() && existing.charAt(after) == '\n') {
            after++;
        }
        String before = existing.substring(0, begin);
        // the blank line applyTo put before the block goes with it
        if (before.endsWith("\n\n")) {
            before = before.substring(0, before.length() - 1);
        }
        return Optional.of(before + existing.substring(after));
    }

    /** Whether the file names an airlock MCP server outside the block (written by hand): both would clash. */
    static boolean definesAirlockOutside(String existing) {
        String rest = without(existing).orElse(existing);
        return rest.lines().map(String::strip).anyMatch(l -> l.startsWith("[mcp_servers.airlock]")
                || l.startsWith("[mcp_servers.\"airlock\"]") || l.startsWith("[mcp_servers.airlock."));
    }

    /** A TOML basic string. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
