package io.slowpath.policy.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.core.inject.Kernels;
import io.slowpath.core.sim.SimulatedKernel;
import org.junit.jupiter.api.Test;

/** {@code stock-3.10} is found on the class path and selected by name, with its settings checked. */
class CompactionPoliciesTest {
    @Test
    void stockIsSelectedByName() {
        SimulatedKernel k = Kernels.kernel("machine.memory=1G", "policies.compaction=stock-3.10");
        ZoneView dma32 = k.machine().nodes().get(0).zones().get(1);
        // A freshly booted zone has free order-10 blocks: compaction_suitable says PARTIAL (off would say SKIPPED).
        assertEquals(CompactResult.COMPACT_PARTIAL, k.services().compactionSuitable(dma32, 9));
        SimulatedKernel off = Kernels.kernel("machine.memory=1G", "policies.compaction=off");
        assertEquals(CompactResult.COMPACT_SKIPPED, off.services().compactionSuitable(
            off.machine().nodes().get(0).zones().get(1), 9));
    }

    @Test
    void extfragThresholdComesFromTheSysctl() {
        SimulatedKernel k = Kernels.kernel("machine.memory=1G", "policies.compaction=stock-3.10",
            "vm.extfrag_threshold=1000");
        assertEquals(CompactResult.COMPACT_PARTIAL, k.services().compactionSuitable(
            k.machine().nodes().get(0).zones().get(1), 9), "-1000 is never below the threshold");
    }

    @Test
    void badSettingsNameTheKey() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> Kernels.kernel(
            "policies.compaction=stock-3.10", "policy.compaction.\"stock-3.10\".timeslice-ns=-5"));
        assertTrue(e.getMessage().contains("slowpath.policy.compaction.\"stock-3.10\".timeslice-ns"), e.getMessage());
        e = assertThrows(RuntimeException.class, () -> Kernels.kernel(
            "policies.compaction=stock-3.10", "policy.compaction.\"stock-3.10\".timeslice=5"));
        assertTrue(e.getMessage().contains("timeslice"), e.getMessage());
        e = assertThrows(RuntimeException.class, () -> Kernels.kernel(
            "policies.compaction=stock-3.10", "policy.compaction.\"stock-3.10\".timeslice-ns=soon"));
        assertTrue(e.getMessage().contains("timeslice-ns"), e.getMessage());
    }
}
