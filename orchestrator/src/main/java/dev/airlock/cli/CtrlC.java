package dev.airlock.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C in-process, for {@code run} and {@code exec}: the first interrupts the thread running the command, which
 * stops it, records it as interrupted with what it changed, and exits 130; a second exits at once (the sandboxes
 * still go: the shutdown hook removes them). The JVM's own handling would skip the record.
 */
final class CtrlC {

    private CtrlC() {
    }

    static void install(Thread command) {
        AtomicBoolean pressed = new AtomicBoolean();
        try {
            Signal.handle(new Signal("INT"), signal -> {
                if (pressed.compareAndSet(false, true)) {
                    command.interrupt();
                } else {
                    System.exit(ExitCodes.INTERRUPTED);
                }
            });
        } catch (IllegalArgumentException e) {
            // the JVM keeps SIGINT to itself (-Xrs): its own handling stays
        }
    }

    /** Whether the arguments name a command that runs something in a sandbox. */
    static boolean runsACommand(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (!arg.startsWith("-")) {
                return arg.equals("run") || arg.equals("exec");
            }
        }
        return false;
    }
}
