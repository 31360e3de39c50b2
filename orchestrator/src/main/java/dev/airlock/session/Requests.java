package dev.airlock.session;

import dev.airlock.AirlockException;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.Mode;
import dev.airlock.profile.Profile;

/**
 * The checks of a command's own arguments that need the catalog: the profile it names and the domains it allows
 * up front. Run before a session is made for it, so a typo creates nothing, and again per command.
 */
public final class Requests {

    private Requests() {
    }

    /** Refuses, as a usage error that says what to type, a request no run in {@code mode} could honour. */
    public static void check(Catalog catalog, Mode mode, CommandRequest request) {
        if (request.profile().isPresent()) {
            String names = String.join(", ", catalog.reachable(mode).stream().map(Profile::name).toList());
            if (!catalog.profiles().containsKey(request.profile().get())) {
                throw AirlockException.usage("no profile named '" + request.profile().get() + "'",
                        "mode " + mode.name() + " may use --profile " + names + " (airlock profiles lists every profile)");
            }
            if (!catalog.reachable(mode).contains(catalog.profile(request.profile().get()))) {
                throw AirlockException.usage("mode " + mode.name() + " cannot use profile " + request.profile().get(),
                        "mode " + mode.name() + " may use: " + names);
            }
        }
        for (String domain : request.allowDomains()) {
            String canonical = domain.startsWith("*.") ? "*." + dev.airlock.egress.HostNames.canonical(domain.substring(2))
                    : dev.airlock.egress.HostNames.canonical(domain);
            var refusal = dev.airlock.egress.HostFacts.of(canonical).refusal();
            if (refusal.isPresent()) {
                throw AirlockException.usage("--allow-domain " + domain + " is refused: " + refusal.get(),
                        "name the exact domain the command needs, e.g. --allow-domain registry.npmjs.org");
            }
        }
    }
}
