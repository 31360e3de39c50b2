package dev.airlock.egress;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** Real TLS ClientHello bytes from the JDK's own TLS engine, with the server name a test wants (or none). */
final class TlsHello {

    private TlsHello() {
    }

    static byte[] withServerName(String serverName) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = serverName == null ? context.createSSLEngine() : context.createSSLEngine(serverName, 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** The same hello cut into two TLS records, as a client may legally send it. */
    static byte[][] inTwoRecords(byte[] hello) {
        int length = hello.length - 5;
        int first = length / 3;
        byte[] a = new byte[5 + first];
        byte[] b = new byte[5 + length - first];
        System.arraycopy(hello, 0, a, 0, 3);
        System.arraycopy(hello, 0, b, 0, 3);
        a[3] = (byte) (first >> 8);
        a[4] = (byte) first;
        b[3] = (byte) ((length - first) >> 8);
        b[4] = (byte) (length - first);
        System.arraycopy(hello, 5, a, 5, first);
        System.arraycopy(hello, 5 + first, b, 5, length - first);
        return new byte[][]{a, b};
    }
}
