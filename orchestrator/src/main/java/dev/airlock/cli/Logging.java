package dev.airlock.cli;

/** slf4j-simple reads its level once, at its first logger: quiet (warnings) unless {@code --verbose}. */
final class Logging {

    private Logging() {
    }

    static void configure(boolean verbose) {
        configure(verbose ? "debug" : "warn");
    }

    /** The server logs what it does (to its log file) at info. */
    static void configure(String level) {
        boolean verbose = level.equals("debug");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", Boolean.toString(!level.equals("warn")));
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.hc", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.log.com.github.dockerjava", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
    }
}
