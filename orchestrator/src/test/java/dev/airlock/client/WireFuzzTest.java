package dev.airlock.client;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/**
 * Coverage-guided fuzzing of the client protocol's framing as the server reads it: a frame, or an
 * {@link IOException} that ends the connection; never a frame larger than the limit, never another exception.
 */
class WireFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void frames(byte[] bytes) {
        ReadableByteChannel channel = java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(bytes));
        for (int i = 0; i < 64; i++) {
            try {
                ClientProtocol.Frame frame = ClientProtocol.read(channel);
                if (frame.payload().length > ClientProtocol.MAX_FRAME) {
                    throw new AssertionError("a frame of " + frame.payload().length + " bytes");
                }
            } catch (IOException end) {
                return;
            }
        }
    }
}
