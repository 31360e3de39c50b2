package dev.airlock.runtime.docker;

import java.io.IOException;
import java.nio.channels.ByteChannel;

/**
 * A hijacked engine connection: bytes both ways, and a half-close, so a command sees the end of its stdin while
 * its output still flows. Reading is interruptible: an interrupted reader closes the stream
 * ({@link java.nio.channels.ClosedByInterruptException}), which is how a cancelled command stops waiting.
 */
interface EngineStream extends ByteChannel {

    /** Ends what this side sends (the command's stdin); what the engine sends keeps coming. */
    void shutdownOutput() throws IOException;
}
