package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A usage error is two lines, what is wrong and what to type, exit 2, with nothing of Java in them. */
class UsageErrorsTest {

    @ParameterizedTest(name = "airlock {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            run --timeout forever -- ls                     | '--timeout': 'forever' is not a duration    | airlock run --help
            run --approval-timeout 0 -- ls                  | '0' is not a duration                      | airlock run --help
            run --bogus -- ls                               | unknown option --bogus for airlock run     | airlock run --help
            run --jsn -- ls                                 | unknown option --jsn                       | did you mean --json?
            run                                             | airlock run needs the command to run       | airlock run [OPTIONS] -- CMD [ARGS...]
            frobnicate                                      | frobnicate is not a command of airlock     | airlock help lists them
            sesion list                                     | sesion is not a command of airlock         | did you mean session
            session strat                                   | strat is not a command of airlock session  | airlock session --help
            diff                                            | Missing required option: '--session=ID'    | airlock diff --help
            help nope                                       | airlock has no command nope                | airlock help lists them
            """)
    void aUsageErrorSaysWhatIsWrongAndWhatToTypeInTwoLines(String args, String what, String next) {
        var result = HelpTest.run(HelpTest.words(args.strip()).toArray(String[]::new));

        assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines().toList()).as(result.err()).hasSize(2);
        assertThat(result.err()).contains(what).contains(next)
                .doesNotContain("Exception").doesNotContain("dev.airlock").doesNotContain("Usage:");
    }
}
