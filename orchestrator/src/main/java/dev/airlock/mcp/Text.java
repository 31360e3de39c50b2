package dev.airlock.mcp;

import java.time.Duration;

/** How values read in messages to the model and to the person answering. */
final class Text {

    private Text() {
    }

    /** {@code 450ms}, {@code 45s}, {@code 3m12s}, {@code 2h05m}. */
    static String duration(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return ms < 10_000 ? String.format("%.1fs", ms / 1000.0) : s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : String.format("%02ds", s % 60));
        }
        return s / 3600 + "h" + String.format("%02dm", (s % 3600) / 60);
    }

    /** Text cut to {@code max} characters, saying how much was left out. */
    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "\n[... " + (text.length() - max) + " more characters not shown]";
    }
}
