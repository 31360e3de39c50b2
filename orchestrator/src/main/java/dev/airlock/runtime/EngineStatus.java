package dev.airlock.runtime;

import java.util.List;

/**
 * What the engine says about itself, for {@code airlock doctor}.
 *
 * @param missingLimits the cgroup controls a profile's limits need (memory, swap, pids, CPU quota) that the
 *                      engine found missing in this kernel; a sandbox would run without them
 */
public record EngineStatus(String version, String apiVersion, String os, String kernel, String cgroupVersion,
                           List<String> securityOptions, List<String> runtimes, List<String> missingLimits) {

    public EngineStatus {
        securityOptions = List.copyOf(securityOptions);
        runtimes = List.copyOf(runtimes);
        missingLimits = List.copyOf(missingLimits);
    }

    /** The controls a profile's limits need, of those the engine reports ({@code MemoryLimit}, ...): missing ones. */
    public static List<String> missing(java.util.Map<String, Object> reported) {
        java.util.List<String> missing = new java.util.ArrayList<>();
        for (String control : List.of("MemoryLimit", "SwapLimit", "PidsLimit", "CpuCfsQuota")) {
            if (!Boolean.TRUE.equals(reported.get(control))) {
                missing.add(control);
            }
        }
        return missing;
    }
}
