package dev.airlock.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits the client's byte stream into lines ({@code \n}, with an optional {@code \r} before it), keeping at most
 * {@code max} bytes of a line: a longer one is skipped to its end and reported as too long, so a client that
 * never ends a line cannot make the server hold it all. Bytes that are not UTF-8 become U+FFFD.
 */
final class Lines {

    /** One line: its text, or {@code tooLong} when it was skipped. */
    record Line(String text, boolean tooLong) {
    }

    private final InputStream in;
    private final int max;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;

    Lines(InputStream in, int max) {
        this.in = in;
        this.max = max;
    }

    /** The next line, or {@code null} at the end of input. */
    Line next() throws IOException {
        var line = new ByteArrayOutputStream();
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit < 0) {
                    limit = 0;
                    return any ? finish(line, tooLong) : null;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            if (!tooLong && line.size() + length > max) {
                tooLong = true;
                line.reset();
            }
            if (!tooLong) {
                line.write(buffer, start, length);
            }
            if (position < limit) {
                position++; // the newline
                return finish(line, tooLong);
            }
        }
    }

    private static Line finish(ByteArrayOutputStream line, boolean tooLong) {
        if (tooLong) {
            return new Line("", true);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return new Line(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text, false);
    }
}
