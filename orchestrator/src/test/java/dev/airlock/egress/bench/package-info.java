/**
 * The egress proxy's benchmark: a plain {@code main} (not a test) that measures the proxy against direct
 * connections over loopback in the same run. See {@link dev.airlock.egress.bench.EgressBench}.
 */
package dev.airlock.egress.bench;
