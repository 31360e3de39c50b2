package dev.airlock.agents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The commands a hook rewrote, each behind a one-time token: the client runs {@code airlock hook run TOKEN}, and
 * only what the hook judged runs, in the session it chose, through the queue. A client that must let the line out
 * of its own sandbox (Codex's execpolicy) is thereby told to let out exactly {@code airlock hook run}, which takes no
 * option a command could use (another approver, a host program as approver, another session's grants): a line the
 * agent wrote itself names no token the hook minted, and runs nothing.
 */
public final class HookLines {

    /** The line runs as soon as the client has the hook's answer: minutes are plenty. */
    static final Duration LIFETIME = Duration.ofMinutes(10);

    /** What one token stands for. */
    public record Line(String session, List<String> argv, Optional<String> why) {
    }

    private final OneTimeTokens tokens;

    public HookLines(Path state) {
        this.tokens = new OneTimeTokens(state.resolve("agents").resolve("hook-lines"), LIFETIME);
    }

    public String mint(Line line, Instant now) {
        ObjectNode doc = JsonEdits.JSON.createObjectNode();
        doc.put("session", line.session());
        line.argv().forEach(doc.putArray("argv")::add);
        line.why().ifPresent(w -> doc.put("why", w));
        return tokens.mint(doc, now);
    }

    /** The line a token stands for, once, while it is fresh. */
    public Optional<Line> take(String token, Instant now) {
        return tokens.take(token, now).map(doc -> {
            List<String> argv = new ArrayList<>();
            doc.path("argv").forEach(a -> argv.add(a.asText()));
            return new Line(doc.path("session").asText(), List.copyOf(argv),
                    Optional.ofNullable(doc.get("why")).map(w -> w.asText()));
        });
    }
}
