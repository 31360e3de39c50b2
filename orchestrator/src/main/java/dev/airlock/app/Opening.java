package dev.airlock.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a face asks for its session: the one {@code session} names, or a new one on {@code workspace} in
 * {@code mode} (the default mode when none is given).
 *
 * @param workspaceGiven whether the caller named the workspace (with a session, it must then be the session's)
 * @param branch         a new git branch for the session even when the mode would not make one
 * @param approver       who answers escalations ({@code Approvers} syntax); empty: terminal if there is one, else deny
 */
public record Opening(Optional<String> session, Optional<String> mode, Path workspace, boolean workspaceGiven,
                      boolean branch, boolean allowBroadWorkspace, Optional<String> approver, Duration approvalTimeout) {

    public Opening {
        Objects.requireNonNull(session);
        Objects.requireNonNull(mode);
        Objects.requireNonNull(workspace);
        Objects.requireNonNull(approver);
        Objects.requireNonNull(approvalTimeout);
    }

    /** The mode a new session starts in: the one asked for, else {@value Application#DEFAULT_MODE}. */
    public String modeOrDefault() {
        return mode.orElse(Application.DEFAULT_MODE);
    }
}
