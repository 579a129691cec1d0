package io.slowpath.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.slowpath.api.MigrateType;
import io.slowpath.api.ZoneType;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class PageTypeInfoTest {

    @Test
    void rendersBothTablesOfOneZone() {
        ParsedMachineView m = new ParsedMachineView();
        ParsedZoneView dma = m.zone(0, ZoneType.DMA);
        dma.presentPages = 3998;
        dma.nrFreeByType[10][MigrateType.MOVABLE.index()] = 3;
        dma.nrFreeByType[9][MigrateType.RESERVE.index()] = 1;
        dma.pageblocks[MigrateType.UNMOVABLE.index()] = 1;
        dma.pageblocks[MigrateType.MOVABLE.index()] = 6;
        dma.pageblocks[MigrateType.RESERVE.index()] = 1;

        String expected = "Page block order: 9\n"
                + "Pages per block:  512\n"
                + "\n"
                + "Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 \n"
                + "Node    0, zone      DMA, type    Unmovable      0      0      0      0      0      0      0      0      0      0      0 \n"
                + "Node    0, zone      DMA, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0 \n"
                + "Node    0, zone      DMA, type      Movable      0      0      0      0      0      0      0      0      0      0      3 \n"
                + "Node    0, zone      DMA, type      Reserve      0      0      0      0      0      0      0      0      0      1      0 \n"
                + "\n"
                + "Number of blocks type     Unmovable  Reclaimable      Movable      Reserve \n"
                + "Node 0, zone      DMA            1            0            6            1 \n";
        assertEquals(expected, PageTypeInfo.render(m));
    }

    @Test
    void aMemorylessNodePrintsNothing() {
        ParsedMachineView withEmptyNode = new ParsedMachineView();
        withEmptyNode.zone(0, ZoneType.DMA32).presentPages = 100;
        withEmptyNode.zone(1, ZoneType.DMA32); // node 1 exists, but has no present pages
        ParsedMachineView oneNode = new ParsedMachineView();
        oneNode.zone(0, ZoneType.DMA32).presentPages = 100;

        assertEquals(PageTypeInfo.render(oneNode), PageTypeInfo.render(withEmptyNode));
    }

    @TestFactory
    Stream<DynamicTest> reproducesEveryRealPagetypeinfo() {
        return RealBootFolders.perFolder(folder -> {
            ParsedMachineView m = RealBootFolders.machine(folder);
            assertEquals(RealBootFolders.read(folder, "pagetypeinfo"), PageTypeInfo.render(m));
        });
    }
}
