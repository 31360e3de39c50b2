package dev.airlock.assess;

import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tables of assessment cases, one per line: {@code TIER :: expectations :: command}. Expectations are separated
 * by {@code ;}:
 * <ul>
 *   <li>{@code what:detail} a reason with exactly that kind and detail; {@code what~text} one whose detail contains text;
 *       {@code what} one of that kind; {@code !what} none of that kind</li>
 *   <li>{@code domain=host}, {@code domains=} (none), {@code path=p}, {@code !path=p}, {@code paths=} (none)</li>
 *   <li>{@code prefix=git push} a part with that prefix, {@code opaque}, {@code !opaque}</li>
 * </ul>
 */
final class Expect {

    static final Classifier CLASSIFIER = new Classifier(Settings.defaults());

    private Expect() {
    }

    static Stream<Arguments> table(String rows) {
        List<Arguments> out = new ArrayList<>();
        for (String row : rows.split("\n")) {
            if (row.isBlank() || row.strip().startsWith("#")) {
                continue;
            }
            String[] cols = row.split(" :: ", 3);
            if (cols.length != 3) {
                throw new IllegalArgumentException("bad row: " + row);
            }
            out.add(Arguments.of(cols[2].strip().replace("\\n", "\n"), Tier.valueOf(cols[0].strip()), cols[1].strip()));
        }
        return out.stream();
    }

    static Assessment line(String line, Tier tier, String expectations) {
        Assessment a = CLASSIFIER.assessLine(line);
        check(a, line, tier, expectations);
        return a;
    }

    static void check(Assessment a, String command, Tier tier, String expectations) {
        String shown = command + "\n" + AssessmentText.text(a) + "domains=" + a.domains() + " paths=" + a.paths()
                + " parts=" + a.parts().stream().map(p -> p.prefix().toString()).collect(Collectors.joining(","));
        assertThat(a.tier()).as(shown).isEqualTo(tier);
        for (String e : expectations.split(";")) {
            String x = e.strip();
            if (x.isEmpty() || x.equals("-")) {
                continue;
            }
            boolean not = x.startsWith("!");
            String y = not ? x.substring(1) : x;
            boolean holds;
            if (y.equals("opaque")) {
                holds = a.opaque();
            } else if (y.startsWith("domain=")) {
                holds = a.domains().contains(y.substring(7));
            } else if (y.equals("domains=")) {
                holds = a.domains().isEmpty();
            } else if (y.startsWith("path=")) {
                holds = a.paths().contains(y.substring(5));
            } else if (y.equals("paths=")) {
                holds = a.paths().isEmpty();
            } else if (y.startsWith("prefix=")) {
                List<String> p = y.length() == 7 ? List.of() : List.of(y.substring(7).split(" "));
                holds = a.parts().stream().anyMatch(part -> part.prefix().equals(p));
            } else if (y.contains(":") && (!y.contains("~") || y.indexOf(':') < y.indexOf('~'))) {
                String what = y.substring(0, y.indexOf(':'));
                String detail = y.substring(y.indexOf(':') + 1);
                holds = a.reasons().stream().anyMatch(r -> r.what().equals(what) && r.detail().equals(detail));
            } else if (y.contains("~")) {
                String what = y.substring(0, y.indexOf('~'));
                String part = y.substring(y.indexOf('~') + 1);
                holds = a.reasons().stream().anyMatch(r -> r.what().equals(what) && r.detail().contains(part));
            } else {
                holds = a.reasons().stream().anyMatch(r -> r.what().equals(y));
            }
            assertThat(holds).as("expected " + x + " for " + shown).isEqualTo(!not);
        }
    }
}
