package dev.airlock.approval;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A small program for {@link TerminalPtyIT}: asks one approval on the controlling terminal, prints the answer,
 * then prints what came on stdin, to show the prompt read the terminal and left the piped stdin alone.
 */
public final class TerminalProbe {

    private TerminalProbe() {
    }

    public static void main(String[] args) throws Exception {
        Answer answer = TerminalApprover.controllingTerminal("probe").answer(Requests.push(), Instant.now().plusSeconds(60));
        System.out.println("ANSWER " + answer);
        System.out.println("STDIN " + new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip());
        System.exit(0);
    }
}
