package dev.airlock.audit;

import java.util.List;

/**
 * What reading an audit log gave: the events of every good line, in order, and one warning per line skipped.
 *
 * @param events   the events read
 * @param warnings lines skipped and why, e.g. {@code line 7 skipped: cut short, ...}
 */
public record LogContents(List<AuditEvent> events, List<String> warnings) {

    public LogContents {
        events = List.copyOf(events);
        warnings = List.copyOf(warnings);
    }
}
