package dev.airlock.cli;

/** The version every {@code --json} document of the CLI carries (docs/JSON.md): raised when a field changes meaning or goes. */
final class JsonVersion {

    static final int VERSION = 1;

    private JsonVersion() {
    }
}
