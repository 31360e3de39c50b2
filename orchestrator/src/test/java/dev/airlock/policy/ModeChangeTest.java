package dev.airlock.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.profile.Catalog;
import dev.airlock.profile.CatalogLoader;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModeChangeTest {

    static final Catalog CATALOG = new CatalogLoader().load(CatalogLoader.Sources.builtInOnly());

    @ParameterizedTest(name = "{0} -> {1}: narrower {2}")
    @CsvSource(textBlock = """
            default,     read-only,   true
            auto-review, default,     true
            full-access, default,     true
            full-access, read-only,   true
            default,     default,     true
            read-only,   default,     false
            default,     auto-review, false
            default,     full-access, false
            read-only,   full-access, false
            """)
    void aModeIsNarrowerWhenItGivesNoMore(String from, String to, boolean narrower) {
        assertThat(ModeChange.narrower(CATALOG.mode(to), CATALOG.mode(from), CATALOG)).isEqualTo(narrower);
    }

    @ParameterizedTest(name = "{0} -> {1} with --allow-mode {2}: {3}")
    @CsvSource(textBlock = """
            read-only,  default,     default,     allowed
            read-only,  full-access, default,     refused
            default,    read-only,   '',          allowed
            read-only,  default,     '',          refused
            default,    no-such,     no-such,     refused
            """)
    void wideningNeedsTheUsersLeave(String from, String to, String allowed, String expected) {
        ModeChange change = ModeChange.judge(CATALOG.mode(from), to, allowed.isEmpty() ? Set.of() : Set.of(allowed), CATALOG);

        assertThat(change instanceof ModeChange.Allowed ? "allowed" : "refused").isEqualTo(expected);
        if (change instanceof ModeChange.Refused r && !to.equals("no-such")) {
            assertThat(r.hint()).contains("--allow-mode " + to);
        }
    }
}
