package dev.airlock.server;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the client's hello as the server reads it: an invocation whose every field a
 * process could hold (absolute cwd, no NUL anywhere), or a {@link HelloFrame.ProtocolError}; nothing else escapes.
 */
class HelloFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void hello(byte[] payload) {
        HelloFrame hello;
        try {
            hello = HelloFrame.parse(payload);
        } catch (HelloFrame.ProtocolError refused) {
            if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                throw new AssertionError("a protocol error that says nothing");
            }
            return;
        }
        if (!hello.cwd().isAbsolute()) {
            throw new AssertionError("a relative cwd: " + hello.cwd());
        }
        boolean nul = hello.argv().stream().anyMatch(a -> a.indexOf('\0') >= 0) || hello.cwd().toString().indexOf('\0') >= 0
                || hello.env().entrySet().stream().anyMatch(e -> (e.getKey() + e.getValue()).indexOf('\0') >= 0
                        || e.getKey().isEmpty() || e.getKey().indexOf('=') >= 0);
        if (nul) {
            throw new AssertionError("a field no process can hold got through: " + hello);
        }
    }
}
