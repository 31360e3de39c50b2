package dev.airlock.session;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Puts a session's work on its own git branch, with the host's git and none of the repository's hooks. */
final class Branches {

    private Branches() {
    }

    static void create(Path workspace, String name) {
        if (!Files.isDirectory(workspace.resolve(".git"))) {
            throw AirlockException.usage("--branch needs a git repository, and " + workspace + " is not one",
                    "run git init there first, or omit --branch");
        }
        try {
            // hooks are off: this is Airlock acting, and a hook is code the sandbox may have wanted run
            Process git = new ProcessBuilder(List.of("git", "-C", workspace.toString(), "-c", "core.hooksPath=/dev/null",
                    "checkout", "-q", "-b", name)).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!git.waitFor(30, TimeUnit.SECONDS) || git.exitValue() != 0) {
                throw AirlockException.failure("could not create the branch " + name + ": " + out,
                        "check the repository (git status), or omit --branch");
            }
        } catch (IOException e) {
            throw AirlockException.failure("could not run git to create the branch " + name + ": " + e.getMessage(),
                    "install git, or omit --branch");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AirlockException.failure("interrupted while creating the branch " + name, "");
        }
    }
}
