package dev.airlock.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CaptureTest {

    @Test
    void shortOutputIsKeptWhole() {
        Capture c = new Capture(8, 8);
        c.write("héllo wörld!".getBytes(StandardCharsets.UTF_8), 0, "héllo wörld!".getBytes(StandardCharsets.UTF_8).length);
        assertThat(c.text()).isEqualTo("héllo wörld!");
        assertThat(c.cut()).isFalse();
    }

    @Test
    void longOutputKeepsItsStartAndEndAndSaysHowMuchIsLeftOut() {
        Capture c = new Capture(4, 4);
        for (char ch = 'a'; ch <= 'z'; ch++) {
            c.write(ch);
        }
        assertThat(c.total()).isEqualTo(26);
        assertThat(c.cut()).isTrue();
        assertThat(c.text()).isEqualTo("abcd\n[... 18 bytes not shown ...]\nwxyz");
    }

    @Test
    void oneLargeWriteFillsTheTailWithItsLastBytes() {
        Capture c = new Capture(2, 3);
        byte[] bytes = "0123456789".getBytes(StandardCharsets.US_ASCII);
        c.write(bytes, 0, bytes.length);
        assertThat(c.text()).isEqualTo("01\n[... 5 bytes not shown ...]\n789");
    }
}
