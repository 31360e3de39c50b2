package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The exit-code table is one: the README lists every code help lists, and no other. */
class ExitCodesTest {

    @Test
    void theReadmeTableHasEveryCodeOfTheHelpTable() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("### Exit codes"));
        section = section.substring(0, section.indexOf("\n#", 5));
        var readmeCodes = section.lines().filter(l -> l.startsWith("| `")).map(l -> l.substring(3, l.indexOf('`', 3))).toList();
        var helpCodes = ExitCodes.table().keySet().stream().filter(k -> k.matches("\\d+")).toList();

        assertThat(readmeCodes).containsExactlyElementsOf(helpCodes);
    }
}
