package dev.airlock.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A test's own origin servers on loopback: plain HTTP and HTTPS (a self-signed certificate for made-up
 * {@code .test} names), answering {@code origin says PATH} and remembering every request.
 */
public final class Origin implements AutoCloseable {

    private final HttpServer http;
    private final HttpsServer https;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public Origin(Path scratch, String... names) throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        http.createContext("/", this::answer);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        https.setHttpsConfigurator(new HttpsConfigurator(tls(scratch, names)));
        https.createContext("/", this::answer);
        https.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        https.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " host=" + exchange.getRequestHeaders().getFirst("Host"));
            byte[] body = ("origin says " + exchange.getRequestURI().getPath() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static SSLContext tls(Path scratch, String... names) throws Exception {
        Path store = Files.createTempFile(scratch, "origin", ".p12");
        Files.delete(store);
        String san = String.join(",", java.util.Arrays.stream(names).map(n -> "dns:" + n).toList());
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "origin", "-keyalg", "EC", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-dname", "CN=" + names[0], "-ext", "SAN=" + san, "-validity", "2")
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    public int httpPort() {
        return http.getAddress().getPort();
    }

    public int httpsPort() {
        return https.getAddress().getPort();
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        http.stop(0);
        https.stop(0);
    }
}
