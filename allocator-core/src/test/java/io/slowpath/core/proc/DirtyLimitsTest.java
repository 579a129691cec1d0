package io.slowpath.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class DirtyLimitsTest {

    /**
     * The zones of the real numa2-thp-never/1024M boot (zoneinfo watermarks, reserves, managed pages) with the vmstat
     * totals free 251543, inactive_file 1277, active_file 130, and min_free_kbytes 4035.
     */
    private static ParsedMachineView numa2At1024M() {
        ParsedMachineView m = new ParsedMachineView();
        m.minFreeKbytes = 4035;
        ParsedZoneView dma = m.zone(0, ZoneType.DMA);
        dma.presentPages = 3998;
        dma.managedPages = 3977;
        dma.high = 22;
        dma.lowmemReserve[1] = 477;
        dma.lowmemReserve[2] = 477;
        dma.lowmemReserve[3] = 477;
        ParsedZoneView dma32 = m.zone(0, ZoneType.DMA32);
        dma32.presentPages = 126976;
        dma32.managedPages = 122313;
        dma32.high = 726;
        ParsedZoneView node1 = m.zone(1, ZoneType.DMA32);
        node1.presentPages = 131040;
        node1.managedPages = 128160;
        node1.high = 760;
        dma32.stats.put(ZoneStatItem.NR_FREE_PAGES, 251543L - 126705L);
        node1.stats.put(ZoneStatItem.NR_FREE_PAGES, 126705L);
        dma32.stats.put(ZoneStatItem.NR_INACTIVE_FILE, 1277L);
        node1.stats.put(ZoneStatItem.NR_ACTIVE_FILE, 130L);
        return m;
    }

    @Test
    void totalReserveIsMaxReservePlusHighPerZone() {
        // DMA 477 + 22, node 0 DMA32 0 + 726, node 1 DMA32 0 + 760; empty zones add nothing
        assertEquals(499 + 726 + 760, DirtyLimits.totalReservePages(numa2At1024M()));
    }

    @Test
    void reserveOfAZoneIsCappedAtItsManagedPages() {
        ParsedMachineView m = new ParsedMachineView();
        ParsedZoneView small = m.zone(0, ZoneType.DMA);
        small.presentPages = 10;
        small.managedPages = 10;
        small.high = 4;
        small.lowmemReserve[2] = 900;
        assertEquals(10, DirtyLimits.totalReservePages(m));
    }

    @Test
    void handWorkedThresholdsMatchTheRealKernel() {
        // 251543 - 1985 + 1277 + 130 = 250965; - 4035/4 (1008) = 249957; + 1 = 249958
        ParsedMachineView m = numa2At1024M();
        assertEquals(249958, DirtyLimits.dirtyableMemory(m));
        // 20 % = 49991.6, 10 % = 24995.8: the real vmstat printed 49991 and 24995
        assertEquals(new DirtyLimits(24995, 49991), DirtyLimits.of(m));
    }

    @Test
    void backgroundNotBelowDirtyIsHalved() {
        // dirty 10 % = 24995; background 30 % would be above it, so it becomes 24995 / 2
        assertEquals(new DirtyLimits(12497, 24995), DirtyLimits.of(numa2At1024M(), 10, 30));
    }

    @Test
    void dirtyableMemoryIsNeverZero() {
        ParsedMachineView m = new ParsedMachineView();
        m.zone(0, ZoneType.DMA).presentPages = 1;
        m.minFreeKbytes = 1024;
        assertEquals(1, DirtyLimits.dirtyableMemory(m));
        assertEquals(new DirtyLimits(0, 0), DirtyLimits.of(m));
    }

    @Test
    void rejectsRatiosOutsidePercent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DirtyLimits.of(numa2At1024M(), 101, 10));
        assertEquals("vm.dirty_ratio is 101; it must be in 0..100", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DirtyLimits(-1, 0));
    }

    @TestFactory
    Stream<DynamicTest> matchesTheThresholdsOfEveryRealVmstat() {
        return RealBootFolders.perFolder(folder -> {
            String vmstat = RealBootFolders.read(folder, "vmstat");
            DirtyLimits expected = new DirtyLimits(
                    ProcFileParser.vmstatValue(vmstat, "nr_dirty_background_threshold"),
                    ProcFileParser.vmstatValue(vmstat, "nr_dirty_threshold"));
            assertEquals(expected, DirtyLimits.of(RealBootFolders.machineMatchingVmstat(folder)));
        });
    }
}
