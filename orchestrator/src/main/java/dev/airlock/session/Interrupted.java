package dev.airlock.session;

import dev.airlock.AirlockException;

/**
 * A command its caller stopped before it ended (Ctrl-C, a cancelled tool call): recorded in the audit log like
 * any command, with what it changed up to then, which {@link #result()} carries for the caller to show.
 */
public final class Interrupted extends AirlockException {

    private final transient RunResult result;

    Interrupted(RunResult result) {
        super(Kind.CANCELLED, result.commandId() + " was interrupted and stopped before it ended; it changed "
                + result.changes().size() + " file(s) up to then", result.changes().size() == 0 ? ""
                : "airlock diff --session " + result.session() + " shows them; airlock rollback --session " + result.session()
                        + result.checkpoint().map(c -> " --to " + c).orElse("") + " undoes them");
        this.result = result;
    }

    /** What became of the command, up to the moment it was stopped. */
    public RunResult result() {
        return result;
    }
}
