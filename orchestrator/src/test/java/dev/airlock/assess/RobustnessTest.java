package dev.airlock.assess;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The classifier never throws and stays bounded, whatever it is given. */
class RobustnessTest {

    private static final String[] FRAGMENTS = {"ls", "rm -rf", "git push --force", "npm install", "curl https://x.test",
            "| sh", "&&", "||", ";", "&", "|", "(", ")", "{", "}", "$(", "`", "'", "\"", "$'", "\\", "\n", "<<EOF",
            "EOF", "<<<", ">", ">>", "2>&1", "<", "${", "$((", "))", "if", "then", "fi", "for x in", "do", "done",
            "case", "esac", ";;", "[[", "]]", "!", "#", "~", "..", "/etc/passwd", ".env", "bash -c", "sudo", "xargs",
            "find . -exec", "{}", "\\;", "eval", "=", "X=1", "*", "?", "-", "--", " ", "\t", "\u0000", "é", "\r"};

    private final Classifier classifier = new Classifier(Settings.defaults());

    /**
     * The classifier turns any exception of its own into an opaque EXECUTE assessment, so "it returned" proves
     * nothing: what is checked is that no exception was caught on the way (the walker handled the text itself).
     */
    private static void assertAssessedWithoutCrashing(Assessment a, String input) {
        assertThat(a.reasons()).as(input).noneSatisfy(r -> assertThat(r.detail()).contains(Classifier.CRASHED));
    }

    @Test
    void aCrashInsideTheClassifierIsSeenByTheRobustnessCheck() {
        // the check above must be able to fail: a null argument makes the classifier catch its own exception
        Assessment crashed = classifier.assess(java.util.Arrays.asList("ls", null));
        assertThat(crashed.reasons()).anySatisfy(r -> assertThat(r.detail()).contains(Classifier.CRASHED));
        assertThat(crashed.tier()).isEqualTo(Tier.EXECUTE);
    }

    @Test
    void randomShellTextNeverThrows() {
        Random random = new Random(4);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(12);
            for (int j = 0; j < n; j++) {
                if (random.nextInt(4) == 0) {
                    b.append((char) random.nextInt(128));
                } else {
                    b.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]).append(random.nextBoolean() ? " " : "");
                }
            }
            Assessment a = classifier.assessLine(b.toString());
            assertAssessedWithoutCrashing(a, b.toString());
            assertThat(a.parts()).as(b.toString()).hasSizeLessThanOrEqualTo(Walker.MAX_PARTS + 1);
        }
    }

    @Test
    void randomArgvNeverThrows() {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            List<String> argv = new ArrayList<>();
            int n = 1 + random.nextInt(6);
            for (int j = 0; j < n; j++) {
                argv.add(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
            assertAssessedWithoutCrashing(classifier.assess(argv), argv.toString());
        }
    }

    @Test
    void everyPrefixOfARealCommandIsAssessed() {
        String real = "cd web && FOO=\"a b\" npm ci && (bash -lc 'git push -f origin +main' | tee log) "
                + "<<'EOF' > out.txt\n$(rm -rf /)\nEOF\nfind . -name '*.pyc' -exec rm {} \\; ; echo `date` $'x\\ty'";
        for (int i = 0; i <= real.length(); i++) {
            assertAssessedWithoutCrashing(classifier.assessLine(real.substring(0, i)), real.substring(0, i));
        }
    }

    @Test
    void brokenTextIsOpaqueAndAtLeastExecute() {
        for (String broken : List.of("echo 'x", "echo \"x", "echo $(x", "echo `x", "if x; then", "a && && b", "( ls",
                "cat <<", "echo ${x")) {
            Assessment a = classifier.assessLine(broken);
            assertThat(a.opaque()).as(broken).isTrue();
            assertThat(a.tier().atLeast(Tier.EXECUTE)).as(broken).isTrue();
        }
    }

    @Test
    void deepNestingIsOpaqueNotAStackOverflow() {
        for (String open : List.of("(", "{ ", "$(", "if true; then ", "bash -c '")) {
            String deep = open.repeat(20_000) + "ls";
            Assessment a = classifier.assessLine(deep);
            assertThat(a.opaque()).as(open).isTrue();
        }
        // here-documents fed to shells nest without the quoting that grows exponentially
        String nested = "ls";
        for (int i = 0; i < 30; i++) {
            nested = "bash <<D" + i + "\n" + nested + "\nD" + i;
        }
        Assessment a = classifier.assessLine(nested);
        assertThat(a.opaque()).isTrue();
        assertThat(a.reasons()).anySatisfy(r -> assertThat(r.detail()).contains("nested too deeply"));
    }

    @Test
    void aCommandWithThousandsOfOperandsKeepsItsTierButNotEveryReason() {
        String rm = "rm " + String.join(" ", IntStream.range(0, 5_000).mapToObj(i -> "file" + i + ".txt").toList())
                + " ../out";
        Assessment a = classifier.assessLine(rm);
        assertThat(a.tier()).isEqualTo(Tier.DESTRUCTIVE);
        assertThat(a.reasons()).hasSizeLessThanOrEqualTo(Effects.MAX_REASONS + 1);
        assertThat(a.reasons().getLast().what()).isEqualTo("more");
    }

    @Test
    void longButLegalInputIsAssessedFully() {
        String many = "echo " + "word ".repeat(15_000);
        assertThat(classifier.assessLine(many).tier()).isEqualTo(Tier.READ);
        String heredoc = "cat > big.txt <<'EOF'\n" + "line\n".repeat(15_000) + "EOF";
        assertThat(classifier.assessLine(heredoc).paths()).containsExactly("big.txt");
    }
}
