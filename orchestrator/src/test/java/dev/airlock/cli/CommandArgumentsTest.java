package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.app.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.ParseResult;

/**
 * #17: a command that runs a CMD reads Airlock's options only up to the CMD, so the CMD's own flags that share a
 * name with Airlock's ({@code --json}, {@code --profile}, {@code -h}) reach it, with or without {@code --}.
 */
class CommandArgumentsTest {

    @ParameterizedTest(name = "airlock {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            run curl --json '{}' https://api.example.test     | | curl --json {} https://api.example.test
            run --mode default ls -la                         | --mode | ls -la
            run --json curl -v --profile p https://x.test     | --json | curl -v --profile p https://x.test
            run git -h                                        | | git -h
            run -- curl --json x                              | | curl --json x
            exec --session s-0123456789 grep -rn --json x .   | --session | grep -rn --json x .
            exec --session s-0123456789 npm --help            | --session | npm --help
            assess curl --json x https://x.test               | | curl --json x https://x.test
            assess --json rm -rf build                        | --json | rm -rf build
            shell bash --norc -h                              | | bash --norc -h
            """)
    void theCommandsOwnFlagsAreTheCommands(String args, String airlocksOwn, String command) {
        ParseResult parsed = HelpTest.cli(new Console(InputStream.nullInputStream(), new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(OutputStream.nullOutputStream()), Map.of("USER", "alice"), false))
                .parseArgs(HelpTest.words(args.strip()).toArray(String[]::new));
        ParseResult sub = parsed.subcommand();

        assertThat(sub.matchedPositionals()).hasSize(1);
        List<String> cmd = sub.matchedPositionals().getFirst().getValue();
        assertThat(String.join(" ", cmd)).isEqualTo(command);
        List<String> matched = sub.matchedOptions().stream().map(o -> o.longestName()).toList();
        assertThat(matched).as("Airlock's own options").isEqualTo(airlocksOwn == null ? List.of() : List.of(airlocksOwn));
        assertThat(sub.isUsageHelpRequested()).isFalse();
    }
}
