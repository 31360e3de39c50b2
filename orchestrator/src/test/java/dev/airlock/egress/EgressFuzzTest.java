package dev.airlock.egress;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of what the egress proxy reads from a sandbox before it decides anything: the HTTP
 * request head (plain proxy and CONNECT), a chunked body's size lines, the SOCKS5 greeting and request, and the
 * TLS ClientHello. Whatever the bytes, each parser answers, refuses ({@link Front.Rejected}) or calls the input
 * malformed (an {@link IOException}); any other exception is a bug that would end the proxy's connection thread
 * unexplained. {@code scripts/fuzz} runs them; otherwise each runs over its seeds in {@code EgressFuzzTestInputs/}.
 */
class EgressFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void httpRequest(byte[] bytes) {
        try {
            HttpRequests.read(new ReadAhead(new BytesChannel(bytes)));
        } catch (IOException | Front.Rejected expected) {
            // refused or malformed: what a hostile client gets
        }
    }

    @FuzzTest(maxDuration = "15s")
    void httpHeads(FuzzedDataProvider data) {
        String head = data.consumeString(4096);
        try {
            PlainHttpFront.body(HttpHead.request(head));
        } catch (ReadAhead.Malformed expected) {
        }
        try {
            HttpHead.response(head);
        } catch (ReadAhead.Malformed expected) {
        }
        try {
            PlainHttpFront.chunkSize(data.consumeRemainingAsString());
        } catch (ReadAhead.Malformed expected) {
        }
    }

    @FuzzTest(maxDuration = "15s")
    void socks5(byte[] bytes) {
        try {
            Socks5Front.read(new ReadAhead(new BytesChannel(bytes)));
        } catch (IOException | Front.Rejected expected) {
        }
    }

    @FuzzTest(maxDuration = "15s")
    void clientHello(byte[] bytes) {
        try {
            ClientHello.read(new ReadAhead(new BytesChannel(bytes)));
        } catch (IOException expected) {
        }
        try {
            ClientHello.serverName(ByteBuffer.wrap(bytes));
        } catch (ReadAhead.Malformed expected) {
        }
    }
}
