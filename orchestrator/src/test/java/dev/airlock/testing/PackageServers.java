package dev.airlock.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The images the package-server tests run, built locally with Testcontainers (no registry): Debian's python3
 * and nodejs on {@code airlock/base:bookworm}, and verdaccio on top, its node_modules installed from npm on the
 * host into {@code target/verdaccio} once. Both are kept (tagged) and rebuilt from the engine's cache.
 */
public final class PackageServers {

    public static final String BASE = "airlock-test/devwork-package-servers:1";
    public static final String VERDACCIO = "airlock-test/devwork-verdaccio:1";

    private static boolean baseBuilt;
    private static boolean verdaccioBuilt;

    private PackageServers() {
    }

    public static synchronized String base() {
        if (!baseBuilt) {
            new ImageFromDockerfile(BASE, false)
                    .withFileFromClasspath("Dockerfile", "dev/airlock/testing/servers/Dockerfile").get();
            baseBuilt = true;
        }
        return BASE;
    }

    public static synchronized String verdaccio() throws IOException, InterruptedException {
        if (!verdaccioBuilt) {
            base();
            Path dir = Path.of("target", "verdaccio").toAbsolutePath();
            Files.createDirectories(dir);
            for (String f : List.of("Dockerfile", "package.json", "config.yaml")) {
                try (InputStream in = PackageServers.class.getResourceAsStream("/dev/airlock/testing/verdaccio/" + f)) {
                    Files.write(dir.resolve(f), in.readAllBytes());
                }
            }
            if (!Files.isDirectory(dir.resolve("node_modules/verdaccio"))) {
                Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--omit=dev", "--loglevel=error")
                        .directory(dir.toFile()).redirectErrorStream(true).start();
                String out = new String(npm.getInputStream().readAllBytes());
                assumeTrue(npm.waitFor(10, TimeUnit.MINUTES) && npm.exitValue() == 0, "npm could not install verdaccio: " + out);
            }
            new ImageFromDockerfile(VERDACCIO, false).withFileFromPath(".", dir).get();
            verdaccioBuilt = true;
        }
        return VERDACCIO;
    }

    /** The image project proofs run in: {@code airlock/sandbox:latest}, or {@code AIRLOCK_TEST_SANDBOX_IMAGE}. */
    public static String sandboxImage() {
        String image = System.getenv("AIRLOCK_TEST_SANDBOX_IMAGE");
        return image == null || image.isBlank() ? "airlock/sandbox:latest" : image;
    }

    /** A project proof's folders, under one temporary folder: the workspace, Airlock's state, the user's config. */
    public record Folders(Path workspace, Path state, Path config) {
        public static Folders under(Path root) throws IOException {
            return new Folders(Files.createDirectories(root.resolve("workspace")), root.resolve("state"), root.resolve("config"));
        }

        /** The CLI for this proof ({@link PackageServers#cli}). */
        public Cli cli() throws IOException {
            return PackageServers.cli(state, config);
        }
    }

    /** The CLI for a project proof, with a config folder of its own that names {@link #sandboxImage()} when it is not the default. */
    public static Cli cli(Path state, Path config) throws IOException {
        if (!sandboxImage().equals("airlock/sandbox:latest")) {
            Files.createDirectories(config.resolve("airlock/profiles"));
            Files.writeString(config.resolve("airlock/profiles/network-allowlisted.json"), "{\"image\": \"" + sandboxImage() + "\"}\n");
        }
        return new Cli(state).env("XDG_CONFIG_HOME", config.toString());
    }

    /** Skips a test whose sandbox image lacks the tools a project needs (issue 15 item 1 puts them in). */
    public static void assumeSandboxHas(String... commands) throws IOException, InterruptedException {
        String check = String.join(" && ", java.util.Arrays.stream(commands).map(c -> "command -v " + c + " >/dev/null").toList())
                + " && python3 -c 'import ensurepip' 2>/dev/null || echo missing";
        Process p = new ProcessBuilder("docker", "run", "--rm", "--network", "none", sandboxImage(), "sh", "-c", check)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(120, TimeUnit.SECONDS);
        assumeTrue(p.exitValue() == 0 && !out.contains("missing"),
                sandboxImage() + " lacks one of " + String.join(", ", commands) + " or python3-venv: " + out);
    }
}
