package dev.airlock.cli;

/** slf4j-simple reads its level once, at its first logger: quiet (warnings) unless {@code --verbose}. */
final class Logging {

    private Logging() {
    }

    static void configure(boolean verbose) {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.hc", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.log.com.github.dockerjava", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
    }
}
