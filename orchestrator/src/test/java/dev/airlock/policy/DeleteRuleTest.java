package dev.airlock.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.assess.Assessment;
import dev.airlock.assess.Classifier;
import dev.airlock.assess.Settings;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.CatalogLoader;
import dev.airlock.profile.Mode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * #17, the rule the README writes down: in {@code default} mode deleting build output and caches (tools make them
 * again), files git holds unchanged (the host side says which) and overwriting files (the checkpoint before the
 * command holds them) cost no question; deleting other files,
 * a masked secret, git's own data or a path Airlock cannot name asks; deleting the workspace is refused. Writes
 * outside the workspace fail in every sandbox (read-only root): not asked about either.
 */
class DeleteRuleTest {

    static final Catalog CATALOG = new CatalogLoader().builtIn();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            rm -rf build                                   | runs |
            rm -rf node_modules                            | runs |
            rm -rf __pycache__ .pytest_cache               | runs |
            rm -rf dist coverage target                    | runs |
            rm -f '*.pyc' src/*.o                          | runs |
            rm src/main.c                                  | asks |
            rm -r docs/old                                 | asks |
            rm src/main.c                                  | runs    | src/main.c
            rm -r docs/old                                 | runs    | docs/old
            rm -rf docs/old/                               | runs    | docs/old
            git rm -f src/main.c                           | runs    | src/main.c
            rm src/main.c notes.txt                        | asks    | src/main.c
            rm src/*.c                                     | asks    | src/main.c
            rm -rf ./src/../src/main.c                     | runs    | src/main.c
            rm .env                                        | asks    | .env
            rm -rf .git                                    | asks    | .git
            rm -rf .airlock                                | asks    | .airlock
            rm -rf .                                       | refused | .
            rm -rf build/../src                            | asks |
            mv notes.txt README.md                         | runs |
            cp -f new.txt old.txt                          | runs |
            sh -c ': > notes.txt'                          | runs |
            truncate -s 0 notes.txt                        | asks |
            rm .env                                        | asks |
            rm -f config/server.pem                        | asks |
            rm -rf .git                                    | asks |
            rm -rf .git/objects                            | asks |
            rm -rf "$TARGET"                               | asks |
            rm -rf /workspace                              | refused |
            rm -rf .                                       | refused |
            rm -rf /                                       | refused |
            touch /etc/foo                                 | runs |
            cp app.conf /etc/app.conf                      | runs |
            """)
    void inDefaultModeWhatCanComeBackIsNotAskedAboutAndWhatCannotIs(String command, String expected, String restorable) {
        Mode mode = CATALOG.mode("default");
        // the third column is the host side's fact: the paths it found git holds unchanged (scope.Restorable)
        var settings = new Settings("/workspace", CATALOG.profile(mode.profile()).maskedPaths(), Settings.defaults().registries(),
                dev.airlock.session.Session.protectedPatterns(CATALOG, mode))
                .withRestorable(restorable == null ? List.of() : List.of(restorable.split(",")));
        Assessment a = new Classifier(settings).assessLine(command);
        Decision d = Planner.plan(new PlanRequest(a, mode, CATALOG, Optional.empty(), List.of(), Granted.NOTHING));

        String got = switch (d) {
            case Decision.Run r -> "runs";
            case Decision.Escalate e -> "asks";
            case Decision.Refuse f -> "refused";
        };
        assertThat(got).as(command + ": " + a.reasons()).isEqualTo(expected);
    }
}
