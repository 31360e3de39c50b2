package dev.airlock.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A session's append-only audit log: JSON Lines, one {@link AuditEvent} per line. Each line goes out in one
 * {@code write} on a file opened with {@code O_APPEND}, so threads and processes appending at once never
 * interleave within a line; a line left cut by a crash is closed off before the next one is written.
 */
public final class AuditLog implements AutoCloseable {

    /** How far a line is pushed before {@link #append} returns. */
    public enum Durability {
        /** Into the operating system: survives Airlock being killed, not the machine losing power. */
        WRITTEN,
        /** Onto the disk ({@code fdatasync}): survives a power loss too. */
        SYNCED
    }

    private static final ObjectWriter WRITER = dev.airlock.json.JsonMappers.LINES.writerFor(AuditEvent.class);

    private final Path file;
    private final Durability durability;
    // plain streams, not FileChannels: a channel closes for good when the thread using it is interrupted (a
    // cancelled command, a client that went away), and a warm session's log would be lost for every later command
    private final FileOutputStream appender;
    private final RandomAccessFile reader;
    private final ReentrantLock lock = new ReentrantLock();

    private AuditLog(Path file, Durability durability, FileOutputStream appender, RandomAccessFile reader) {
        this.file = file;
        this.durability = durability;
        this.appender = appender;
        this.reader = reader;
    }

    /** Opens (creating it and its folders) the log at {@code file}, syncing every line to disk. */
    public static AuditLog open(Path file) {
        return open(file, Durability.SYNCED);
    }

    public static AuditLog open(Path file, Durability durability) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileOutputStream appender = new FileOutputStream(file.toFile(), true);
            RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r");
            return new AuditLog(file, durability, appender, reader);
        } catch (IOException e) {
            throw AirlockException.failure("cannot open the audit log " + file + ": " + e,
                    "set AIRLOCK_STATE_DIR to a folder you can write, on a disk with free space");
        }
    }

    /** One event as the line the log holds for it (without the newline). */
    public static String line(AuditEvent event) {
        try {
            return WRITER.writeValueAsString(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write an audit event", e);
        }
    }

    public Path file() {
        return file;
    }

    /** Appends one event as one line; returns once it is {@link Durability written or synced}. */
    public void append(AuditEvent event) {
        byte[] json;
        try {
            json = WRITER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit event cannot be written as JSON: " + event, e);
        }
        lock.lock();
        try {
            boolean closeCutLine = endsCut();
            ByteBuffer line = ByteBuffer.allocate(json.length + (closeCutLine ? 2 : 1));
            if (closeCutLine) {
                line.put((byte) '\n');
            }
            line.put(json).put((byte) '\n').flip();
            appender.write(line.array(), 0, line.limit());
        } catch (IOException e) {
            throw failure(e);
        } finally {
            lock.unlock();
        }
        if (durability == Durability.SYNCED) {
            try {
                // outside the lock: one fdatasync covers every line written before it, so threads share them
                appender.getFD().sync();
            } catch (IOException e) {
                throw failure(e);
            }
        }
    }

    @Override
    public void close() {
        try (appender; reader) {
            // closing both, the first error reported
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * Reads a log. A line cut short (no newline at the end of the file) or not a valid event (invalid JSON,
     * unknown type, missing fields) is skipped and named in a warning; every other line is read.
     */
    public static LogContents read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw AirlockException.usage("there is no audit log at " + file, "check the session id (airlock session list)");
        } catch (IOException e) {
            throw AirlockException.failure("cannot read the audit log " + file + ": " + e, "check its permissions");
        }
        List<AuditEvent> events = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int start = 0;
        int number = 0;
        while (start < bytes.length) {
            number++;
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            if (end == bytes.length) {
                warnings.add("line " + number + " skipped: cut short, with no newline at the end of the log"
                        + " (Airlock stopped while writing it, or is writing it now)");
            } else if (!blank(bytes, start, end)) {
                try {
                    events.add(dev.airlock.json.JsonMappers.LINES.readValue(bytes, start, end - start, AuditEvent.class));
                } catch (IOException | RuntimeException e) {
                    warnings.add("line " + number + " skipped: not a valid audit event (" + firstLine(e) + ")");
                }
            }
            start = end + 1;
        }
        return new LogContents(events, warnings);
    }

    /** Whether the file's last byte is not a newline: a line some writer never finished. */
    private boolean endsCut() throws IOException {
        long size = reader.length();
        if (size == 0) {
            return false;
        }
        reader.seek(size - 1);
        int last = reader.read();
        return last != -1 && last != '\n';
    }

    private AirlockException failure(IOException e) {
        return new AirlockException(AirlockException.Kind.FAILURE, "cannot write the audit log " + file + ": " + e,
                "check the disk has free space and " + file.getParent() + " is writable", e);
    }

    private static boolean blank(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!Character.isWhitespace(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }
}
