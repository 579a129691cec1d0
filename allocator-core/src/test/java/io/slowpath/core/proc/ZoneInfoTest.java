package io.slowpath.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ZoneInfoTest {

    @Test
    void padsShortCounterNamesToTwelveAndRepeatsTheThresholdPerCpu() {
        ParsedMachineView m = new ParsedMachineView();
        m.cpus = 2;
        ParsedZoneView zone = m.zone(1, ZoneType.NORMAL);
        zone.presentPages = 1;
        zone.stats.put(ZoneStatItem.NR_MLOCK, 7L);
        zone.stats.put(ZoneStatItem.NR_ANON_TRANSPARENT_HUGEPAGES, 3L);
        zone.setPcpCount(0, 5);
        zone.setPcpCount(1, 9);
        zone.statThreshold = 12;
        zone.allUnreclaimable = true;
        zone.lowmemReserve[1] = 42;

        String text = ZoneInfo.render(m);

        assertTrue(text.startsWith("Node 1, zone   Normal\n  pages free     0\n"), text);
        assertTrue(text.contains("\n    nr_mlock     7\n"), text);
        assertTrue(text.contains("\n    nr_anon_transparent_hugepages 3\n"), text);
        assertTrue(text.contains("\n        protection: (0, 42, 0, 0)\n  pagesets\n    cpu: 0\n"), text);
        assertTrue(text.contains("\n    cpu: 1\n              count: 9\n              high:  0\n"
                + "              batch: 0\n  vm stats threshold: 12\n  all_unreclaimable: 1\n"), text);
        assertTrue(text.endsWith("  inactive_ratio:    0\n"), text);
    }

    @Test
    void rejectsZeroCpus() {
        ParsedZoneView zone = new ParsedMachineView().zone(0, ZoneType.DMA);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZoneInfo.renderZone(zone, 0));
        assertEquals("cpus is 0; at least 1 is needed", e.getMessage());
    }

    @TestFactory
    Stream<DynamicTest> reproducesEveryRealZoneinfo() {
        return RealBootFolders.perFolder(folder -> {
            ParsedMachineView m = RealBootFolders.machine(folder);
            assertEquals(RealBootFolders.read(folder, "zoneinfo"), ZoneInfo.render(m));
        });
    }
}
