package dev.airlock.agents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one warm session each project's agent works in, by client: {@code agents/CLIENT-sessions.json} in Airlock's
 * state folder maps a project folder to its session id, so every tool call of the agent lands in the same session
 * (its grants, checkpoints, audit and warm sandbox).
 */
public final class ProjectSessions {

    private static final ReentrantLock LOCK = new ReentrantLock();

    private final Path file;

    public ProjectSessions(Path state, String client) {
        this.file = state.resolve("agents").resolve(client + "-sessions.json");
    }

    /** The project's session id, or the one {@code start} makes (and is then remembered), under one lock. */
    public String sessionFor(Path project, java.util.function.Predicate<String> usable, java.util.function.Supplier<String> start) {
        LOCK.lock();
        try {
            ObjectNode doc = JsonEdits.read(file).orElseGet(JsonEdits.JSON::createObjectNode);
            Optional<String> known = Optional.ofNullable(doc.get(project.toString())).map(n -> n.asText());
            if (known.isPresent() && usable.test(known.get())) {
                return known.get();
            }
            String id = start.get();
            doc.put(project.toString(), id);
            JsonEdits.write(file, doc);
            return id;
        } finally {
            LOCK.unlock();
        }
    }
}
