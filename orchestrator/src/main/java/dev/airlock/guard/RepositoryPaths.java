package dev.airlock.guard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Workspace files the repository's own config makes git run or load: a {@code core.hooksPath} inside the
 * workspace (husky's {@code .husky}) and included config files. They need the protection {@code .git/hooks}
 * and {@code .git/config} have, so they are returned as patterns anchored at the workspace's top.
 */
public final class RepositoryPaths {

    private static final int LIMIT = 256 * 1024;

    private RepositoryPaths() {
    }

    /** Anchored patterns ({@code /.husky/}, {@code /config/git.inc}); empty when there is nothing to add. */
    public static List<String> of(Path root) {
        Path git = root.resolve(".git");
        Path config = git.resolve("config");
        List<String> out = new ArrayList<>();
        try {
            if (!Files.readAttributes(git, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
                return out;
            }
            BasicFileAttributes a = Files.readAttributes(config, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() > LIMIT) {
                return out;
            }
            String text;
            try (InputStream in = Files.newInputStream(config, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                text = new String(in.readNBytes(LIMIT), StandardCharsets.UTF_8);
            }
            for (GitConfig.Entry e : GitConfig.parse(text)) {
                String value = e.value().orElse("").strip();
                if (value.isEmpty() || value.startsWith("~")) {
                    continue;
                }
                if (e.section().equals("core") && e.subsection().isEmpty() && e.name().equals("hookspath")) {
                    relative(root, root.resolve(value)).ifPresent(r -> out.add("/" + r + "/"));
                } else if ((e.section().equals("include") || e.section().equals("includeif")) && e.name().equals("path")) {
                    relative(root, git.resolve(value)).ifPresent(r -> out.add("/" + r));
                }
            }
        } catch (IOException | GitConfig.Malformed e) {
            // no readable config: git would fail on it too, and there is nothing of it to protect
        }
        return out;
    }

    private static java.util.Optional<String> relative(Path root, Path target) {
        Path n = target.normalize();
        if (!n.startsWith(root) || n.equals(root)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(root.relativize(n).toString());
    }
}
