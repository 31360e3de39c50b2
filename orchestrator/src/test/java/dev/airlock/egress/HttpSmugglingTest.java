package dev.airlock.egress;

import static dev.airlock.egress.ProxyHarness.pin;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpSmugglingTest {

    private HttpOrigin origin;
    private ProxyHarness harness;

    @BeforeEach
    void start() throws Exception {
        origin = new HttpOrigin(r -> HttpOrigin.ok("fine"), true);
        harness = new ProxyHarness(new AllowlistGate(List.of("web.test:" + origin.port())), List.of(pin("web.test")));
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        origin.close();
    }

    private String post(String headers, String body) throws Exception {
        body = body == null ? "" : body;
        return harness.exchange("POST http://web.test:" + origin.port() + "/x HTTP/1.1\r\nHost: web.test\r\n"
                + headers.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t").replace("\\0", "\0")
                .replace("\\v", "\u000b") + "\r\n" + body.replace("\\r", "\r").replace("\\n", "\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "both framings|Content-Length: 5\\r\\nTransfer-Encoding: chunked\\r\\n|5\\r\\nhello\\r\\n0\\r\\n\\r\\n",
            "both framings, TE first|Transfer-Encoding: chunked\\r\\nContent-Length: 5\\r\\n|hello",
            "duplicate Content-Length|Content-Length: 5\\r\\nContent-Length: 5\\r\\n|hello",
            "conflicting Content-Length|Content-Length: 5\\r\\nContent-Length: 6\\r\\n|hello!",
            "Content-Length list|Content-Length: 5, 5\\r\\n|hello",
            "signed Content-Length|Content-Length: +5\\r\\n|hello",
            "hex Content-Length|Content-Length: 0x5\\r\\n|hello",
            "Content-Length with junk|Content-Length: 5a\\r\\n|hello",
            "chunked not last|Transfer-Encoding: chunked, identity\\r\\n|5\\r\\nhello\\r\\n0\\r\\n\\r\\n",
            "unknown coding|Transfer-Encoding: xchunked\\r\\n|5\\r\\nhello\\r\\n0\\r\\n\\r\\n",
            "two Transfer-Encodings|Transfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n|0\\r\\n\\r\\n",
            "vertical tab in coding|Transfer-Encoding: \\vchunked\\r\\n|0\\r\\n\\r\\n",
            "space before colon|Content-Length : 5\\r\\n|hello",
            "space before colon, TE|Transfer-Encoding : chunked\\r\\nContent-Length: 5\\r\\n|hello",
            "obsolete line folding|X-A: a\\r\\n b\\r\\nContent-Length: 5\\r\\n|hello",
            "folded Transfer-Encoding|Transfer-Encoding:\\r\\n chunked\\r\\n|0\\r\\n\\r\\n",
            "bare LF in the head|X-A: a\\nContent-Length: 5\\r\\n|hello",
            "bare CR in the head|X-A: a\\rContent-Length: 5\\r\\n|hello",
            "NUL in a value|X-A: a\\0b\\r\\n|",
            "empty header name|: x\\r\\n|",
    })
    void ambiguousHeadsAreRefusedBeforeAnythingIsSent(String name, String headers, String body) throws Exception {
        String response = post(headers, body);

        assertThat(response).as(name).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(origin.connections).hasValue(0);
        EgressEvent event = harness.event();
        assertThat(event.allowed()).isFalse();
    }

    @Test
    void chunkedInAnHttp10RequestIsRefused() throws Exception {
        String response = harness.exchange("POST http://web.test:" + origin.port() + "/ HTTP/1.0\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ").contains("HTTP/1.0");
        assertThat(origin.connections).hasValue(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not hex|zz\\r\\nhello\\r\\n0\\r\\n\\r\\n",
            "0x prefix|0x5\\r\\nhello\\r\\n0\\r\\n\\r\\n",
            "leading space|' 5\\r\\nhello\\r\\n0\\r\\n\\r\\n'",
            "empty size|\\r\\nhello\\r\\n0\\r\\n\\r\\n",
            "overflowing size|fffffffffffffffff1\\r\\nhello\\r\\n0\\r\\n\\r\\n",
            "data longer than its size|5\\r\\nhello!!\\r\\n0\\r\\n\\r\\n",
            "bare LF after the size|5\\nhello\\r\\n0\\r\\n\\r\\n",
            "bare LF after the data|5\\r\\nhello\\n0\\r\\n\\r\\n",
            "control character in an extension|5;a=\\0\\r\\nhello\\r\\n0\\r\\n\\r\\n",
            "folded trailer|0\\r\\nX-T: a\\r\\n b\\r\\n\\r\\n",
            "malformed trailer|0\\r\\nnot a header\\r\\n\\r\\n",
    })
    void badChunkedFramingIsRefusedAndTheServerSeesNoCompleteRequest(String name, String body) throws Exception {
        String response = post("Transfer-Encoding: chunked\r\n", body.replace("\\0", "\0"));

        assertThat(response).as(name).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(origin.requests.poll(500, TimeUnit.MILLISECONDS)).as("a request the origin completed").isNull();
        assertThat(harness.event().rule()).startsWith("bad request body: ");
    }

    @Test
    void aChunkedBodyIsForwardedInCanonicalChunksWithoutItsTrailers() throws Exception {
        String response = post("Transfer-Encoding: Chunked\r\n",
                "5;name=value\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Trailer: t\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("fine");
        HttpOrigin.Request seen = origin.requests.take();
        assertThat(seen.head()).contains("\r\nTransfer-Encoding: chunked\r\n").doesNotContain("Chunked");
        assertThat(seen.body()).isEqualTo("hello, world!!!");
        assertThat(seen.after()).isEmpty();
    }

    @Test
    void bytesAfterTheFramedBodyNeverReachTheServer() throws Exception {
        String smuggled = "GET /admin HTTP/1.1\r\nHost: web.test\r\n\r\n";

        String response = post("Content-Length: 5\r\n", "hello" + smuggled);

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
        HttpOrigin.Request seen = origin.requests.take();
        assertThat(seen.body()).isEqualTo("hello");
        assertThat(seen.after()).isEmpty();
        assertThat(origin.connections).hasValue(1);
    }

    @Test
    void aPipelinedSecondRequestIsNotForwarded() throws Exception {
        String first = "GET http://web.test:" + origin.port() + "/a HTTP/1.1\r\nHost: web.test\r\n\r\n";
        String second = "GET http://web.test:" + origin.port() + "/b HTTP/1.1\r\nHost: web.test\r\n\r\n";

        String response = harness.exchange(first + second);

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("fine");
        HttpOrigin.Request seen = origin.requests.take();
        assertThat(seen.requestLine()).isEqualTo("GET /a HTTP/1.1");
        assertThat(seen.after()).isEmpty();
        assertThat(origin.connections).hasValue(1);
    }

    @Test
    void aBodylessRequestGoesOutWithoutFraming() throws Exception {
        harness.exchange("GET http://web.test:" + origin.port() + "/ HTTP/1.1\r\n\r\n");

        assertThat(origin.requests.take().head()).doesNotContain("Content-Length").doesNotContain("Transfer-Encoding");
    }
}
