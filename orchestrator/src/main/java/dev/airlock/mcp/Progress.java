package dev.airlock.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Streams a running command's output lines to the client as progress notifications, from a thread of its own
 * so a slow client never slows the command: lines are batched (at most one notification per {@code interval}),
 * at most {@code QUEUE} lines wait (the rest are counted and said to be left out), and a quiet command sends
 * "still running" every {@code heartbeat}, which also keeps clients that time out on silence waiting.
 */
final class Progress implements AutoCloseable {

    /** Where notifications go; {@code progress} grows with each one, as MCP requires. */
    interface Sink {
        void send(double progress, String message) throws Exception;
    }

    static final Progress NONE = new Progress();

    private static final int QUEUE = 2_000;
    private static final int BATCH = 50;
    private static final int MESSAGE = 4_000;
    private static final String END = new String("end");

    private final Sink sink;
    private final Duration interval;
    private final Duration heartbeat;
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Thread pump;
    private final long started = System.nanoTime();
    private long dropped;
    private boolean broken;
    private double sent;

    private Progress() {
        this.sink = null;
        this.interval = Duration.ZERO;
        this.heartbeat = Duration.ZERO;
        this.pump = null;
    }

    private Progress(Sink sink, Duration interval, Duration heartbeat) {
        this.sink = sink;
        this.interval = interval;
        this.heartbeat = heartbeat;
        this.pump = Thread.ofVirtual().name("airlock-mcp-progress").start(this::pump);
    }

    static Progress start(Sink sink, Duration interval, Duration heartbeat) {
        return new Progress(sink, interval, heartbeat);
    }

    /** A line of output (or a note such as "waiting for approval"); never blocks. */
    void line(String text) {
        if (pump == null) {
            return;
        }
        synchronized (this) {
            if (queue.size() >= QUEUE) {
                dropped++;
                return;
            }
        }
        queue.add(text);
    }

    boolean active() {
        return pump != null;
    }

    private void pump() {
        while (true) {
            String first;
            try {
                first = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == END) {
                return;
            }
            if (first == null) {
                send("still running (" + Text.duration(Duration.ofNanos(System.nanoTime() - started)) + ")");
                continue;
            }
            List<String> batch = new ArrayList<>(List.of(first));
            queue.drainTo(batch, BATCH - 1);
            boolean end = batch.remove(END);
            long lost;
            synchronized (this) {
                lost = dropped;
                dropped = 0;
            }
            String text = (lost > 0 ? "[" + lost + " lines not shown]\n" : "") + String.join("\n", batch);
            send(text.length() <= MESSAGE ? text : text.substring(0, MESSAGE) + " [...]");
            if (end) {
                return;
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void send(String message) {
        if (broken) {
            return;
        }
        try {
            sink.send(++sent, message);
        } catch (Exception e) {
            broken = true; // the client went away; the command's result still counts
        }
    }

    /** Sends what is left, then stops (waiting a little for the last notification). */
    @Override
    public void close() {
        if (pump == null) {
            return;
        }
        queue.add(END);
        try {
            if (!pump.join(Duration.ofSeconds(2))) {
                pump.interrupt();
            }
        } catch (InterruptedException e) {
            pump.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
