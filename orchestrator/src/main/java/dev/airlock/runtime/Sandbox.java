package dev.airlock.runtime;

import java.util.Map;

/** A running sandbox container: its engine id and the labels it was created with. */
public record Sandbox(String id, Map<String, String> labels) {

    public Sandbox {
        labels = Map.copyOf(labels);
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
