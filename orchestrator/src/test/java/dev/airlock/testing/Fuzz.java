package dev.airlock.testing;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * Runs one {@code @FuzzTest} method in this JVM: Jazzer fuzzes only the first fuzz test of a JVM, so
 * {@code scripts/fuzz} starts one of these per target ({@code JAZZER_FUZZ=1}, bounded by the test's
 * {@code maxDuration}). Exits 1 when the fuzzer found an input that fails the test (Jazzer saves it under the
 * test's {@code Inputs/} folder, where it stays a regression test).
 */
public final class Fuzz {

    private Fuzz() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !args[0].contains("#")) {
            System.err.println("usage: Fuzz <class>#<method>");
            System.exit(2);
        }
        String[] target = args[0].split("#", 2);
        Class<?> type = Class.forName(target[0]);
        Method method = Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals(target[1])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method " + args[0]));
        var request = LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectMethod(type, method)).build();
        var listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        var summary = listener.getSummary();
        summary.printFailuresTo(new PrintWriter(System.err, true), 30);
        if (summary.getTestsSucceededCount() == 0 && summary.getTotalFailureCount() == 0) {
            System.err.println(args[0] + ": nothing ran");
            System.exit(1);
        }
        System.exit(summary.getTotalFailureCount() > 0 ? 1 : 0);
    }
}
