package dev.airlock.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinesTest {

    static List<Lines.Line> read(String input, int max) throws IOException {
        Lines lines = new Lines(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), max);
        List<Lines.Line> out = new ArrayList<>();
        for (Lines.Line l = lines.next(); l != null; l = lines.next()) {
            out.add(l);
        }
        return out;
    }

    @Test
    void splitsOnNewlinesWithOrWithoutCarriageReturnAndKeepsALastUnterminatedLine() throws IOException {
        assertThat(read("a\r\nbb\n\nccc", 100)).containsExactly(new Lines.Line("a", false), new Lines.Line("bb", false),
                new Lines.Line("", false), new Lines.Line("ccc", false));
    }

    @Test
    void aLineOverTheLimitIsSkippedToItsEndAndTheNextOneIsRead() throws IOException {
        String huge = "x".repeat(100_000);
        assertThat(read("ok\n" + huge + "\nnext\n", 1000)).containsExactly(new Lines.Line("ok", false),
                new Lines.Line("", true), new Lines.Line("next", false));
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() throws IOException {
        Lines lines = new Lines(new ByteArrayInputStream(new byte[] {'a', (byte) 0xff, 'b', '\n'}), 100);
        assertThat(lines.next().text()).isEqualTo("a\uFFFDb");
    }
}
