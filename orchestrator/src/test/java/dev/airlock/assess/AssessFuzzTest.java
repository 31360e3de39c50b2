package dev.airlock.assess;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the shell lexer, parser and assessment ({@code scripts/fuzz}); without
 * {@code JAZZER_FUZZ} each method runs over its seed corpus in {@code AssessFuzzTestInputs/} like any unit test.
 * The assessment must never fail inside (it would turn the failure into an opaque EXECUTE, which hides the bug),
 * and what it cannot read it must never rate below EXECUTE.
 */
class AssessFuzzTest {

    private static final Classifier CLASSIFIER = new Classifier(Settings.defaults());

    @FuzzTest(maxDuration = "15s")
    void shellLine(FuzzedDataProvider data) {
        String line = data.consumeRemainingAsString();
        check(CLASSIFIER.assessLine(line), line);
    }

    @FuzzTest(maxDuration = "15s")
    void argv(FuzzedDataProvider data) {
        List<String> argv = new ArrayList<>();
        int n = data.consumeInt(0, 8);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            argv.add(data.consumeString(200));
        }
        check(CLASSIFIER.assess(argv), argv.toString());
    }

    static void check(Assessment a, String input) {
        assertThat(a.tier()).as(input).isNotNull();
        assertThat(a.reasons()).as(input).noneSatisfy(r -> assertThat(r.detail()).contains("Airlock could not assess it"));
        if (a.reasons().stream().anyMatch(r -> r.what().equals("opaque"))) {
            assertThat(a.tier()).as(input).isGreaterThanOrEqualTo(Tier.EXECUTE);
        }
        assertThat(a.parts()).as(input).hasSizeLessThanOrEqualTo(Walker.MAX_PARTS + 1);
    }
}
