package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.client.ClientProtocol;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's reading of the client's hello: every field checked, every failure a protocol error the client is told. */
class HelloFrameTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aClientsHelloParsesWhole() throws Exception {
        HelloFrame hello = HelloFrame.parse(utf8("{\"argv\":[\"run\",\"--\",\"ls\"],\"cwd\":\"/work/./x/\",\"stdinTty\":true,"
                + "\"stderrTty\":false,\"env\":{\"HOME\":\"/root\",\"A\":\"\"}}"));

        assertThat(hello.argv()).containsExactly("run", "--", "ls");
        assertThat(hello.cwd()).isEqualTo(Path.of("/work/x"));
        assertThat(hello.env()).isEqualTo(Map.of("HOME", "/root", "A", ""));
        assertThat(hello.stdinTty()).isTrue();
        assertThat(hello.stderrTty()).isFalse();
    }

    /** Found by hand (issue 18): Path.of threw InvalidPathException, which escaped Server.handle. */
    @Test
    void aNulInTheCwdIsAProtocolErrorNotAnEscapedException() {
        assertThatThrownBy(() -> HelloFrame.parse(utf8("{\"argv\":[],\"cwd\":\"/tmp/\\u0000x\",\"env\":{}}")))
                .isInstanceOf(HelloFrame.ProtocolError.class).hasMessage("the hello's cwd holds a NUL character");
    }

    @Test
    void everyFieldIsChecked() {
        for (var bad : List.of(
                List.of("", "the hello is empty"),
                List.of("{", "the hello is not JSON"),
                List.of("[1]", "the hello is not a JSON object"),
                List.of("{\"cwd\":\"/\"}", "the hello has no argv array"),
                List.of("{\"argv\":\"ls\",\"cwd\":\"/\"}", "the hello has no argv array"),
                List.of("{\"argv\":[1],\"cwd\":\"/\"}", "the hello's argv[0] is not a string"),
                List.of("{\"argv\":[\"a\\u0000\"],\"cwd\":\"/\"}", "the hello's argv[0] holds a NUL character"),
                List.of("{\"argv\":[]}", "the hello has no cwd"),
                List.of("{\"argv\":[],\"cwd\":7}", "the hello's cwd is not a string"),
                List.of("{\"argv\":[],\"cwd\":\"rel\"}", "the hello's cwd is not absolute"),
                List.of("{\"argv\":[],\"cwd\":\"/\",\"env\":[]}", "the hello's env is not an object"),
                List.of("{\"argv\":[],\"cwd\":\"/\",\"env\":{\"A=B\":\"x\"}}", "the hello's env has a variable name"),
                List.of("{\"argv\":[],\"cwd\":\"/\",\"env\":{\"\":\"x\"}}", "the hello's env has a variable name"),
                List.of("{\"argv\":[],\"cwd\":\"/\",\"env\":{\"A\":null}}", "the hello's env.A is not a string"),
                List.of("{\"argv\":[],\"cwd\":\"/\",\"env\":{\"A\":\"\\u0000\"}}", "the hello's env.A holds a NUL"),
                List.of("{\"argv\":[],\"cwd\":\"/\",\"stdinTty\":\"yes\"}", "the hello's stdinTty is not true or false"))) {
            assertThatThrownBy(() -> HelloFrame.parse(utf8(bad.get(0)))).as(bad.get(0))
                    .isInstanceOf(HelloFrame.ProtocolError.class).hasMessageStartingWith(bad.get(1));
        }
    }

    /** Over a real socket: the client that sent a broken hello is told what was wrong and gets exit 125. */
    @Test
    void aBrokenHelloIsAnsweredToTheClient(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("t.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                 SocketChannel accepted = listener.accept()) {
                byte[] hello = utf8("{\"argv\":[\"version\"],\"cwd\":\"/\\u0000\",\"env\":{}}");
                ClientProtocol.write(client, ClientProtocol.HELLO, hello, 0, hello.length);
                try (ClientConnection connection = new ClientConnection(accepted)) {
                    HelloFrame.ProtocolError error = org.junit.jupiter.api.Assertions.assertThrows(HelloFrame.ProtocolError.class,
                            connection::hello);
                    connection.refuse(error);
                }
                ClientProtocol.Frame said = ClientProtocol.read(client);
                assertThat(said.type()).isEqualTo(ClientProtocol.STDERR);
                assertThat(new String(said.payload(), StandardCharsets.UTF_8))
                        .contains("the Airlock server refused the client's request: the hello's cwd holds a NUL character")
                        .contains("what to do:");
                ClientProtocol.Frame exit = ClientProtocol.read(client);
                assertThat(exit.type()).isEqualTo(ClientProtocol.EXIT);
                assertThat(ByteBuffer.wrap(exit.payload()).getInt()).isEqualTo(125);
            }
        }
    }
}
