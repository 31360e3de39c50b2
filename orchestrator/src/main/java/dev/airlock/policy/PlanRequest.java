package dev.airlock.policy;

import dev.airlock.assess.Assessment;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.Mode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the planner decides from.
 *
 * @param assessment       what the command needs
 * @param mode             the session's mode
 * @param catalog          profiles and rules
 * @param requested        a profile the caller asked for by name (it must be one the mode reaches)
 * @param allowedDomains   domains granted up front for this run ({@code --allow-domain})
 * @param granted          the session's grants
 */
public record PlanRequest(Assessment assessment, Mode mode, Catalog catalog, Optional<String> requested,
                          List<String> allowedDomains, Granted granted) {

    public PlanRequest {
        Objects.requireNonNull(assessment);
        Objects.requireNonNull(mode);
        Objects.requireNonNull(catalog);
        Objects.requireNonNull(requested);
        allowedDomains = List.copyOf(allowedDomains);
        Objects.requireNonNull(granted);
    }
}
