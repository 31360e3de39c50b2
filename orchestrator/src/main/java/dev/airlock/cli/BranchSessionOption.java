package dev.airlock.cli;

import dev.airlock.app.SessionFiles;
import dev.airlock.AirlockException;
import dev.airlock.branch.SessionBranch;
import picocli.CommandLine.Option;

/** {@code --session ID} of the commands that act on a session's branch ({@code apply}, {@code discard}). */
final class BranchSessionOption {

    @Option(names = "--session", required = true, paramLabel = "ID", description = "The session whose branch it is.")
    String session;

    /** The session's files and its branch; a session without one is a usage error that says how to get one. */
    record Opened(SessionFiles files, SessionBranch branch) {

        /** Records in the session's audit log what was done to its branch. */
        void record(String action, java.util.Optional<String> commit, int commits) {
            files.recordBranch(action, branch, commit, commits);
        }
    }

    Opened open(Airlock airlock) {
        SessionFiles files = airlock.app().files(session);
        SessionBranch branch = SessionBranch.open(files.dir()).orElseThrow(() -> AirlockException.usage(
                "session " + files.info().id() + " has no branch of its own",
                "start a session with --branch (or in mode full-access) in a git repository"));
        return new Opened(files, branch);
    }
}
