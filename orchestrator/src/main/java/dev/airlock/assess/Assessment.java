package dev.airlock.assess;

import java.util.List;
import java.util.Objects;

/**
 * What a command needs, found before it runs, without running it.
 *
 * @param tier    the highest tier over all parts
 * @param reasons every reason of every part, in order
 * @param domains network destinations (host names, lower case), from URLs, git remotes, package registries
 * @param paths   workspace-relative or absolute paths it writes, deletes, reads as secrets or reaches outside the workspace
 * @param parts   the simple commands it is made of
 * @param opaque  some part hides what it will do ({@code eval}, {@code $(...)}, piping into a shell, an unknown script)
 */
public record Assessment(Tier tier, List<Reason> reasons, List<String> domains, List<String> paths, List<Part> parts,
                         boolean opaque) {

    public Assessment {
        Objects.requireNonNull(tier);
        reasons = List.copyOf(reasons);
        domains = List.copyOf(domains);
        paths = List.copyOf(paths);
        parts = List.copyOf(parts);
    }
}
