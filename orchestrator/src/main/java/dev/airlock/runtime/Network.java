package dev.airlock.runtime;

/** The network a container joins: {@code none} (loopback only) or the engine's default bridge. */
public enum Network {
    NONE("none"),
    BRIDGE("bridge");

    private final String engineName;

    Network(String engineName) {
        this.engineName = engineName;
    }

    public String engineName() {
        return engineName;
    }
}
