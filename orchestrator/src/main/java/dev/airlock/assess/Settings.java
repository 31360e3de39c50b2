package dev.airlock.assess;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the classifier needs to know about the sandbox: where the workspace is mounted (the working directory
 * of every command), which file names hold secrets, and which hosts each package manager downloads from.
 *
 * @param workspace      absolute path of the workspace inside the container, normally {@code /workspace}
 * @param secretPatterns globs: a plain name matches the file name ({@code .env}, {@code *.pem}), a name ending
 *                       in {@code /} matches a directory anywhere on the path ({@code .ssh/}), a name with an inner
 *                       {@code /} matches the end of the path ({@code .docker/config.json}), a leading {@code /}
 *                       the whole path, and a leading {@code !} excludes file names ({@code !.env.example})
 * @param registries     package manager (its program name) to the hosts it downloads from
 * @param trackedSecrets workspace-relative paths of masked files that the repository tracks: their content is
 *                       in git's history, so a command that prints history or diffs reads a secret
 * @param protectedPatterns workspace paths the sandbox keeps read-only (gitignore-like globs, as in profiles):
 *                       writing one is a question for a person, and an approved write is let through
 * @param restorable     workspace-relative paths git can bring back as they are (the host side found each one, or
 *                       every file under it, tracked and unchanged since staged): deleting one is a write, not a
 *                       destruction ({@code Deletes}); the assessment takes this as a fact and checks nothing
 * @param onBranch       the same for a branch session's commits: paths its branch holds unchanged in its last commit
 *                       (an earlier command's work, which the tree's own git index does not know), as restorable
 */
public record Settings(String workspace, List<String> secretPatterns, Map<String, List<String>> registries,
                       List<String> trackedSecrets, List<String> protectedPatterns, List<String> restorable,
                       List<String> onBranch) {

    public Settings(String workspace, List<String> secretPatterns, Map<String, List<String>> registries) {
        this(workspace, secretPatterns, registries, List.of(), List.of(), List.of(), List.of());
    }

    public Settings(String workspace, List<String> secretPatterns, Map<String, List<String>> registries,
                    List<String> protectedPatterns) {
        this(workspace, secretPatterns, registries, List.of(), protectedPatterns, List.of(), List.of());
    }

    /** The same settings, knowing which masked files git tracks. */
    public Settings withTrackedSecrets(List<String> tracked) {
        return new Settings(workspace, secretPatterns, registries, tracked, protectedPatterns, restorable, onBranch);
    }

    /** The same settings, knowing which of the paths a command deletes git can bring back. */
    public Settings withRestorable(List<String> paths) {
        return withRestorable(paths, List.of());
    }

    /** The same, and which of them only the session's branch holds (its last commit). */
    public Settings withRestorable(List<String> paths, List<String> branchPaths) {
        return new Settings(workspace, secretPatterns, registries, trackedSecrets, protectedPatterns, paths, branchPaths);
    }

    public Settings {
        Objects.requireNonNull(workspace);
        if (!workspace.startsWith("/")) {
            throw new IllegalArgumentException("the workspace must be an absolute path inside the container: " + workspace);
        }
        workspace = workspace.length() > 1 && workspace.endsWith("/")
                ? workspace.substring(0, workspace.length() - 1) : workspace;
        secretPatterns = List.copyOf(secretPatterns);
        trackedSecrets = List.copyOf(trackedSecrets);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        registries.forEach((tool, hosts) -> copy.put(tool, List.copyOf(hosts)));
        registries = Collections.unmodifiableMap(copy);
        protectedPatterns = List.copyOf(protectedPatterns);
        restorable = List.copyOf(restorable);
        onBranch = List.copyOf(onBranch);
    }

    /** The same settings with these protected paths. */
    public Settings withProtected(List<String> patterns) {
        return new Settings(workspace, secretPatterns, registries, trackedSecrets, patterns, restorable, onBranch);
    }

    /** The hosts {@code tool} downloads packages from; empty when Airlock does not know them. */
    public List<String> registry(String tool) {
        return registries.getOrDefault(tool, List.of());
    }

    public static Settings defaults() {
        List<String> npm = List.of("registry.npmjs.org");
        List<String> pypi = List.of("pypi.org", "files.pythonhosted.org");
        List<String> maven = List.of("repo.maven.apache.org", "repo1.maven.org");
        List<String> gradle = List.of("repo.maven.apache.org", "repo1.maven.org", "plugins.gradle.org",
                "services.gradle.org");
        List<String> cargo = List.of("crates.io", "static.crates.io", "index.crates.io");
        List<String> go = List.of("proxy.golang.org", "sum.golang.org");
        List<String> gems = List.of("rubygems.org", "index.rubygems.org");
        List<String> debian = List.of("deb.debian.org", "security.debian.org");
        List<String> conda = List.of("conda.anaconda.org", "repo.anaconda.com");
        Map<String, List<String>> r = new LinkedHashMap<>();
        for (String t : List.of("npm", "npx", "pnpm", "bun", "bunx")) {
            r.put(t, npm);
        }
        r.put("yarn", List.of("registry.yarnpkg.com", "registry.npmjs.org"));
        for (String t : List.of("pip", "pip3", "uv", "uvx", "poetry", "pipenv", "pipx", "pdm", "hatch", "twine")) {
            r.put(t, pypi);
        }
        r.put("mvn", maven);
        r.put("gradle", gradle);
        r.put("cargo", cargo);
        r.put("go", go);
        r.put("gem", gems);
        r.put("bundle", gems);
        r.put("apt", debian);
        r.put("apt-get", debian);
        r.put("apk", List.of("dl-cdn.alpinelinux.org"));
        r.put("conda", conda);
        r.put("mamba", conda);
        r.put("composer", List.of("repo.packagist.org"));
        r.put("dotnet", List.of("api.nuget.org"));
        r.put("nuget", List.of("api.nuget.org"));
        r.put("brew", List.of("formulae.brew.sh", "ghcr.io"));
        r.put("deno", List.of("deno.land", "jsr.io"));
        r.put("rustup", List.of("static.rust-lang.org"));
        r.put("docker", List.of("registry-1.docker.io"));
        List<String> secrets = List.of(".env", ".env.*", "*.pem", "*.key", "*.p12", "*.pfx", "*.keystore", "*.jks",
                "id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*", ".npmrc", ".pypirc", ".netrc", ".git-credentials",
                ".pgpass", ".htpasswd", ".aws/", ".ssh/", ".gnupg/", ".docker/config.json", ".kube/config",
                ".config/gh/hosts.yml", ".cargo/credentials*", ".gem/credentials", "/etc/shadow", "/etc/gshadow",
                "!*.pub", "!.env.example", "!.env.sample", "!.env.template", "!.env.dist", "!.env.defaults");
        return new Settings("/workspace", secrets, r);
    }
}
