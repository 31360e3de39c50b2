package dev.airlock.approval;

import dev.airlock.text.Clean;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code --approver terminal}: asks the person at the controlling terminal ({@code /dev/tty}, not stdin,
 * which may be a pipe feeding the command). One prompt at a time; {@code y} yes once, {@code s} yes for the
 * session, {@code n} no, {@code e} explain. No terminal passes the request on; no answer in time denies.
 * While it asks, the command's output is held back ({@link HeldOutput}) and the prompt is drawn whole, last.
 */
public final class TerminalApprover implements Approver {

    /** The streams of a terminal: what the person types, and where the prompt goes. */
    public record Terminal(InputStream in, PrintStream out) {
        public Terminal {
            Objects.requireNonNull(in);
            Objects.requireNonNull(out);
        }
    }

    /** Opens the terminal; throws when there is none. */
    @FunctionalInterface
    public interface Opener {
        Terminal open() throws IOException;
    }

    private static final int MAX_TRIES = 10;
    private static final Object EOF = new Object();

    private final Opener opener;
    private final String person;
    private final boolean discardTypeAhead;
    private final HeldOutput floor;
    private final boolean resetScreen;
    private final ReentrantLock prompting = new ReentrantLock();
    private final LinkedBlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private Terminal terminal;

    /**
     * @param person           who answers, for the record ({@code alice})
     * @param discardTypeAhead drop lines typed before a prompt was shown, so nothing typed earlier answers it
     */
    public TerminalApprover(Opener opener, String person, boolean discardTypeAhead) {
        this(opener, person, discardTypeAhead, new HeldOutput(), false);
    }

    /**
     * @param floor       the output that waits while a question is open (the console's stdout and stderr)
     * @param resetScreen the terminal is a real one: before each prompt, undo what a command's output may have
     *                    set (colours, hidden text, character set, scrolling region) and start at its last line
     */
    public TerminalApprover(Opener opener, String person, boolean discardTypeAhead, HeldOutput floor, boolean resetScreen) {
        this.opener = Objects.requireNonNull(opener);
        this.person = Objects.requireNonNull(person);
        this.discardTypeAhead = discardTypeAhead;
        this.floor = Objects.requireNonNull(floor);
        this.resetScreen = resetScreen;
    }

    /** The process's controlling terminal. */
    public static TerminalApprover controllingTerminal(String person) {
        return new TerminalApprover(() -> {
            FileInputStream in = new FileInputStream("/dev/tty");
            try {
                return new Terminal(in, new PrintStream(new FileOutputStream("/dev/tty"), true, StandardCharsets.UTF_8));
            } catch (IOException e) {
                in.close();
                throw e;
            }
        }, person, true, new HeldOutput(), true);
    }

    @Override
    public boolean person() {
        return true;
    }

    @Override
    public String name() {
        return "terminal";
    }

    @Override
    public Answer answer(ApprovalRequest request, Instant deadline) {
        Duration timeout = Duration.between(Instant.now(), deadline);
        try {
            if (!prompting.tryLock(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                return new Answer.Denied("no answer within " + Texts.duration(timeout)
                        + " (the terminal was busy with another approval)", name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.Denied("interrupted while waiting for the terminal", name());
        }
        try {
            Terminal tty;
            try {
                tty = open();
            } catch (IOException e) {
                return new Answer.Passed(name(), "no terminal to ask on (/dev/tty: " + e.getMessage() + ")");
            }
            var question = floor.open(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()));
            if (question.isEmpty()) {
                return new Answer.Denied("the command's output kept the terminal busy until the deadline", name());
            }
            // the prompt owns the terminal until it is answered: the command's output waits (HeldOutput)
            try (HeldOutput.Question _ = question.get()) {
                return ask(tty.out(), request, deadline, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.Denied("interrupted while waiting for an answer on the terminal", name());
        } finally {
            prompting.unlock();
        }
    }

    private Answer ask(PrintStream out, ApprovalRequest request, Instant deadline, Duration timeout)
            throws InterruptedException {
        if (discardTypeAhead) {
            lines.removeIf(line -> line != EOF);
        }
        out.print((resetScreen ? TerminalText.RESET : "") + TerminalText.prompt(request));
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            Duration left = Duration.between(Instant.now(), deadline);
            long waiting = floor.held();
            if (waiting > 0) {
                out.println("airlock: the command's output (" + waiting + " bytes so far) waits until you answer.");
            }
            out.print(TerminalText.question(request, left));
            out.flush();
            Object line = left.isNegative() ? null : lines.poll(left.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                out.println();
                out.println("airlock: no answer within " + Texts.duration(timeout) + "; denied.");
                return new Answer.Denied("no answer within " + Texts.duration(timeout) + " on the terminal", name());
            }
            if (line == EOF) {
                lines.add(EOF);
                out.println();
                return new Answer.Denied("the terminal closed (end of input) before an answer", name());
            }
            switch (((String) line).strip().toLowerCase(Locale.ROOT)) {
                case "y", "yes" -> {
                    out.println("airlock: approved once.");
                    return new Answer.Approved(Scope.ONCE, by());
                }
                case "s", "session" -> {
                    if (!request.offersSession()) {
                        out.println("airlock: this request cannot be approved for the session (its command is"
                                + " destructive or opaque); answer y to approve it once, or n.");
                        continue;
                    }
                    out.println("airlock: approved for this session: " + Clean.line(Texts.sessionCovers(request)) + ".");
                    return new Answer.Approved(Scope.SESSION, by());
                }
                case "n", "no" -> {
                    out.println("airlock: denied.");
                    return new Answer.Denied("denied on the terminal by " + person, by());
                }
                case "e", "explain" -> out.print(TerminalText.explain(request));
                default -> out.println("airlock: please answer y (yes, once), "
                        + (request.offersSession() ? "s (yes, for this session), " : "")
                        + "n (no) or e (explain).");
            }
        }
        out.println("airlock: no valid answer after " + MAX_TRIES + " tries; denied.");
        return new Answer.Denied("no valid answer on the terminal after " + MAX_TRIES + " tries", name());
    }

    private String by() {
        return "terminal (" + person + ")";
    }

    /** Opens the terminal once and starts the one thread that reads it for the life of this approver. */
    private Terminal open() throws IOException {
        if (terminal == null) {
            Terminal opened = opener.open();
            // a blocked read on a terminal cannot be interrupted, so one reader outlives any single prompt
            Thread.ofPlatform().daemon().name("airlock-terminal").start(() -> read(opened.in()));
            terminal = opened;
        }
        return terminal;
    }

    private void read(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            // an unreadable terminal is a closed one: the prompt denies
        }
        lines.add(EOF);
    }
}
