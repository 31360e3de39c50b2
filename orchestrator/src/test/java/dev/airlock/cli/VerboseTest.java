package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * #17: Airlock's own {@code --verbose}/{@code -v} is read where Airlock's options are, and nowhere else: a
 * command that runs a CMD reads its options only up to it (or up to {@code --}), so the command's own {@code -v}
 * stays the command's and does not turn Airlock's debug logging on. Arguments that do not parse (a missing
 * required option, an unknown one) are not verbose: the usage error that follows says what is wrong.
 */
class VerboseTest {

    @ParameterizedTest(name = "airlock {0} -> verbose {1}")
    @CsvSource(delimiter = '|', textBlock = """
            run curl -v http://127.0.0.1/                 | false
            run curl --verbose http://127.0.0.1/          | false
            run -- curl -v http://127.0.0.1/              | false
            run -- -v                                     | false
            run --profile read-only ls -v                 | false
            run -v -- ls                                  | true
            run --verbose ls                              | true
            run --profile read-only -v ls                 | true
            -v run ls -la                                 | true
            --verbose run -- ls                           | true
            exec --session s1 grep -v foo file            | false
            exec --session s1 -v -- ls                    | true
            assess -- rsync -v a b                        | false
            assess rsync -v a b                           | false
            assess -v rsync a b                           | true
            shell bash -v                                 | false
            shell -v                                      | true
            log --session s1 -v                           | true
            log -v                                        | false
            gc --verbose                                  | true
            log --session s1                              | false
            run --no-such-option -v ls                    | false
            """)
    void verboseIsAirlocksOnlyBeforeTheCommandsOwnWords(String args, boolean verbose) {
        assertThat(Main.verbose(args.trim().split(" +"))).isEqualTo(verbose);
    }
}
