package dev.airlock.approval;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The program of {@code --approver command:PROGRAM}, resolved once to an absolute path against the caller's
 * folder (or the caller's {@code PATH}, absolute entries only), and checked before each use: it may not lie in
 * a workspace a sandbox writes, and neither it nor any folder on its path may be a link or writable by anyone
 * but its owner (the invoking user or root). Each use names the program by path and SHA-256.
 *
 * @param path       absolute, with no link in any component when resolved
 * @param workspaces the workspaces known when it is used (this session's among them)
 */
record ReviewerProgram(Path path, Supplier<List<Path>> workspaces) {

    /** A use of the program that passed the checks: what ran, as the audit records it. */
    record Checked(Path path, String sha256) {
        String by() {
            return "command:" + path + " (sha256 " + sha256 + ")";
        }
    }

    /** Resolves {@code program} as the caller would: a path against its folder, a bare name on its {@code PATH}. */
    static ReviewerProgram resolve(String program, Path cwd, Map<String, String> env, Supplier<List<Path>> workspaces) {
        Optional<Path> found;
        if (program.contains("/")) {
            found = Optional.of(cwd.resolve(program)).filter(Files::isRegularFile);
        } else {
            found = java.util.Arrays.stream(env.getOrDefault("PATH", "").split(":"))
                    .filter(dir -> dir.startsWith("/")) // an empty or relative entry would mean the caller's folder
                    .map(dir -> Path.of(dir, program))
                    .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                    .findFirst();
        }
        Path real;
        try {
            real = found.orElseThrow(() -> new IOException("not found")).toRealPath();
        } catch (IOException e) {
            throw AirlockException.usage("--approver command:" + program + ": no such program"
                            + (program.contains("/") ? " (resolved against " + cwd + ")" : " on PATH (absolute entries only)"),
                    "name the reviewer program by its absolute path, e.g. command:/usr/local/bin/review");
        }
        ReviewerProgram reviewer = new ReviewerProgram(real, workspaces);
        reviewer.problem().ifPresent(why -> {
            throw AirlockException.usage("--approver command:" + program + ": refusing " + real + ": " + why, HINT);
        });
        return reviewer;
    }

    static final String HINT = "keep the reviewer outside every workspace (a sandbox writes those), in folders only you or root "
            + "can write, e.g. ~/.local/bin with mode 0755 and the program 0700 or 0755";

    /** Checks the program as it is now; its path and hash when it may run. */
    Checked check() throws Refused {
        Optional<String> why = problem();
        if (why.isPresent()) {
            throw new Refused(why.get());
        }
        return new Checked(path, sha256());
    }

    /** Why the program may not run now, or empty. */
    Optional<String> problem() {
        for (Path w : workspaces.get()) {
            if (path.startsWith(w.toAbsolutePath().normalize())) {
                return Optional.of("it is inside the workspace " + w + ", which a sandboxed command can rewrite");
            }
        }
        int self = uid();
        Path at = path.getRoot();
        for (int i = 0; i <= path.getNameCount(); i++) {
            if (i > 0) {
                at = at.resolve(path.getName(i - 1));
            }
            boolean last = i == path.getNameCount();
            PosixFileAttributes a;
            try {
                a = Files.readAttributes(at, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return Optional.of(at + " cannot be examined (" + e.getClass().getSimpleName() + ")");
            }
            if (a.isSymbolicLink()) {
                return Optional.of(at + " has become a symbolic link since the reviewer was named");
            }
            if (last ? !a.isRegularFile() : !a.isDirectory()) {
                return Optional.of(at + (last ? " is not a regular file" : " is not a folder"));
            }
            int owner;
            try {
                owner = (Integer) Files.getAttribute(at, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            } catch (IOException | RuntimeException e) {
                return Optional.of(at + " has no known owner");
            }
            if (owner != 0 && owner != self) {
                return Optional.of(at + " belongs to another user (uid " + owner + "), who could rewrite it");
            }
            Set<PosixFilePermission> p = a.permissions();
            boolean othersWrite = p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE);
            // a sticky folder (/tmp) lets others add entries but not replace ours, whose owner is checked next
            if (othersWrite && (last || !sticky(at))) {
                return Optional.of(at + " is writable by " + (p.contains(PosixFilePermission.OTHERS_WRITE) ? "everyone" : "its group")
                        + ", so someone other than its owner could rewrite the reviewer");
            }
        }
        return Optional.empty();
    }

    private String sha256() throws Refused {
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new Refused(path + " cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean sticky(Path dir) {
        try {
            return ((Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 01000) != 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1; // unknown: only root-owned reviewers pass
        }
    }

    /** Why the program may not run. */
    static final class Refused extends Exception {
        Refused(String why) {
            super(why);
        }
    }
}
