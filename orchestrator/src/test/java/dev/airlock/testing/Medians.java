package dev.airlock.testing;

import java.util.Arrays;
import java.util.function.Supplier;

/** For the benchmark mains of the test sources: the median wall time of an operation, after three warm-up runs. */
public final class Medians {

    private Medians() {
    }

    /** Milliseconds, the median of {@code rounds} runs of {@code operation}. */
    public static double millis(int rounds, Supplier<?> operation) {
        for (int i = 0; i < 3; i++) {
            operation.get();
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            operation.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[rounds / 2];
    }
}
