/**
 * The audit log and the end-of-task report. {@link dev.airlock.audit.AuditLog} appends one JSON line per
 * {@link dev.airlock.audit.AuditEvent} and reads a log back, skipping damaged lines with a warning;
 * {@link dev.airlock.audit.Report} turns one session's events into what a person reads before accepting the
 * work. Events hold plain data only, so this package depends on nothing of Airlock but {@code AirlockException}.
 */
package dev.airlock.audit;
