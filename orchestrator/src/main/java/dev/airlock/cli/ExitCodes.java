package dev.airlock.cli;

import dev.airlock.AirlockException.Kind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one table of the CLI's exit codes: what scripts may rely on. Every {@code --help} ends with it and the
 * README repeats it; {@link Kind} maps each failure to its code, this class names them for the CLI.
 */
final class ExitCodes {

    /** The command ran and succeeded, or an Airlock command did what it was asked. */
    static final int OK = 0;
    /** {@code assess} only: the command would make Airlock ask a person first. */
    static final int WOULD_ASK = 1;
    static final int USAGE = Kind.USAGE.exitCode();
    static final int DENIED = Kind.DENIED.exitCode();
    static final int TIMEOUT = Kind.TIMEOUT.exitCode();
    static final int FAILURE = Kind.FAILURE.exitCode();
    static final int INTERRUPTED = Kind.CANCELLED.exitCode();

    private ExitCodes() {
    }

    /** The table as help shows it: code, then meaning, in the order a reader looks them up. */
    static Map<String, String> table() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("0..", "run/exec: the command's own exit status (it ran); other commands: 0 done");
        t.put(String.valueOf(WOULD_ASK), "assess: the command would ask a person first (0: runs as it is)");
        t.put(String.valueOf(USAGE), "bad usage or configuration: an option, a value, a profile, the workspace or .airlock/ (stderr says what to type)");
        t.put(String.valueOf(DENIED), "an escalation was denied or not answered, or assess: the mode refuses it (stderr says how to allow it)");
        t.put(String.valueOf(TIMEOUT), "a time limit was hit and the command was stopped");
        t.put(String.valueOf(FAILURE), "Airlock or the engine failed (stderr says why and what to do; airlock doctor checks)");
        t.put(String.valueOf(INTERRUPTED), "interrupted (Ctrl-C): the command was stopped and recorded as interrupted");
        return t;
    }
}
