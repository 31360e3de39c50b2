package dev.airlock.scope;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Files whose content is a secret whatever their name: a private-key block, a well-known token format, a
 * password set in a configuration file. Read without following links, at most {@link #LIMIT} bytes of
 * each, and remembered by size, modification time and inode, so a later scan reads only what changed.
 */
final class SecretContent {

    /** Larger files are not read: secrets are small, and reading a build's output each command costs. */
    static final int LIMIT = 512 * 1024;
    private static final int CACHE_LIMIT = 200_000;

    /** A kind of secret: the literal every match contains (a cheap first look), then the pattern itself. */
    private record Kind(String what, Pattern pattern, List<String> markers) {
        Kind(String what, Pattern pattern) {
            this(what, pattern, List.of());
        }

        boolean in(String text) {
            return (markers.isEmpty() || markers.stream().anyMatch(text::contains)) && pattern.matcher(text).find();
        }
    }

    private static final List<Kind> ANY_FILE = List.of(
            new Kind("a private key block", Pattern.compile("-----BEGIN [A-Z0-9 ]{0,20}PRIVATE KEY( BLOCK)?-----"), List.of("PRIVATE KEY")),
            new Kind("an AWS access key", Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"), List.of("AKIA", "ASIA")),
            new Kind("AWS credentials", Pattern.compile("(?i)aws_secret_access_key\\s*[=:]\\s*\\S{16,}"), List.of("ws_secret_access_key", "WS_SECRET_ACCESS_KEY")),
            new Kind("a GitHub token", Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})"), List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
            new Kind("a GitLab token", Pattern.compile("\\bglpat-[A-Za-z0-9_-]{20,}"), List.of("glpat-")),
            new Kind("a Slack token", Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}"), List.of("xox")),
            new Kind("a Google API key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b"), List.of("AIza")),
            new Kind("a Google service account key", Pattern.compile("\"type\"\\s*:\\s*\"service_account\""), List.of("service_account")),
            new Kind("a Stripe live key", Pattern.compile("\\b[sr]k_live_[0-9a-zA-Z]{24,}"), List.of("k_live_")),
            new Kind("an Anthropic API key", Pattern.compile("\\bsk-ant-[A-Za-z0-9_-]{20,}"), List.of("sk-ant-")),
            new Kind("an OpenAI API key", Pattern.compile("\\bsk-(proj-)?[A-Za-z0-9_-]{40,}"), List.of("sk-")),
            new Kind("an npm token", Pattern.compile("\\bnpm_[A-Za-z0-9]{36}\\b|:_authToken\\s*=\\s*[^\\s$]{8,}"), List.of("npm_", "_authToken")),
            new Kind("a PyPI token", Pattern.compile("\\bpypi-AgE[A-Za-z0-9_-]{50,}"), List.of("pypi-AgE")),
            new Kind("a Vault token", Pattern.compile("\\bhv[sbr]\\.[A-Za-z0-9_-]{24,}"), List.of("hvs.", "hvb.", "hvr.")));

    /** Configuration files, where a password or key set to a literal is a secret. */
    private static final Set<String> CONFIG_ENDINGS = Set.of(".properties", ".yml", ".yaml", ".ini", ".cfg", ".conf",
            ".toml", ".xml", ".json", ".php", ".env");
    private static final Kind PASSWORD = new Kind("a password in a configuration file", Pattern.compile(
            "(?im)^[\\s\"']*[\\w.\\-\\[\\]]*(password|passwd|pwd|secret|api[_-]?key|access[_-]?key|auth[_-]?token|"
                    + "private[_-]?key|credentials?)[\\w.\\-\\]]*[\"']?\\s*(=>|[=:])\\s*[\"']?(?![\"']?\\s*$)"
                    + "(?!\\$\\{|<|%\\(|\\{\\{|changeme|example|xxx|\\*\\*\\*|true|false|null|none)[^\\s\"',;]{6,}"));

    private record Seen(long size, long modified, Object inode, Optional<String> what) {
    }

    private static final Map<String, Seen> CACHE = new ConcurrentHashMap<>();

    private SecretContent() {
    }

    /**
     * What secret {@code root/relative} holds, if any; {@code attrs} are its attributes as the walk saw them
     * (no links). The file is read again through {@link WorkspaceFiles}, so a folder swapped for a link since
     * the walk leads nowhere outside the workspace.
     */
    static Optional<String> of(Path root, String relative, BasicFileAttributes attrs) {
        if (!attrs.isRegularFile() || attrs.size() == 0 || attrs.size() > LIMIT) {
            return Optional.empty();
        }
        String key = root.resolve(relative).toAbsolutePath().toString();
        long modified = attrs.lastModifiedTime().toMillis();
        Seen seen = CACHE.get(key);
        if (seen != null && seen.size() == attrs.size() && seen.modified() == modified
                && java.util.Objects.equals(seen.inode(), attrs.fileKey())) {
            return seen.what();
        }
        Optional<String> what = read(root, relative).flatMap(text -> judge(Path.of(relative).getFileName().toString(), text));
        if (CACHE.size() > CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(key, new Seen(attrs.size(), modified, attrs.fileKey(), what));
        return what;
    }

    /** The judgement on a file's text alone (by its name's ending for configuration files). */
    static Optional<String> judge(String name, String text) {
        for (Kind k : ANY_FILE) {
            if (k.in(text)) {
                return Optional.of(k.what());
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (CONFIG_ENDINGS.stream().anyMatch(lower::endsWith) && PASSWORD.in(text)) {
            return Optional.of(PASSWORD.what());
        }
        return Optional.empty();
    }

    /** The file's text; empty for binary files and what cannot be read safely. */
    private static Optional<String> read(Path root, String relative) {
        try {
            return WorkspaceFiles.head(root, relative, LIMIT).filter(bytes -> !binary(bytes))
                    .map(bytes -> new String(bytes, StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A NUL in the first 8 KiB: keystores and the like are masked by name. */
    private static boolean binary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
