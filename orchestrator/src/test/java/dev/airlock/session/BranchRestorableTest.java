package dev.airlock.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.assess.Assessment;
import dev.airlock.assess.Classifier;
import dev.airlock.assess.Settings;
import dev.airlock.assess.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * #17: in a branch session, deleting what can come back costs no question, as in a workspace of the user's. The
 * tree's own git index knows the base only; what earlier commands made is held by the branch's commits, staged in
 * the private store's index. A real git makes both indexes here, as the branch does (the store stages the tree).
 */
class BranchRestorableTest {

    @TempDir
    Path root;
    Path tree;
    Path storeIndex;

    @BeforeEach
    void aTreeWithABaseAndABranchCommitOnTop() throws Exception {
        tree = Files.createDirectory(root.resolve("tree"));
        storeIndex = root.resolve("store-index");
        Files.writeString(tree.resolve("base.txt"), "from the user's HEAD\n");
        git(Map.of(), "init", "-q");
        git(Map.of(), "add", "base.txt");
        // an earlier command's work: committed on the branch (the store's index), unknown to the tree's index
        Files.writeString(tree.resolve("made.txt"), "made by c-1\n");
        Files.writeString(tree.resolve("changed.txt"), "as c-1 left it\n");
        git(Map.of("GIT_INDEX_FILE", storeIndex.toString()), "add", "-A");
        Files.writeString(tree.resolve("changed.txt"), "changed since c-1's commit\n");
        Files.writeString(tree.resolve("fresh.txt"), "made now, in no commit\n");
    }

    @ParameterizedTest(name = "rm {0}, branch index: {1} -> {2}")
    @CsvSource(textBlock = """
            base.txt,    true,  WRITE,       git checkout --
            base.txt,    false, WRITE,       git checkout --
            made.txt,    true,  WRITE,       the session's branch holds it unchanged
            made.txt,    false, DESTRUCTIVE, ''
            changed.txt, true,  DESTRUCTIVE, ''
            fresh.txt,   true,  DESTRUCTIVE, ''
            """)
    void whatTheBranchHoldsUnchangedIsRestorableAndWhatOnlyTheTreeHoldsIsNot(String file, boolean branch, Tier tier, String why) {
        Classifier classifier = new Classifier(new Settings("/workspace", List.of(".env"), Settings.defaults().registries()));

        Assessment a = Session.assess(classifier, tree, branch ? Optional.of(storeIndex) : Optional.empty(),
                c -> c.assess(List.of("rm", file)));

        assertThat(a.tier()).as(a.reasons().toString()).isEqualTo(tier);
        if (!why.isEmpty()) {
            assertThat(a.reasons()).anyMatch(r -> r.what().equals("deletes-tracked") && r.detail().contains(why));
        }
    }

    private void git(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "user.name=a", "-c", "user.email=a@b.test"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tree.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
