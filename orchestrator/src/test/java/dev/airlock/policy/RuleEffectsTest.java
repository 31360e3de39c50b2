package dev.airlock.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.assess.Classifier;
import dev.airlock.assess.Settings;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.CatalogLoader;
import dev.airlock.profile.ProfileException;
import dev.airlock.profile.Rule;
import dev.airlock.profile.RuleAction;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Rules meet what a command does, whatever its spelling: the assessment's effects, not the words as typed. */
class RuleEffectsTest {

    static final Catalog CATALOG = new CatalogLoader().builtIn();
    static final Classifier CLASSIFIER = new Classifier(Settings.defaults());

    static Decision plan(String mode, String line) {
        return Planner.plan(new PlanRequest(CLASSIFIER.assessLine(line), CATALOG.mode(mode), CATALOG, Optional.empty(),
                List.of(), Granted.NOTHING));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rm -rf /", "rm -fr /", "rm -r -f /", "rm -rf -- /", "rm -R --force /", "rm -rf //",
        "rm -rf /./", "rm -rf /workspace/..", "find / -delete", "sudo rm -rf /", "env rm -fr /", "rm -rf /*",
        "rm -rf /workspace", "rm -fr -- /workspace/", "rm -rf .", "rm -rf ./*", "cd / && rm -rf workspace",
        "find . -delete", "true && rm -r -f -- /"})
    void deletingEverythingIsRefusedInEveryModeHoweverItIsSpelled(String line) {
        for (String mode : CATALOG.modes().keySet()) {
            Decision d = plan(mode, line);
            assertThat(d).as(mode + ": " + line).isInstanceOf(Decision.Refuse.class);
            assertThat(((Decision.Refuse) d).rule().orElseThrow()).as(line).isIn("no-delete-everything", "no-delete-workspace");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rm -rf build", "rm -rf ./dist/", "rm -rf *.log", "cd build && rm -rf *",
        "rm -rf /tmp/cache", "rm -rf node_modules"})
    void deletingPartOfTheWorkspaceMeetsNoDenyRule(String line) {
        assertThat(plan("full-access", line)).as(line).isInstanceOf(Decision.Run.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"git push --force", "git push -f origin main", "git push origin +main",
        "git -C repo push --force-with-lease", "git push --mirror"})
    void everyForcePushSpellingIsAskedAbout(String line) {
        Decision d = plan("auto-review", line);
        assertThat(d).as(line).isInstanceOf(Decision.Escalate.class);
        assertThat(Planner.plan(new PlanRequest(CLASSIFIER.assessLine(line), CATALOG.mode("full-access"), CATALOG,
                Optional.empty(), List.of(), Granted.NOTHING))).as("full-access still asks: " + line)
                .isInstanceOf(Decision.Escalate.class);
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
        "/,                /workspace, true",
        "/workspace,       /workspace, true",
        "/*,               /workspace, true",
        "/w*,              /workspace, true",
        "/x*,              /workspace, false",
        "/workspace/*,     /workspace, true",
        "/workspace/**,    /workspace, true",
        "/workspace/*.log, /workspace, false",
        "/workspace/build, /workspace, false",
        "/tmp,             /,          false",
        "/,                /,          true",
    })
    void aDeletedPathCoversTheTargetWhenItTakesItAll(String deleted, String target, boolean covers) {
        assertThat(RuleMatch.covers(deleted, target)).isEqualTo(covers);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({".,/workspace", "build/,/workspace/build", "/workspace/..,/", "//,/", "/./,/", "../x,/x", "*,/workspace/*"})
    void theAssessmentsPathsAreReadAsSandboxPaths(String detail, String path) {
        assertThat(RuleMatch.sandboxPath(detail)).isEqualTo(path);
    }

    @Test
    void theBuiltInRulesPassTheirOwnExamples() {
        RuleExamples.check(CATALOG, () -> CLASSIFIER);
        assertThat(CATALOG.rules()).filteredOn(r -> r.action() == RuleAction.DENY)
                .allSatisfy(r -> assertThat(r.examples().match()).as(r.id()).isNotEmpty());
    }

    @Test
    void aRuleThatMissesItsOwnExampleDoesNotLoadAndSaysWhere() {
        Rule narrow = new Rule("no-rm-root", RuleAction.DENY, List.of("rm", "-rf", "/"), Optional.empty(), List.of(),
                List.of(), List.of(), List.of(), "no", new Rule.Examples(List.of("rm -rf /", "rm -fr /"), List.of()),
                "/home/u/.config/airlock/rules.json");

        assertThatThrownBy(() -> RuleExamples.check(narrow, CLASSIFIER)).isInstanceOf(ProfileException.class)
                .hasMessageContaining("/home/u/.config/airlock/rules.json").hasMessageContaining("no-rm-root")
                .hasMessageContaining("examples.match[1]").hasMessageContaining("rm -fr /");
    }

    @Test
    void aRuleThatMatchesWhatItSaysItMustNotDoesNotLoad() {
        Rule wide = new Rule("no-rm", RuleAction.DENY, List.of(), Optional.empty(), List.of(), List.of("deletes"),
                List.of(), List.of(), "no", new Rule.Examples(List.of("rm -rf /"), List.of("rm -rf build")), "rules.json");

        assertThatThrownBy(() -> RuleExamples.check(wide, CLASSIFIER)).isInstanceOf(ProfileException.class)
                .hasMessageContaining("examples.noMatch[0]").hasMessageContaining("rm -rf build");
    }
}
