package dev.airlock.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FramesTest {

    final Frames frames = new Frames(McpJsonDefaults.getMapper());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            this is not json                                            | -32700 |
            `{"jsonrpc":"2.0","id":1,`                                  | -32700 |
            `[{"jsonrpc":"2.0","id":1,"method":"ping"}]`                | -32600 |
            42                                                          | -32600 |
            `"ping"`                                                    | -32600 |
            null                                                        | -32600 |
            `{"jsonrpc":"2.0","id":5}`                                  | -32600 | 5
            `{"jsonrpc":"2.0","id":6,"method":42}`                      | -32600 | 6
            `{"jsonrpc":"2.0","id":7,"method":""}`                      | -32600 | 7
            `{"jsonrpc":"1.0","id":8,"method":"ping"}`                  | -32600 | 8
            `{"id":9,"method":"ping"}`                                  | -32600 | 9
            `{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}`            | -32600 |
            `{"jsonrpc":"2.0","id":1.5,"method":"ping"}`                | -32600 |
            `{"jsonrpc":"2.0","id":true,"method":"ping"}`               | -32600 |
            `{"jsonrpc":"2.0","id":null,"method":"ping"}`               | -32600 |
            `{"jsonrpc":"2.0","id":"x","method":"tools/call","params":[1]}` | -32602 | x
            """)
    void malformedRequestsGetTheJsonRpcErrorWithTheIdWhenOneCouldBeRead(String line, int code, String id) {
        Inbound inbound = frames.classify(line);

        assertThat(inbound).isInstanceOfSatisfying(Inbound.Reject.class, r -> {
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.id() == null ? null : String.valueOf(r.id())).isEqualTo(id);
            assertThat(r.response()).containsEntry("jsonrpc", "2.0").containsKey("id").containsKey("error");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `   `
            `{"jsonrpc":"2.0","method":"notifications/x","params":[1]}`
            `{"jsonrpc":"2.0","result":{}}`
            `{"jsonrpc":"2.0","id":{"x":1},"result":{}}`
            `{"jsonrpc":"2.0","method":"notifications/cancelled"}`
            `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":null}}`
            """)
    void malformedNotificationsAndResponsesAreNotAnswered(String line) {
        assertThat(frames.classify(line)).isInstanceOf(Inbound.Ignore.class);
    }

    @Test
    void wellFormedMessagesAreDeliveredAsTheirKind() {
        assertThat(frames.classify("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"tools/list\",\"params\":{}}"))
                .isInstanceOfSatisfying(Inbound.Deliver.class, d -> assertThat(d.message())
                        .isInstanceOfSatisfying(McpSchema.JSONRPCRequest.class, r -> assertThat(r.id()).isEqualTo("a")));
        assertThat(frames.classify("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
                .isInstanceOfSatisfying(Inbound.Deliver.class, d -> assertThat(d.message()).isInstanceOf(McpSchema.JSONRPCNotification.class));
        assertThat(frames.classify("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"action\":\"accept\"}}"))
                .isInstanceOfSatisfying(Inbound.Deliver.class, d -> assertThat(d.message()).isInstanceOf(McpSchema.JSONRPCResponse.class));
    }

    @Test
    void cancellationNamesTheRequestByItsKey() {
        assertThat(frames.classify("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7,\"reason\":\"esc\"}}"))
                .isEqualTo(new Inbound.Cancel(new RequestKey("n:7"), "esc"));
        assertThat(frames.classify("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"7\"}}"))
                .isEqualTo(new Inbound.Cancel(new RequestKey("s:7"), "no reason given"));
    }
}
