package dev.airlock.cli;

import dev.airlock.app.SessionFiles;
import dev.airlock.branch.SessionBranch;
import dev.airlock.session.Workspace;
import dev.airlock.text.Clean;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code airlock discard}: drop a session's branch, its tree and what Airlock kept for it. */
@Command(footerHeading = "%nExamples:%n",
        footer = {"  airlock discard --session s-7f3k9q2m1x", "  airlock discard --session s-7f3k9q2m1x   # after airlock apply: the applied branch goes too, unless checked out"},
        name = "discard", description = {
        "Drop a session's branch: its working tree, its commits, its checkpoints and caches go; the branch",
        "airlock/<session> an apply wrote into your repository is deleted too, unless it moved or is checked out.",
        "The session's audit log and report stay.",
        "",
        "Example: airlock discard --session s-7f3k9q2m1a"})
final class DiscardCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Mixin
    BranchSessionOption session = new BranchSessionOption();

    DiscardCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        var opened = session.open(airlock);
        SessionFiles files = opened.files();
        SessionBranch branch = opened.branch();
        Workspace tree = new Workspace(branch.tree());
        // the tree's warm sandboxes (in this process or the server) must not outlive it
        if (airlock.inServer()) {
            airlock.app().stopWarm(files.info().id().value());
        }
        List<Path> also = List.of(airlock.state().checkpointStore(tree).getParent(), airlock.state().cachesOf(tree),
                files.dir().resolve("branch.git"));
        SessionBranch.Discarded done = branch.discard(also);
        opened.record("discarded", Optional.empty(), 0);
        PrintStream out = airlock.console().out();
        out.printf("discarded branch %s of session %s%n", branch.name(), files.info().id());
        done.removed().forEach(r -> out.println("  removed " + Clean.line(r)));
        done.left().forEach(l -> out.println("  left " + Clean.line(l)));
        return done.left().isEmpty() ? 0 : 1;
    }
}
