package dev.airlock.cli;

import dev.airlock.app.Console;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command of the tree, found from the tree itself so a new one is covered: help, examples, exit codes. */
class HelpTest {

    /** Help never writes state; a usage error must not either (one folder for all, checked empty). */
    static final Path state = tempDir();

    private static Path tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("airlock-help-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One invocation with captured streams; the engine is never needed. */
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Console console = new Console(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("AIRLOCK_STATE_DIR", state.toString(), "USER", "alice"), false);
        int exit = cli(console).execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CommandLine cli(Console console) {
        return new Airlock(console, () -> {
            throw new AssertionError("help and usage errors never need the engine");
        }, false, false).commandLine();
    }

    /** The path of every command below the root, e.g. [run], [session, start]. */
    static Stream<List<String>> commands() {
        var console = new Console(InputStream.nullInputStream(), System.out, System.err, Map.of(), false);
        return Help.tree(cli(console)).stream().skip(1).map(c -> {
            List<String> path = new ArrayList<>();
            for (var s = c.getCommandSpec(); s.parent() != null; s = s.parent()) {
                path.addFirst(s.name());
            }
            return path;
        });
    }

    @Test
    void theTreeHasEveryCommandIncludingNestedOnes() {
        assertThat(commands().map(p -> String.join(" ", p)).toList())
                .contains("run", "exec", "session start", "session stop", "help", "completion", "doctor", "mcp");
    }

    @ParameterizedTest(name = "airlock {0} --help")
    @MethodSource("commands")
    void everyCommandsHelpHasADescriptionOptionsExamplesAndTheExitCodes(List<String> path) {
        for (String flag : List.of("--help", "-h")) {
            var args = new ArrayList<>(path);
            args.add(flag);
            var help = run(args.toArray(String[]::new));

            assertThat(help.exit()).as(help.toString()).isZero();
            assertThat(help.err()).isEmpty();
            String name = "airlock " + String.join(" ", path);
            assertThat(help.out()).startsWith("Usage: " + name).contains("-h, --help");
            String description = help.out().lines().dropWhile(l -> l.startsWith("Usage:") || l.startsWith(" ")).findFirst().orElse("");
            assertThat(description).as("the description line of " + name).isNotBlank();
            assertThat(examples(help.out())).as("examples of " + name).filteredOn(e -> e.startsWith(name)).hasSizeBetween(
                    path.getFirst().equals("session") && path.size() == 2 && path.get(1).equals("stop") ? 1 : 2, 3);
            assertThat(help.out()).contains("\nExit codes:\n").contains("  2 ").contains("  77 ").contains("  124 ")
                    .contains("  125 ").contains("  130 ");
        }
    }

    @ParameterizedTest(name = "airlock help {0}")
    @MethodSource("commands")
    void helpCommandShowsTheSameAsDashDashHelp(List<String> path) {
        var args = new ArrayList<>(path);
        args.add("--help");
        var viaFlag = run(args.toArray(String[]::new));
        var viaHelp = run(Stream.concat(Stream.of("help"), path.stream()).toArray(String[]::new));

        assertThat(viaHelp.exit()).as(viaHelp.toString()).isZero();
        assertThat(viaHelp.out()).isEqualTo(viaFlag.out());
    }

    /** An example that no longer parses is a lie in the help: each is parsed against the real tree. */
    @ParameterizedTest(name = "examples of airlock {0} parse")
    @MethodSource("commands")
    void everyExampleParses(List<String> path) {
        var args = new ArrayList<>(path);
        args.add("--help");
        for (String example : examples(run(args.toArray(String[]::new)).out())) {
            String line = example.replaceAll("\\s+[#>].*$", "");
            List<String> words = words(line);
            var console = new Console(InputStream.nullInputStream(), System.out, System.err, Map.of(), false);
            assertThatCode(() -> cli(console).parseArgs(words.subList(1, words.size()).toArray(String[]::new)))
                    .as(example).doesNotThrowAnyException();
        }
    }

    @Test
    void theRootHelpListsHelpAndCompletion() {
        var help = run("--help");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("  help ").contains("  completion ").contains("Exit codes:");
    }

    @Test
    void completionPrintsAScriptThatKnowsTheCommandsAndTheirOptions() {
        var bash = run("completion", "bash");
        var zsh = run("completion", "zsh");

        assertThat(bash.exit()).as(bash.toString()).isZero();
        assertThat(bash.out()).contains("complete -F").contains("run").contains("--allow-domain").contains("session");
        assertThat(zsh.exit()).isZero();
        assertThat(zsh.out()).startsWith("autoload -U +X compinit").contains("bashcompinit").contains("--allow-domain");
    }

    @Test
    void completionForAnUnknownShellIsAUsageError() {
        var fish = run("completion", "fish");

        assertThat(fish.exit()).isEqualTo(2);
        assertThat(fish.err()).contains("bash and zsh");
    }

    /** The example lines of a help text: the ones under "Examples:" that run airlock. */
    static List<String> examples(String help) {
        return help.lines().dropWhile(l -> !l.equals("Examples:")).skip(1).takeWhile(l -> l.startsWith("  "))
                .map(String::strip).filter(l -> l.startsWith("airlock ") || l.equals("airlock")).toList();
    }

    /** Shell words, as far as the examples use them: spaces, and double or single quotes. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
            } else if (c == ' ') {
                if (any || !word.isEmpty()) {
                    out.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else {
                word.append(c);
            }
        }
        if (any || !word.isEmpty()) {
            out.add(word.toString());
        }
        return out;
    }
}
