package dev.airlock.session;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What is remembered of a session between Airlock processes ({@code sessions/<id>/session.json}).
 *
 * @param branch the git branch the session works on, when it made one ({@code airlock/<id>})
 */
public record SessionInfo(SessionId id, Path workspace, String mode, Instant created, Optional<String> branch) {

    public SessionInfo {
        Objects.requireNonNull(id);
        Objects.requireNonNull(workspace);
        Objects.requireNonNull(mode);
        Objects.requireNonNull(created);
        Objects.requireNonNull(branch);
    }
}
