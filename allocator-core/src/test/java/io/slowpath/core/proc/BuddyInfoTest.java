package io.slowpath.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.slowpath.api.ZoneType;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class BuddyInfoTest {

    @Test
    void rendersTheSpecExampleLineWithItsTrailingSpace() {
        ParsedMachineView m = new ParsedMachineView();
        ParsedZoneView dma = m.zone(0, ZoneType.DMA);
        dma.presentPages = 3998;
        long[] nrFree = {1, 1, 1, 0, 2, 1, 1, 0, 1, 1, 3};
        System.arraycopy(nrFree, 0, dma.nrFree, 0, nrFree.length);

        assertEquals("Node 0, zone      DMA      1      1      1      0      2      1      1      0      1      1      3 \n",
                BuddyInfo.render(m));
    }

    @Test
    void skipsEmptyZonesAndKeepsNodeOrder() {
        ParsedMachineView m = new ParsedMachineView();
        m.zone(0, ZoneType.DMA).presentPages = 1;
        m.zone(0, ZoneType.NORMAL).presentPages = 1;
        m.zone(1, ZoneType.NORMAL).presentPages = 1;
        m.zone(1, ZoneType.NORMAL).nrFree[10] = 1234567;

        String[] lines = BuddyInfo.render(m).split("\n");

        assertEquals(3, lines.length);
        assertEquals("Node 0, zone      DMA ", lines[0].substring(0, 22));
        assertEquals("Node 0, zone   Normal ", lines[1].substring(0, 22));
        // a count wider than %6lu is printed whole
        assertEquals(" 1234567 ", lines[2].substring(lines[2].length() - 9));
    }

    @Test
    void rejectsANullMachine() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> BuddyInfo.render(null));
        assertEquals("machine view must not be null", e.getMessage());
    }

    @TestFactory
    Stream<DynamicTest> reproducesEveryRealBuddyinfo() {
        return RealBootFolders.perFolder(folder -> {
            ParsedMachineView m = RealBootFolders.machine(folder);
            assertEquals(RealBootFolders.read(folder, "buddyinfo"), BuddyInfo.render(m));
        });
    }

    @TestFactory
    Stream<DynamicTest> rendersOneZoneAsItsLine() {
        return RealBootFolders.perFolder(folder -> {
            ParsedMachineView m = RealBootFolders.machine(folder);
            String first = RealBootFolders.read(folder, "buddyinfo").split("\n")[0] + "\n";
            assertEquals(first, BuddyInfo.renderZone(m.populatedZones().get(0)));
        }).limit(1);
    }
}
