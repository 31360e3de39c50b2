package dev.airlock.cli;

import dev.airlock.AirlockException;
import dev.airlock.agents.HookLines;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code airlock hook run TOKEN}: the line a hook rewrote a command to. It runs exactly what the hook judged, once,
 * as {@code airlock exec --session S --approver queue} would, and takes nothing else, so a client may let this one
 * line out of its own sandbox without letting out Airlock's options.
 */
@Command(footerHeading = "%nExamples:%n",
        footer = {"  airlock hook run 3f1c...e9   # the token in the line airlock hook codex wrote",
            "  airlock hook run 3f1c...e9   # again: refused, nothing runs (exit 2)"},
        name = "run", description = "Run the command a hook rewrote, by the one-time token the hook put in its line "
        + "(in the hook's session, through the approval queue).")
final class HookRun implements Callable<Integer> {

    private final Airlock airlock;

    @Parameters(index = "0", paramLabel = "TOKEN", description = "The token in the line the hook wrote.")
    String token;

    HookRun(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        var line = new HookLines(airlock.state().root()).take(token, java.time.Instant.now()).orElseThrow(() ->
                AirlockException.usage("this hook line was run already, is too old, or was not written by airlock hook; nothing ran",
                        "run the command again from the agent: its hook writes a new line"));
        List<String> args = new ArrayList<>(List.of("exec", "--session", line.session(), "--approver", "queue"));
        line.why().ifPresent(w -> args.addAll(List.of("--why", w)));
        args.add("--");
        args.addAll(line.argv());
        return airlock.commandLine(java.util.Optional.of("exec")).execute(args.toArray(String[]::new));
    }
}
