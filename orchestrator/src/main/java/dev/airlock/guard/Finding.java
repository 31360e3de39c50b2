package dev.airlock.guard;

import java.util.Objects;

/**
 * Something a command left in the workspace that a host program would have run or followed, and what was
 * done about it.
 *
 * @param path   workspace-relative
 * @param what   what it is, for people ({@code core.fsmonitor names a program}); never the file's content
 * @param undone what Airlock did: {@code removed} or {@code restored}; {@code left} when undoing failed
 */
public record Finding(String path, String what, String undone) {

    public Finding {
        Objects.requireNonNull(path);
        Objects.requireNonNull(what);
        Objects.requireNonNull(undone);
    }

    public String describe() {
        return path + ": " + what + " (" + undone + ")";
    }
}
