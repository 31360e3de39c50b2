package dev.airlock.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A Python package index for tests: a static PEP 503 "simple" index holding one pure-Python wheel this class
 * builds, served over HTTP by {@code python3 -m http.server} in a locally built container ({@link PackageServers},
 * no registry), on a port of this machine's loopback.
 */
public final class PackageIndex implements AutoCloseable {

    private final GenericContainer<?> container;

    private PackageIndex(GenericContainer<?> container) {
        this.container = container;
    }

    /** Starts an index holding {@code name}-{@code version}, whose module {@code name} is {@code source}. */
    @SuppressWarnings("resource")
    public static PackageIndex serving(String name, String version, String source) throws Exception {
        String file = name + "-" + version + "-py3-none-any.whl";
        byte[] wheel = wheel(name, version, source);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wheel));
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(PackageServers.base()))
                .withLabel("dev.airlock.test", "package-index")
                .withCopyToContainer(Transferable.of(wheel), "/srv/packages/" + file)
                .withCopyToContainer(Transferable.of(html("<a href=\"" + name + "/\">" + name + "</a>")), "/srv/simple/index.html")
                .withCopyToContainer(Transferable.of(html("<a href=\"../../packages/" + file + "#sha256=" + sha + "\">" + file + "</a>")),
                        "/srv/simple/" + name + "/index.html")
                .withCommand("python3", "-m", "http.server", "8080", "--bind", "0.0.0.0", "--directory", "/srv")
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/simple/").forStatusCode(200));
        c.start();
        return new PackageIndex(c);
    }

    /** The port on this machine's loopback where the index answers. */
    public int port() {
        return container.getMappedPort(8080);
    }

    /** How many requests for the wheel the server logged: proof that it was fetched from here. */
    public long wheelDownloads() {
        return container.getLogs().lines().filter(l -> l.contains("GET /packages/") && l.contains(" 200 ")).count();
    }

    @Override
    public void close() {
        container.stop();
    }

    private static byte[] html(String body) {
        return ("<!DOCTYPE html><html><body>" + body + "</body></html>\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A wheel (PEP 427) with one module and its dist-info, RECORD hashes included. */
    static byte[] wheel(String name, String version, String source) throws Exception {
        String info = name + "-" + version + ".dist-info/";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(name + "/__init__.py", source.getBytes(StandardCharsets.UTF_8));
        files.put(info + "METADATA", ("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n").getBytes(StandardCharsets.UTF_8));
        files.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: airlock-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        for (var e : files.entrySet()) {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(e.getValue());
            record.append(e.getKey()).append(",sha256=").append(Base64.getUrlEncoder().withoutPadding().encodeToString(digest))
                    .append(',').append(e.getValue().length).append('\n');
        }
        record.append(info).append("RECORD,,\n");
        files.put(info + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            for (var e : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Writes a file, making its folder. */
    public static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
