package dev.airlock.launch;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's entry point, compiled for Java 8 so that any JVM can load it: on Java 25 or newer it hands over to
 * {@code dev.airlock.cli.Main}; on an older one it says which Java ran and what to do, instead of a class
 * version error. It touches nothing else of Airlock, so it costs a class load and one reflective call.
 */
public final class Launch {

    static final int NEEDED = 25;

    private Launch() {
    }

    public static void main(String[] args) throws Throwable {
        String version = System.getProperty("java.specification.version", "");
        if (major(version) < NEEDED) {
            System.err.println("airlock: Airlock needs Java " + NEEDED + " or newer; this is Java " + version
                    + " (" + System.getProperty("java.home") + ")");
            System.err.println("  what to do: run it with a JDK " + NEEDED + " (set JAVA_HOME to one and use $JAVA_HOME/bin/java -jar),"
                    + " or use scripts/airlock, which finds one");
            System.exit(125);
        }
        try {
            Class.forName("dev.airlock.cli.Main").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** {@code 1.8} is 8, {@code 17} is 17; anything unreadable counts as too old. */
    static int major(String specification) {
        String s = specification.startsWith("1.") ? specification.substring(2) : specification;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
    }
}
