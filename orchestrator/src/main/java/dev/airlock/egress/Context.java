package dev.airlock.egress;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/** What every connection of one proxy shares: its gate, limits, upstream side, helpers and open channels. */
record Context(EgressGate gate, Duration decisionTimeout, Duration headTimeout, Upstreams upstreams,
               Deadlines deadlines, ExecutorService tasks, Buffers buffers, Consumer<EgressEvent> events,
               Channels open) {
}
