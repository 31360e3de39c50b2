package dev.airlock.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.app.Console;
import dev.airlock.approval.TerminalApprover;
import dev.airlock.app.Console;
import dev.airlock.client.ClientProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * One client's invocation in the server: its command line and environment from the hello frame, its stdin,
 * stdout and stderr as frames, its terminal on demand, and Ctrl-C (or the client vanishing) as an interrupt
 * of the thread running the command.
 */
final class ClientConnection implements AutoCloseable {

    private static final ObjectMapper JSON = dev.airlock.json.JsonMappers.TREES;
    /**
     * How much of the client's stdin may be on its way or waiting here: the client sends no more until the
     * command has read some (credit frames); a client that ignores that waits in write, as the reader stops.
     */
    static final int STDIN_WINDOW = 8 << 20;
    private static final int CREDIT_BATCH = 512 << 10;

    private final SocketChannel channel;
    // frames to the client, written in order by one thread; bounded, so a client that reads slowly slows the command
    private final Inbox outbox = new Inbox(1 << 20);
    private final Thread writer;
    private final Inbox stdin = new Inbox(STDIN_WINDOW);
    // a person types little; a client that floods it waits like one that floods stdin
    private final Inbox ttyIn = new Inbox(64 << 10);
    private int unreturned;
    private final SynchronousQueue<Boolean> ttyAnswer = new SynchronousQueue<>();
    private volatile Thread worker;
    private volatile boolean gone;

    ClientConnection(SocketChannel channel) {
        this.channel = channel;
        this.writer = Thread.ofVirtual().name("airlock-client-out").start(this::writeFrames);
    }

    /** The client's invocation: its arguments and a console over this connection. */
    record Hello(List<String> argv, Console console) {
    }

    Hello hello() throws IOException {
        ClientProtocol.Frame frame = ClientProtocol.read(channel);
        if (frame.type() != ClientProtocol.HELLO) {
            throw new IOException("expected a hello frame, got " + frame.type());
        }
        JsonNode node = JSON.readTree(frame.payload());
        List<String> argv = new ArrayList<>();
        node.path("argv").forEach(a -> argv.add(a.asText()));
        Map<String, String> env = new HashMap<>();
        node.path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        boolean stdinTty = node.path("stdinTty").asBoolean();
        // the person's terminal is the client's: the server's own stderr is a log file
        boolean stderrTty = node.path("stderrTty").asBoolean();
        Console console = new Console(new FrameInput(stdin, this::consumed), printer(ClientProtocol.STDOUT), printer(ClientProtocol.STDERR), env, stdinTty,
                stderrTty, Path.of(node.path("cwd").asText("/")), this::terminal);
        send(ClientProtocol.CREDIT, ByteBuffer.allocate(4).putInt(STDIN_WINDOW).array(), 0, 4);
        return new Hello(argv, console);
    }

    /** The command took a frame of stdin: the client may send that much more (in batches, to keep frames few). */
    private void consumed(int bytes) {
        int credit;
        synchronized (this) {
            unreturned += bytes;
            if (unreturned < CREDIT_BATCH && stdin.bytes() > 0) {
                return;
            }
            credit = unreturned;
            unreturned = 0;
        }
        if (credit > 0) {
            send(ClientProtocol.CREDIT, ByteBuffer.allocate(4).putInt(credit).array(), 0, 4);
        }
    }

    /** Reads the client's frames until it goes; runs on its own thread while {@code worker} runs the command. */
    void listen(Thread worker) {
        this.worker = worker;
        try {
            while (true) {
                ClientProtocol.Frame frame = ClientProtocol.read(channel);
                switch (frame.type()) {
                    case ClientProtocol.STDIN -> {
                        if (frame.payload().length > 0) {
                            stdin.put(frame.payload());
                        }
                    }
                    case ClientProtocol.STDIN_EOF -> stdin.end();
                    case ClientProtocol.TTY_IN -> {
                        if (frame.payload().length > 0) {
                            ttyIn.put(frame.payload());
                        }
                    }
                    case ClientProtocol.TTY_READY -> ttyAnswer.offer(true, 5, TimeUnit.SECONDS);
                    case ClientProtocol.TTY_NONE -> ttyAnswer.offer(false, 5, TimeUnit.SECONDS);
                    case ClientProtocol.CANCEL -> worker.interrupt();
                    default -> throw new IOException("unexpected frame " + frame.type());
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client is gone (or broke the protocol): what it started stops
            gone = true;
            stdin.end();
            ttyIn.end();
            worker.interrupt();
        }
    }

    void exit(int status) {
        send(ClientProtocol.EXIT, ByteBuffer.allocate(4).putInt(status).array(), 0, 4);
    }

    boolean gone() {
        return gone;
    }

    /** The person's terminal, through the client: asks the client to open it, then relays both ways. */
    private TerminalApprover.Terminal terminal() throws IOException {
        send(ClientProtocol.TTY_OPEN, new byte[0], 0, 0);
        Boolean ready;
        try {
            ready = ttyAnswer.poll(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the client's terminal");
        }
        if (!Boolean.TRUE.equals(ready)) {
            throw new IOException("the client has no terminal");
        }
        return new TerminalApprover.Terminal(new FrameInput(ttyIn, n -> { }), printer(ClientProtocol.TTY_OUT));
    }

    private PrintStream printer(byte type) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                send(type, b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
    }

    /**
     * Sends a frame (in pieces of at most 256 KiB); a client that is gone swallows it (the command is being
     * stopped anyway). Frames go out through the writer thread, which nobody interrupts: Ctrl-C interrupts
     * the command's thread, and an interrupt during a write would close the socket before the exit status.
     */
    private void send(byte type, byte[] bytes, int off, int len) {
        for (int done = 0; done < len || (len == 0 && done == 0); ) {
            if (gone) {
                return;
            }
            int n = Math.min(len - done, 256 * 1024);
            byte[] frame = ByteBuffer.allocate(5 + n).put(type).putInt(n).put(bytes, off + done, n).array();
            boolean interrupted = false;
            while (true) {
                try {
                    outbox.put(frame);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // still sent, in order; the interrupt stays for the command's thread
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            done += Math.max(n, 1);
        }
    }

    private void writeFrames() {
        try {
            for (byte[] frame; (frame = outbox.take()) != Inbox.END; ) {
                if (gone) {
                    continue; // drained, so nobody waits to put
                }
                try {
                    ByteBuffer buffer = ByteBuffer.wrap(frame);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                } catch (IOException e) {
                    gone = true;
                    Thread w = worker;
                    if (w != null) {
                        w.interrupt();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the writer send what is queued and end; waits a while for it, so the exit status goes out first. */
    @Override
    public void close() {
        outbox.end();
        try {
            writer.join(java.time.Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An input stream over frames arriving in an inbox; an empty frame is the end. */
    private static final class FrameInput extends InputStream {
        private final Inbox queue;
        private final java.util.function.IntConsumer taken;
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        FrameInput(Inbox queue, java.util.function.IntConsumer taken) {
            this.queue = queue;
            this.taken = taken;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (!ended && position >= current.length) {
                try {
                    current = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
                position = 0;
                if (current.length == 0) {
                    ended = true;
                } else {
                    taken.accept(current.length);
                }
            }
            if (ended) {
                return -1;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }
    }
}
