package dev.airlock.mcp;

import dev.airlock.app.AgentSessions;
import dev.airlock.approval.Approver;
import dev.airlock.profile.Catalog;
import dev.airlock.session.RunResult;
import dev.airlock.session.SessionId;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What {@code airlock mcp} was started with.
 *
 * @param sessions      opens the connection's session and continues it in another mode
 * @param catalog       profiles, modes and rules (to judge commands and mode changes)
 * @param allowedModes  modes {@code set_mode} may switch to beyond narrower ones ({@code --allow-mode})
 * @param beforeClient  approvers asked before the client ({@code --approver command:./review,elicit,queue})
 * @param fallback      the approver given at start, asked when the client cannot ask its user
 * @param fallbackSpec  how it was named ({@code deny}, {@code queue}, ...), for the messages to the model
 * @param approvalTimeout how long an approval may take; no answer is a no
 * @param resultJson    the JSON form of a run's result shared with {@code airlock run --json}
 * @param notices       where the server says what it does (stderr; stdout is the protocol)
 * @param newSession    the session was started for this connection, so it ends with it
 * @param version       Airlock's version, told to the client
 */
public record Setup(AgentSessions sessions, Catalog catalog, Set<String> allowedModes,
                    java.util.Optional<Approver> beforeClient, Approver fallback,
                    String fallbackSpec, Duration approvalTimeout, Function<RunResult, Map<String, Object>> resultJson,
                    Consumer<String> notices, boolean newSession, String version) {

    public Setup {
        Objects.requireNonNull(sessions);
        Objects.requireNonNull(catalog);
        allowedModes = Set.copyOf(allowedModes);
        Objects.requireNonNull(beforeClient);
        Objects.requireNonNull(fallback);
        Objects.requireNonNull(fallbackSpec);
        Objects.requireNonNull(approvalTimeout);
        Objects.requireNonNull(resultJson);
        Objects.requireNonNull(notices);
        Objects.requireNonNull(version);
    }
}
