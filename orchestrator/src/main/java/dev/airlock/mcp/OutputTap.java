package dev.airlock.mcp;

import dev.airlock.text.Clean;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One output stream of a command, as the MCP server takes it: kept for the result ({@link Capture}) and, when
 * the client asked for progress, cut into lines for {@link Progress}. Lines longer than {@code LINE} bytes are
 * shortened; control characters are made visible.
 */
final class OutputTap extends OutputStream {

    private static final int LINE = 1_000;

    private final Capture capture;
    private final Progress progress;
    private final String prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean overlong;

    OutputTap(Capture capture, Progress progress, String prefix) {
        this.capture = capture;
        this.progress = progress;
        this.prefix = prefix;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        capture.write(b, off, len);
        if (!progress.active()) {
            return;
        }
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                emit();
            } else if (line.size() < LINE) {
                line.write(b[i]);
            } else {
                overlong = true;
            }
        }
    }

    /** Sends a last line that did not end with a newline. */
    @Override
    public synchronized void close() {
        if (line.size() > 0 || overlong) {
            emit();
        }
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        progress.line(prefix + Clean.line(text) + (overlong ? " [...]" : ""));
        line.reset();
        overlong = false;
    }
}
