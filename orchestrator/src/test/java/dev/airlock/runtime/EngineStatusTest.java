package dev.airlock.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** doctor's cgroups line comes from what the engine found in this kernel, not from a fixed "ok". */
class EngineStatusTest {

    @Test
    void aControlTheEngineDidNotFindIsMissing() {
        assertThat(EngineStatus.missing(Map.of("MemoryLimit", true, "SwapLimit", false, "PidsLimit", true, "CpuCfsQuota", true)))
                .containsExactly("SwapLimit");
        assertThat(EngineStatus.missing(Map.of())).containsExactly("MemoryLimit", "SwapLimit", "PidsLimit", "CpuCfsQuota");
        assertThat(EngineStatus.missing(Map.of("MemoryLimit", true, "SwapLimit", true, "PidsLimit", true, "CpuCfsQuota", true)))
                .isEmpty();
    }
}
