package dev.airlock.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A local npm registry for tests: verdaccio in a locally built container ({@link PackageServers}), no uplinks,
 * on a port of this machine's loopback. Packages are published to it over its HTTP API, as {@code npm publish}
 * would, from tarballs the test packs, so their integrity is known for a lockfile.
 */
public final class NpmRegistry implements AutoCloseable {

    /** A published package: what a lockfile says of it. */
    public record Published(String name, String version, String integrity) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final GenericContainer<?> container;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String token;

    private NpmRegistry(GenericContainer<?> container) throws IOException, InterruptedException {
        this.container = container;
        var user = send(HttpRequest.newBuilder(uri("/-/user/org.couchdb.user:tester"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"tester\",\"password\":\"tester-password\"}")));
        this.token = JSON.readTree(user).path("token").asText();
    }

    @SuppressWarnings("resource")
    public static NpmRegistry start() throws Exception {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(PackageServers.verdaccio()))
                .withLabel("dev.airlock.test", "npm-registry")
                .withExposedPorts(4873)
                .waitingFor(Wait.forHttp("/-/ping").forStatusCode(200));
        c.start();
        return new NpmRegistry(c);
    }

    public int port() {
        return container.getMappedPort(4873);
    }

    /** Packs {@code folder} (holding package.json) with tar and publishes it. */
    public Published publish(String name, String version, Path folder, Path scratch) throws Exception {
        Path tgz = scratch.resolve(name + "-" + version + ".tgz");
        Path parent = scratch.resolve("pack-" + name);
        Files.createDirectories(parent);
        new ProcessBuilder("cp", "-r", folder.toString(), parent.resolve("package").toString()).start().waitFor(30, TimeUnit.SECONDS);
        Process tar = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", parent.toString(), "package").inheritIO().start();
        if (!tar.waitFor(30, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IOException("tar failed");
        }
        byte[] bytes = Files.readAllBytes(tgz);
        String integrity = "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(bytes));
        String shasum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        String file = name + "-" + version + ".tgz";
        var doc = Map.of("_id", name, "name", name, "dist-tags", Map.of("latest", version),
                "versions", Map.of(version, Map.of("name", name, "version", version, "main", "index.js", "_id", name + "@" + version,
                        "dist", Map.of("shasum", shasum, "integrity", integrity,
                                "tarball", "http://localhost:4873/" + name + "/-/" + file))),
                "_attachments", Map.of(file, Map.of("content_type", "application/octet-stream",
                        "data", Base64.getEncoder().encodeToString(bytes), "length", bytes.length)));
        send(HttpRequest.newBuilder(uri("/" + name)).header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(doc))));
        return new Published(name, version, integrity);
    }

    @Override
    public void close() {
        container.stop();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        var response = http.send(request.header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("verdaccio answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
