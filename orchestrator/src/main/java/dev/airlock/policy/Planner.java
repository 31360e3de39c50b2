package dev.airlock.policy;

import dev.airlock.AirlockException;
import dev.airlock.assess.Part;
import dev.airlock.assess.Reason;
import dev.airlock.assess.Tier;
import dev.airlock.profile.Catalog;
import dev.airlock.egress.HostFacts;
import dev.airlock.egress.HostNames;
import dev.airlock.profile.Mode;
import dev.airlock.profile.NetworkMode;
import dev.airlock.profile.Profile;
import dev.airlock.profile.Rule;
import dev.airlock.profile.RuleAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides how a command runs: deny rules first (they win in every mode), then the weakest profile the mode
 * reaches that covers what the command needs, then whether anyone must be asked. An escalation is
 * approved without a person only by a session grant, domains granted up front, or an auto-review rule.
 */
public final class Planner {

    private Planner() {
    }

    /**
     * The complete plan for one command: the decision, and what carrying it out needs (see {@link Plan}).
     * {@code timeout} is the caller's time limit, if it gave one: it may only shorten the profile's. A profile
     * the mode does not reach, or a domain granted up front that no one should approve, is a usage error.
     */
    public static Plan complete(PlanRequest request, Optional<Duration> timeout) {
        Mode mode = request.mode();
        Catalog catalog = request.catalog();
        if (request.requested().isPresent() && !catalog.reachable(mode).contains(catalog.profile(request.requested().get()))) {
            throw AirlockException.usage("mode " + mode.name() + " cannot use profile " + request.requested().get(),
                    "mode " + mode.name() + " may use: " + String.join(", ", catalog.reachable(mode).stream().map(Profile::name).toList()));
        }
        for (String domain : request.allowedDomains()) {
            String canonical = domain.startsWith("*.") ? "*." + HostNames.canonical(domain.substring(2)) : HostNames.canonical(domain);
            var refusal = HostFacts.of(canonical).refusal();
            if (refusal.isPresent()) {
                throw AirlockException.usage("--allow-domain " + domain + " is refused: " + refusal.get(),
                        "name the exact domain the command needs, e.g. --allow-domain registry.npmjs.org");
            }
        }
        Decision decision = plan(request);
        Profile profile = switch (decision) {
            case Decision.Run run -> run.profile();
            case Decision.Escalate escalate -> escalate.needed();
            case Decision.Refuse refuse -> catalog.profile(mode.profile());
        };
        return carry(request, decision, profile, timeout);
    }

    /**
     * The plan for running a command again in {@code stronger} after the sandbox stopped it: a person is asked
     * (nothing the first plan approved covers the new profile), for the command's parts and domains.
     */
    public static Plan retry(Plan first, Profile stronger, Optional<Duration> timeout) {
        var a = first.request().assessment();
        var request = new PlanRequest(a, first.request().mode(), first.request().catalog(), Optional.of(stronger.name()),
                first.request().allowedDomains(), first.request().granted());
        return carry(request, new Decision.Escalate(first.profile(), stronger, List.of(), a.parts(), a.domains()), stronger, timeout);
    }

    private static Plan carry(PlanRequest request, Decision decision, Profile profile, Optional<Duration> timeout) {
        var a = request.assessment();
        // a command the assessment is sure only reads needs no checkpoint; anything else may write
        boolean checkpoint = profile.workspace().writable() && (a.tier() != Tier.READ || a.opaque());
        Optional<List<String>> proxy = Optional.empty();
        if (profile.network() == NetworkMode.ALLOWLISTED) {
            List<String> entries = new ArrayList<>(profile.domains());
            entries.addAll(request.allowedDomains());
            // a destination approved before the run is approved as the person saw it, port included
            Plan.domainsOf(decision).forEach(d -> entries.add(d + ":*"));
            entries.addAll(request.granted().domains());
            proxy = Optional.of(entries);
        }
        List<Reason> flags = a.reasons().stream().filter(r -> r.tier() == Tier.DESTRUCTIVE).toList();
        Duration limit = profile.limits().timeout();
        boolean cut = timeout.isPresent() && timeout.get().compareTo(limit) > 0;
        var retry = new Plan.Retry(strongerFor(request.mode(), request.catalog(), profile, true, false),
                strongerFor(request.mode(), request.catalog(), profile, false, true));
        return new Plan(request, decision, profile, checkpoint, proxy, flags, cut ? limit : timeout.orElse(limit), cut, retry);
    }

    public static Decision plan(PlanRequest request) {
        var assessment = request.assessment();
        Mode mode = request.mode();
        Catalog catalog = request.catalog();
        List<Rule> rules = catalog.rules().stream().filter(r -> r.appliesIn(mode.name())).toList();

        for (Part part : assessment.parts()) {
            for (Rule rule : rules) {
                if (rule.action() == RuleAction.DENY && RuleMatch.matches(rule, part, assessment.domains())) {
                    return new Decision.Refuse("refused by the rule \"" + rule.id() + "\""
                            + (rule.message().isEmpty() ? "" : ": " + rule.message()),
                            "the rule is in " + rule.source() + "; only a change there allows this command",
                            Optional.of(rule.id()));
                }
            }
        }

        Profile base = catalog.profile(mode.profile());
        List<Profile> reachable = catalog.reachable(mode);
        Optional<Profile> target = request.requested().map(catalog::profile)
                .or(() -> reachable.stream().filter(p -> assessment.reasons().stream().allMatch(r -> Needs.coveredBy(r, p))).findFirst());
        if (target.isEmpty()) {
            List<String> unmet = assessment.reasons().stream().filter(r -> !Needs.coveredBy(r, reachable.getLast()))
                    .map(Planner::describe).distinct().toList();
            return new Decision.Refuse("mode " + mode.name() + " cannot give what the command needs: " + String.join("; ", unmet),
                    "mode " + mode.name() + " may use " + String.join(", ", reachable.stream().map(Profile::name).toList())
                            + "; a mode that reaches a stronger profile (e.g. --mode default) could ask for it", Optional.empty());
        }
        Profile profile = target.get();

        // what makes this profile necessary, and what the mode or an ask rule wants a person to see
        List<Reason> asked = new ArrayList<>();
        Set<Part> askedParts = new LinkedHashSet<>();
        for (Part part : assessment.parts()) {
            for (Reason r : part.reasons()) {
                boolean escalates = !profile.equals(base) && !Needs.coveredBy(r, base);
                boolean modeAsks = Needs.ask(r).map(mode.ask()::contains).orElse(false);
                if (escalates || modeAsks) {
                    add(asked, r);
                    askedParts.add(part);
                }
            }
            for (Rule rule : rules) {
                if (rule.action() == RuleAction.ASK && RuleMatch.matches(rule, part, assessment.domains())) {
                    add(asked, new Reason(part.tier(), "rule", rule.id() + (rule.message().isEmpty() ? "" : ": " + rule.message())));
                    askedParts.add(part);
                }
            }
        }
        List<Reason> flags = assessment.reasons().stream().filter(r -> r.tier() == Tier.DESTRUCTIVE).toList();
        List<String> domains = profile.network() == NetworkMode.ALLOWLISTED ? assessment.domains() : List.of();
        if (asked.isEmpty()) {
            return new Decision.Run(profile, List.of(), domains, flags);
        }

        List<String> approvals = approvedWithoutAPerson(request, profile, asked, askedParts, rules);
        if (!approvals.isEmpty()) {
            return new Decision.Run(profile, approvals, domains, flags);
        }
        return new Decision.Escalate(base, profile, asked, List.copyOf(askedParts), domains);
    }

    /** Who approves without a person, when someone does: all parts granted, all domains pre-granted, or auto-review. */
    private static List<String> approvedWithoutAPerson(PlanRequest request, Profile profile, List<Reason> asked,
                                                       Set<Part> parts, List<Rule> rules) {
        var assessment = request.assessment();
        // the only question is the network, and every destination is already granted
        boolean onlyNetwork = asked.stream().allMatch(Needs::network);
        boolean knownDomains = asked.stream().filter(Needs::network).allMatch(r -> assessment.domains().contains(r.detail()));
        if (onlyNetwork && knownDomains && !assessment.domains().isEmpty()
                && assessment.domains().stream().allMatch(d -> domainGranted(request, profile, d))) {
            return List.of("domains granted up front: " + String.join(", ", assessment.domains()));
        }
        // every part is a kind of command the person granted for the session (domains stay the proxy's to ask)
        List<Optional<String>> grants = parts.stream().map(p -> request.granted().covers(p, profile.name())).toList();
        if (!grants.isEmpty() && grants.stream().allMatch(Optional::isPresent)) {
            return grants.stream().map(g -> "session grant: " + g.get()).distinct().toList();
        }
        if (request.mode().autoReview() && asked.stream().noneMatch(r -> r.tier() == Tier.DESTRUCTIVE)) {
            List<String> byRule = new ArrayList<>();
            for (Part part : parts) {
                Optional<Rule> rule = rules.stream()
                        .filter(r -> r.action() == RuleAction.ALLOW && RuleMatch.matches(r, part, assessment.domains()))
                        .findFirst();
                if (rule.isEmpty()) {
                    return List.of();
                }
                byRule.add("auto-review rule \"" + rule.get().id() + "\"" + (rule.get().message().isEmpty() ? "" : " (" + rule.get().message() + ")"));
            }
            return byRule.stream().distinct().toList();
        }
        return List.of();
    }

    private static boolean domainGranted(PlanRequest request, Profile profile, String domain) {
        return request.allowedDomains().stream().anyMatch(p -> HostNames.matches(p, domain))
                || profile.domains().stream().anyMatch(p -> HostNames.matches(p, domain))
                || request.granted().coversDomain(domain);
    }

    private static void add(List<Reason> reasons, Reason r) {
        if (!reasons.contains(r)) {
            reasons.add(r);
        }
    }

    /**
     * The weakest profile the mode reaches, stronger than {@code current}, that gives what the sandbox denied:
     * a writable workspace, or a network. Used when a command failed because of its profile.
     */
    public static Optional<Profile> strongerFor(Mode mode, Catalog catalog, Profile current, boolean write, boolean network) {
        return catalog.reachable(mode).stream()
                .filter(p -> !write || p.workspace().writable())
                .filter(p -> !network || p.network() != NetworkMode.NONE)
                .filter(p -> !p.equals(current))
                .findFirst();
    }

    static String describe(Reason r) {
        return r.what() + " " + r.detail() + " (" + r.tier() + ")";
    }
}
