package io.slowpath.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class VmStatTest {

    @Test
    void sumsZoneCountersOverAllNodesThenThresholdsThenEvents() {
        ParsedMachineView m = new ParsedMachineView();
        m.zone(0, ZoneType.DMA32).presentPages = 1;
        m.zone(0, ZoneType.DMA32).stats.put(ZoneStatItem.NR_FREE_PAGES, 100L);
        m.zone(1, ZoneType.NORMAL).presentPages = 1;
        m.zone(1, ZoneType.NORMAL).stats.put(ZoneStatItem.NR_FREE_PAGES, 23L);
        m.zone(1, ZoneType.NORMAL).stats.put(ZoneStatItem.NUMA_MISS, 4L);
        m.events.put(VmEvent.PGPGIN, 7L);
        m.events.put(VmEvent.THP_ZERO_PAGE_ALLOC_FAILED, 2L);

        String[] lines = VmStat.render(m, new DirtyLimits(5, 11)).split("\n", -1);

        int items = ZoneStatItem.values().length;
        assertEquals(items + 2 + VmEvent.values().length + 1, lines.length);
        assertEquals("nr_free_pages 123", lines[0]);
        assertEquals("numa_miss 4", lines[ZoneStatItem.NUMA_MISS.ordinal()]);
        assertEquals("nr_dirty_threshold 11", lines[items]);
        assertEquals("nr_dirty_background_threshold 5", lines[items + 1]);
        // event() is the value /proc/vmstat prints: not halved again here
        assertEquals("pgpgin 7", lines[items + 2]);
        assertEquals("thp_zero_page_alloc_failed 2", lines[lines.length - 2]);
        assertEquals("", lines[lines.length - 1]);
    }

    @TestFactory
    Stream<DynamicTest> reproducesEveryRealVmstatWithComputedDirtyThresholds() {
        return RealBootFolders.perFolder(folder -> {
            ParsedMachineView m = RealBootFolders.machineMatchingVmstat(folder);
            assertEquals(RealBootFolders.read(folder, "vmstat"), VmStat.render(m));
        });
    }
}
