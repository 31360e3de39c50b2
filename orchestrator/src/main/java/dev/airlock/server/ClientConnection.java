package dev.airlock.server;

import dev.airlock.app.Console;
import dev.airlock.approval.TerminalApprover;
import dev.airlock.client.ClientProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * One client's invocation in the server: its command line and environment from the hello frame, its stdin,
 * stdout and stderr as frames, its terminal on demand, and Ctrl-C (or the client vanishing) as an interrupt
 * of the thread running the command.
 */
final class ClientConnection implements AutoCloseable {

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

    /**
     * Reads and checks the hello; a hello the protocol does not allow is a {@link HelloFrame.ProtocolError}
     * (see {@link #refuse}). An {@link IOException} means the client went away before saying anything.
     */
    Hello hello() throws IOException, HelloFrame.ProtocolError {
        ClientProtocol.Frame frame;
        try {
            frame = ClientProtocol.read(channel);
        } catch (java.io.EOFException gone) {
            throw gone;
        } catch (IOException e) {
            throw new HelloFrame.ProtocolError("the first frame cannot be read: " + e.getMessage());
        }
        if (frame.type() != ClientProtocol.HELLO) {
            throw new HelloFrame.ProtocolError("the first frame is of type " + frame.type() + ", not a hello");
        }
        HelloFrame hello = HelloFrame.parse(frame.payload());
        // the person's terminal is the client's: the server's own stderr is a log file
        Console console = new Console(new FrameInput(stdin, this::consumed), printer(ClientProtocol.STDOUT), printer(ClientProtocol.STDERR),
                new HashMap<>(hello.env()), hello.stdinTty(), hello.stderrTty(), hello.cwd(), this::terminal);
        send(ClientProtocol.CREDIT, ByteBuffer.allocate(4).putInt(STDIN_WINDOW).array(), 0, 4);
        return new Hello(hello.argv(), console);
    }

    /** Answers a client whose hello broke the protocol: what was wrong on its stderr, and exit 125; nothing ran. */
    void refuse(HelloFrame.ProtocolError error) {
        byte[] text = ("airlock: the Airlock server refused the client's request: " + error.getMessage()
                + "\n  what to do: use the airlock client of the same version as the server (airlock doctor), or run"
                + " with AIRLOCK_NO_SERVER=1\n").getBytes(StandardCharsets.UTF_8);
        send(ClientProtocol.STDERR, text, 0, text.length);
        exit(dev.airlock.AirlockException.Kind.FAILURE.exitCode());
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
