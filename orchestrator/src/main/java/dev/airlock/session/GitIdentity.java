package dev.airlock.session;

import dev.airlock.guard.GitConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host user's git identity for the sandbox: {@code user.name} and {@code user.email} read from their global
 * git config with Airlock's own parser (no git runs, nothing else of the file is kept: no credentials, helpers or
 * includes), written to a system-level git config in the state folder that sandboxes mount read-only. At the
 * system level, a repository's own {@code user.email} and a {@code git config --global} inside still win.
 */
public record GitIdentity(Optional<String> name, Optional<String> email) {

    /** Where sandboxes see the file; {@code GIT_CONFIG_SYSTEM} names it. */
    public static final String INSIDE = "/etc/airlock/gitconfig";
    static final int LONGEST = 256;
    private static final long LARGEST_FILE = 1 << 20;
    private static final Map<String, Optional<Path>> WRITTEN = new ConcurrentHashMap<>();

    public GitIdentity {
        name = name.map(GitIdentity::clean).filter(s -> !s.isEmpty());
        email = email.map(GitIdentity::clean).filter(s -> !s.isEmpty());
    }

    public boolean isEmpty() {
        return name.isEmpty() && email.isEmpty();
    }

    /**
     * The identity git would use outside any repository: {@code $XDG_CONFIG_HOME/git/config} (else
     * {@code ~/.config/git/config}), then {@code ~/.gitconfig}, the last value winning as in git. A file that is
     * not a regular file, too large or not valid git config is left out.
     */
    public static GitIdentity of(Map<String, String> hostEnv) {
        String home = Optional.ofNullable(hostEnv.get("HOME")).filter(h -> h.startsWith("/"))
                .orElse(System.getProperty("user.home"));
        Path xdg = Optional.ofNullable(hostEnv.get("XDG_CONFIG_HOME")).filter(h -> h.startsWith("/")).map(Path::of)
                .orElse(Path.of(home, ".config"));
        Optional<String> name = Optional.empty();
        Optional<String> email = Optional.empty();
        for (Path file : List.of(xdg.resolve("git").resolve("config"), Path.of(home, ".gitconfig"))) {
            for (GitConfig.Entry e : entries(file)) {
                if (e.section().equals("user") && e.subsection().isEmpty() && e.value().isPresent()) {
                    switch (e.name()) {
                        case "name" -> name = e.value();
                        case "email" -> email = e.value();
                        default -> {
                        }
                    }
                }
            }
        }
        return new GitIdentity(name, email);
    }

    /** The config text sandboxes read: the identity, then the image's own system config, which it replaces. */
    public String configText() {
        StringBuilder out = new StringBuilder("# Written by Airlock: your git user.name and user.email, nothing else of your git config.\n");
        out.append("[include]\n\tpath = /etc/gitconfig\n");
        if (!isEmpty()) {
            out.append("[user]\n");
            name.ifPresent(n -> out.append("\tname = ").append(quote(n)).append('\n'));
            email.ifPresent(m -> out.append("\temail = ").append(quote(m)).append('\n'));
        }
        return out.toString();
    }

    /**
     * The file sandboxes mount for the caller's identity, written once per content (its name carries a digest,
     * so a container made for another identity never sees this one change under it); empty when there is none.
     */
    public static Optional<Path> file(StateDir state, Map<String, String> hostEnv) {
        GitIdentity identity = of(hostEnv);
        if (identity.isEmpty()) {
            return Optional.empty();
        }
        String text = identity.configText();
        String digest = sha256(text).substring(0, 16);
        return WRITTEN.compute(state.root() + ":" + digest, (k, known) -> {
            Path target = state.root().resolve("run").resolve("gitconfig-" + digest);
            if (known != null && known.isPresent() && Files.isRegularFile(target)) {
                return known;
            }
            try {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), "gitconfig", ".tmp");
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--r--r--"));
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return Optional.of(target);
            } catch (IOException | RuntimeException e) {
                // no identity is a lesser failure than no command: git inside then says who it does not know
                return Optional.empty();
            }
        });
    }

    private static List<GitConfig.Entry> entries(Path file) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            // the user's own file (a dotfiles link is fine); a FIFO or a folder would hang or fail the read
            if (!attrs.isRegularFile() || attrs.size() > LARGEST_FILE) {
                return List.of();
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) LARGEST_FILE + 1);
            }
            if (bytes.length > LARGEST_FILE) {
                return List.of();
            }
            return GitConfig.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException | GitConfig.Malformed | RuntimeException e) {
            return List.of();
        }
    }

    /** One line of printable text, bounded: no control character reaches a config file or a commit. */
    private static String clean(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .limit(LONGEST).forEach(out::appendCodePoint);
        return out.toString().strip();
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
