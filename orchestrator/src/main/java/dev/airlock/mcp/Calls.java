package dev.airlock.mcp;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's requests that have arrived and not yet been answered, so that {@code notifications/cancelled}
 * can stop the one it names (its thread is interrupted, which stops its container) and its late answer is
 * not sent, as MCP asks. A cancellation may arrive before the tool's thread started; it is kept until then.
 */
final class Calls {

    /** One request's cancellation state; its worker thread attaches once it runs. */
    static final class Call {
        private Thread worker;
        private String cancelled;

        synchronized void attach(Thread thread) {
            worker = thread;
            if (cancelled != null) {
                thread.interrupt();
            }
        }

        synchronized void detach() {
            worker = null;
        }

        synchronized void cancel(String reason) {
            if (cancelled == null) {
                cancelled = reason;
                if (worker != null) {
                    worker.interrupt();
                }
            }
        }

        /** Why the client cancelled it, if it did. */
        synchronized Optional<String> cancelled() {
            return Optional.ofNullable(cancelled);
        }
    }

    private final ConcurrentHashMap<RequestKey, Call> open = new ConcurrentHashMap<>();

    /** Notes a request the transport passes on; a reused id replaces the older entry. */
    void arrived(RequestKey key) {
        open.put(key, new Call());
    }

    /** The call of a request that arrived, or a fresh one no cancellation can reach (no id was stamped). */
    Call of(Optional<RequestKey> key) {
        return key.map(k -> open.computeIfAbsent(k, x -> new Call())).orElseGet(Call::new);
    }

    /** Cancels the request if it is still open; a cancellation of an answered or unknown request is ignored. */
    void cancel(RequestKey key, String reason) {
        Call call = open.get(key);
        if (call != null) {
            call.cancel(reason);
        }
    }

    /** Called as the answer to {@code id} is about to be written: forgets it, and says whether to drop it. */
    boolean answered(Object id) {
        return RequestKey.of(id).map(open::remove).flatMap(Call::cancelled).isPresent();
    }

    /** Cancels every open request: the client is gone. */
    void cancelAll(String reason) {
        open.values().forEach(c -> c.cancel(reason));
    }
}
