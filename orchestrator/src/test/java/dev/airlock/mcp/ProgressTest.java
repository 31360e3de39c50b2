package dev.airlock.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void linesArriveInOrderWithGrowingProgressAndCloseSendsTheRest() throws java.io.IOException {
        List<Double> progress = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        Progress p = Progress.start((n, m) -> {
            synchronized (messages) {
                progress.add(n);
                messages.add(m);
            }
        }, Duration.ofMillis(1), Duration.ofHours(1));
        var tap = new OutputTap(new Capture(1024, 1024), p, "");
        for (int i = 0; i < 300; i++) {
            tap.write(("line " + i + "\n").getBytes());
        }
        tap.write("no newline".getBytes());
        tap.close();
        p.close();

        synchronized (messages) {
            assertThat(String.join("\n", messages).lines().toList()).hasSize(301).startsWith("line 0", "line 1").endsWith("no newline");
            assertThat(progress).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aClientThatFailsStopsTheNotificationsButNotTheCommand() {
        List<String> sent = new ArrayList<>();
        Progress p = Progress.start((n, m) -> {
            sent.add(m);
            throw new IllegalStateException("gone");
        }, Duration.ofMillis(1), Duration.ofHours(1));
        p.line("a");
        p.close();
        p.line("b");

        assertThat(sent).containsExactly("a");
    }
}
