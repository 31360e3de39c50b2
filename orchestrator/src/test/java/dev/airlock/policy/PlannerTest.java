package dev.airlock.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.assess.Assessment;
import dev.airlock.assess.Part;
import dev.airlock.assess.Reason;
import dev.airlock.assess.Tier;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.CatalogLoader;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlannerTest {

    static final Catalog CATALOG = new CatalogLoader().builtIn();

    static final Reason WRITES = new Reason(Tier.WRITE, "writes", "src/App.java");
    static final Reason DELETES = new Reason(Tier.DESTRUCTIVE, "deletes", "build/");
    static final Reason NPM = new Reason(Tier.NETWORK, "network", "registry.npmjs.org");
    static final Reason GITHUB = new Reason(Tier.NETWORK, "network", "github.com");
    static final Reason OUTSIDE = new Reason(Tier.DESTRUCTIVE, "outside-workspace", "/etc/hosts");
    static final Reason RUNS = new Reason(Tier.EXECUTE, "executes", "./build.sh");

    static Part part(String command, Reason... reasons) {
        List<String> argv = List.of(command.split(" "));
        Tier tier = Arrays.stream(reasons).map(Reason::tier).reduce(Tier.READ, Tier::max);
        return new Part(argv, argv.subList(0, Math.min(2, argv.size())), tier, List.of(reasons));
    }

    static Assessment assessment(Part... parts) {
        List<Reason> reasons = Arrays.stream(parts).flatMap(p -> p.reasons().stream()).toList();
        List<String> domains = reasons.stream().filter(r -> r.tier() == Tier.NETWORK).map(Reason::detail).distinct().toList();
        Tier tier = reasons.stream().map(Reason::tier).reduce(Tier.READ, Tier::max);
        return new Assessment(tier, reasons, domains, List.of(), List.of(parts), false);
    }

    static Decision plan(String mode, Assessment a) {
        return plan(mode, a, List.of(), Granted.NOTHING);
    }

    static Decision plan(String mode, Assessment a, List<String> allowed, Granted granted) {
        return Planner.plan(new PlanRequest(a, CATALOG.mode(mode), CATALOG, Optional.empty(), allowed, granted));
    }

    static String summary(Decision d) {
        return switch (d) {
            case Decision.Run r -> "run " + r.profile().name();
            case Decision.Escalate e -> "ask " + e.needed().name();
            case Decision.Refuse f -> "refuse";
        };
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource({
        // mode,       command kind, expected
        "read-only,    read,         run read-only",
        "read-only,    write,        ask workspace-write",
        "read-only,    network,      ask network-allowlisted",
        "read-only,    destructive,  ask workspace-write",
        "read-only,    execute,      run read-only",
        "default,      read,         run workspace-write",
        "default,      write,        run workspace-write",
        "default,      execute,      run workspace-write",
        "default,      network,      ask network-allowlisted",
        "default,      destructive,  ask workspace-write",
        "default,      outside,      ask workspace-write",
        "auto-review,  write,        run workspace-write",
        "auto-review,  network,      run network-allowlisted",
        "auto-review,  other-host,   ask network-allowlisted",
        "auto-review,  destructive,  ask workspace-write",
        "full-access,  destructive,  run full-access",
        "full-access,  network,      run full-access",
    })
    void eachModeAsksForWhatItShould(String mode, String kind, String expected) {
        assertThat(summary(plan(mode, ofKind(kind)))).isEqualTo(expected);
    }

    /** A command of each kind the tables name. */
    static Assessment ofKind(String kind) {
        return switch (kind) {
            case "read" -> assessment(part("ls -la"));
            case "write" -> assessment(part("touch src/App.java", WRITES));
            case "execute" -> assessment(part("./build.sh", RUNS));
            case "network" -> assessment(part("npm install", NPM));
            case "other-host" -> assessment(part("git clone https://github.com/x/y", GITHUB));
            case "destructive" -> assessment(part("rm -rf build", DELETES));
            case "outside" -> assessment(part("cp x /etc/hosts", OUTSIDE));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @Test
    void anEscalationSaysWhatItNeedsAndWhichPartsNeedIt() {
        var d = (Decision.Escalate) plan("default", assessment(part("ls"), part("npm install", NPM)));

        assertThat(d.current().name()).isEqualTo("workspace-write");
        assertThat(d.needed().name()).isEqualTo("network-allowlisted");
        assertThat(d.reasons()).containsExactly(NPM);
        assertThat(d.parts()).extracting(Part::argv).containsExactly(List.of("npm", "install"));
        assertThat(d.domains()).containsExactly("registry.npmjs.org");
    }

    @Test
    void aDenyRuleWinsInEveryModeAndNamesItself() {
        Assessment a = assessment(part("rm -rf /", new Reason(Tier.DESTRUCTIVE, "deletes", "/")));
        for (String mode : CATALOG.modes().keySet()) {
            var d = plan(mode, a);
            assertThat(d).as(mode).isInstanceOf(Decision.Refuse.class);
            assertThat(((Decision.Refuse) d).message()).contains("no-delete-everything");
            assertThat(((Decision.Refuse) d).rule()).contains("no-delete-everything");
        }
    }

    @Test
    void domainsGrantedUpFrontNeedNoOne() {
        var d = plan("default", assessment(part("npm install", NPM)), List.of("*.npmjs.org"), Granted.NOTHING);

        assertThat(d).isInstanceOf(Decision.Run.class);
        assertThat(((Decision.Run) d).approvedBy()).containsExactly("domains granted up front: registry.npmjs.org");
        assertThat(((Decision.Run) d).profile().name()).isEqualTo("network-allowlisted");
    }

    @Test
    void aSessionGrantForTheKindOfCommandCoversALaterOne() {
        Granted gitPush = new Granted() {
            @Override
            public Optional<String> covers(Part part, String profile) {
                return part.prefix().equals(List.of("git", "push")) ? Optional.of("git push (network-allowlisted)") : Optional.empty();
            }

            @Override
            public boolean coversDomain(String domain) {
                return false;
            }
        };

        var covered = plan("default", assessment(part("git push origin main", GITHUB)), List.of(), gitPush);
        var notCovered = plan("default", assessment(part("git push origin main", GITHUB), part("curl https://github.com", GITHUB)), List.of(), gitPush);

        assertThat(summary(covered)).isEqualTo("run network-allowlisted");
        assertThat(summary(notCovered)).isEqualTo("ask network-allowlisted");
    }

    @Test
    void autoReviewNeverApprovesADestructiveCommand() {
        var d = plan("auto-review", assessment(part("npm install", NPM), part("rm -rf node_modules", DELETES)));

        assertThat(summary(d)).isEqualTo("ask network-allowlisted");
    }

    @Test
    void fullAccessAsksNothingButFlagsDestructiveCommands() {
        var d = (Decision.Run) plan("full-access", assessment(part("rm -rf build", DELETES)));

        assertThat(d.flags()).containsExactly(DELETES);
    }

    @Test
    void anAskRuleAsksEvenWhenTheProfileCoversIt() {
        var d = plan("default", assessment(part("git push --force origin main", new Reason(Tier.NETWORK, "network", "github.com"),
                        new Reason(Tier.DESTRUCTIVE, "rewrites-history", "git push --force can overwrite the remote's history"))),
                List.of("github.com"), Granted.NOTHING);

        assertThat(summary(d)).isEqualTo("ask network-allowlisted");
        assertThat(((Decision.Escalate) d).reasons()).anyMatch(r -> r.what().equals("rule") && r.detail().startsWith("no-force-push"));
    }

    @Test
    void aModeThatCannotReachWhatIsNeededRefusesWithWhat() {
        var d = Planner.plan(new PlanRequest(assessment(part("npm install", NPM)),
                new dev.airlock.profile.Mode("locked", "", "read-only", List.of(), List.of(), false), CATALOG,
                Optional.empty(), List.of(), Granted.NOTHING));

        assertThat(d).isInstanceOf(Decision.Refuse.class);
        assertThat(((Decision.Refuse) d).message()).contains("mode locked cannot give what the command needs: network registry.npmjs.org");
    }
}
