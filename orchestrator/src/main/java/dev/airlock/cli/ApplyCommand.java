package dev.airlock.cli;

import dev.airlock.app.SessionFiles;
import dev.airlock.branch.SessionBranch;
import dev.airlock.text.Clean;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airlock apply}: bring a session's branch into the user's repository, leaving the checkout as it is. */
@Command(footerHeading = "%nExamples:%n",
        footer = {"  airlock apply --session s-7f3k9q2m1x", "  airlock apply --session s-7f3k9q2m1x --json   # then: git merge airlock/s-7f3k9q2m1x"},
        name = "apply", description = {
        "Bring a session's branch (airlock/<session>) into your repository: its commits are copied in and the branch",
        "airlock/<session> is created (or moved on) there. Your checkout, HEAD and current branch are not touched;",
        "merge the branch yourself (git merge airlock/<session>). Nothing either repository configures is run.",
        "",
        "Example: airlock apply --session s-7f3k9q2m1a && git merge airlock/s-7f3k9q2m1a"})
final class ApplyCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Mixin
    BranchSessionOption session = new BranchSessionOption();

    @Option(names = "--json", description = "Print the result as JSON (docs/JSON.md).")
    boolean json;

    ApplyCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        var opened = session.open(airlock);
        SessionFiles files = opened.files();
        SessionBranch.Applied applied = opened.branch().apply();
        if (applied.changed()) {
            opened.record("applied", Optional.of(applied.commit()), applied.commits());
        }
        PrintStream out = airlock.console().out();
        if (json) {
            var node = Json.MAPPER.createObjectNode().put("version", JsonVersion.VERSION);
            node.put("session", files.info().id().value());
            node.put("branch", applied.branch());
            node.put("repository", applied.repository().toString());
            node.put("commit", applied.commit());
            node.put("newCommits", applied.commits());
            node.put("changed", applied.changed());
            out.println(Json.write(node));
            return 0;
        }
        if (!applied.changed()) {
            out.printf("%s already has branch %s at %s: nothing new to apply%n", Clean.line(applied.repository().toString()),
                    applied.branch(), applied.commit().substring(0, 12));
        } else {
            out.printf("applied %d commit(s) to branch %s in %s (now at %s); your checkout is as it was%n", applied.commits(),
                    applied.branch(), Clean.line(applied.repository().toString()), applied.commit().substring(0, 12));
        }
        out.printf("look with: git log %s    merge with: git merge %s    drop with: airlock discard --session %s%n",
                applied.branch(), applied.branch(), files.info().id());
        return 0;
    }
}
