package io.slowpath.core.zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.ZoneType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link X86MemoryLayout} against every real boot: the RAM map and each zone's start, spanned and present pages
 * exactly, managed pages within {@link #MANAGED_ERROR_BOUND}; and the Movable zone of {@code kernelcore=} and
 * {@code movablecore=}.
 */
class X86MemoryLayoutTest {
    /**
     * The largest managed-pages error of the fitted reservation model over all real boots (per zone): it is exact
     * for every zone but Normal of the 4 GiB boot (245335 against 245334).
     */
    static final long MANAGED_ERROR_BOUND = 1;

    private static final long MIB = 1L << 20;

    @TestFactory
    Stream<DynamicTest> matchesEveryRealBoot() {
        return RealBootData.perBootFolder(X86MemoryLayoutTest::check);
    }

    private static void check(Path folder) {
        String name = RealBootData.name(folder);
        List<Long> nodes = RealBootData.qemuNodeMib(folder).stream().map(m -> m * MIB).toList();
        X86MemoryLayout.Layout layout = X86MemoryLayout.qemuPc(nodes, 0, 0);

        // The e820 RAM map: iomem's System RAM ranges, the node split merged back.
        assertEquals(toString(RealBootData.iomemRamPfns(folder)), toString(merged(layout.ram())), name + ": RAM map");

        List<RealBootData.ZoneinfoZone> real = RealBootData.zoneinfo(folder);
        assertEquals(real.size(), layout.zones().stream().filter(ZoneSpec::populated).count(), name + ": zones");
        for (RealBootData.ZoneinfoZone z : real) {
            ZoneSpec mine = layout.zone(z.node, z.type);
            String where = name + " " + z;
            assertEquals(z.startPfn, mine.startPfn(), where + ": start_pfn");
            assertEquals(z.spanned, mine.spannedPages(), where + ": spanned");
            assertEquals(z.present, mine.presentPages(), where + ": present");
            long error = mine.managedPages() - z.managed;
            assertTrue(Math.abs(error) <= MANAGED_ERROR_BOUND, where + ": managed " + mine.managedPages() + " vs real "
                + z.managed + " (error " + error + ")");
        }
        // End to end: the layout's zones through the boot arithmetic give the kernel's min_free_kbytes, and
        // watermarks within a page.
        BootSetup.Result boot = BootSetup.compute(layout.zones(),
            BootSetupRealKernelTest.settingsOf(folder, real.get(0).cpus));
        assertEquals(Long.parseLong(RealBootData.read(folder.resolve("min_free_kbytes")).trim()), boot.minFreeKbytes(),
            name + ": min_free_kbytes from the laid-out zones");
        for (RealBootData.ZoneinfoZone z : real) {
            assertEquals(z.min, boot.zone(z.node, z.type).min(), 1, name + " " + z + ": min from the laid-out zones");
            assertEquals(z.high, boot.zone(z.node, z.type).high(), 1, name + " " + z + ": high from the laid-out zones");
        }
        // The convenience entry point (even split, no Movable) gives the same zones.
        long total = nodes.stream().mapToLong(Long::longValue).sum();
        assertEquals(layout.zones(), X86MemoryLayout.qemuPc(total, nodes.size(), 0));
    }

    @Test
    void fourGigabytesExactlyAsTheSpecShowsIt() {
        X86MemoryLayout.Layout l = X86MemoryLayout.qemuPc(List.of(4096 * MIB), 0, 0);
        assertEquals(new ZoneSpec(0, ZoneType.DMA, 1, 4095, 3998, 3977), l.zone(0, ZoneType.DMA));
        assertEquals(new ZoneSpec(0, ZoneType.DMA32, 4096, 1044480, 782304, 762797), l.zone(0, ZoneType.DMA32));
        ZoneSpec normal = l.zone(0, ZoneType.NORMAL);
        assertEquals(List.of(1L << 20, 262144L, 262144L), List.of(normal.startPfn(), normal.spannedPages(),
            normal.presentPages()));
        assertEquals(245334, normal.managedPages(), MANAGED_ERROR_BOUND);
        assertEquals(0, l.zone(0, ZoneType.MOVABLE).spannedPages());
        assertEquals(0x140000, l.maxPfn());
    }

    @Test
    void ramAtOrAboveThreeAndAHalfGigabytesMovesAboveFourGigabytes() {
        X86MemoryLayout.Layout below = X86MemoryLayout.qemuPc(List.of(3583 * MIB), 0, 0);
        assertEquals(((3583 * MIB) - (128 << 10)) >> 12, below.maxPfn(), "all of it below 4 GiB");
        assertEquals(0, below.zone(0, ZoneType.NORMAL).presentPages());
        X86MemoryLayout.Layout above = X86MemoryLayout.qemuPc(List.of(3584 * MIB), 0, 0);
        assertEquals(0xC0000000L - (128 << 10) >> 12, above.ram().get(1).endPfn(), "3 GiB stay below");
        assertEquals((512 * MIB) >> 12, above.zone(0, ZoneType.NORMAL).presentPages());
    }

    @Test
    void twoNodesAcrossThePciHole() {
        // 2 x 3 GiB: node 0 fills low RAM up to 3 GiB; node 1 gets nothing below 4 GiB beyond that point.
        X86MemoryLayout.Layout l = X86MemoryLayout.qemuPc(List.of(3072 * MIB, 3072 * MIB), 0, 0);
        long lowEnd = (0xC0000000L - (128 << 10)) >> 12;
        assertEquals(lowEnd - 4096, l.zone(0, ZoneType.DMA32).presentPages());
        assertEquals(0, l.zone(0, ZoneType.NORMAL).spannedPages());
        assertEquals(0, l.zone(1, ZoneType.DMA32).spannedPages());
        ZoneSpec n1 = l.zone(1, ZoneType.NORMAL);
        assertEquals(List.of(1L << 20, 786432L, 786432L), List.of(n1.startPfn(), n1.spannedPages(), n1.presentPages()));
        // 2 x 2 GiB: node 1 spans 2 GiB .. 5 GiB, its DMA32 part ending at the PCI hole.
        X86MemoryLayout.Layout m = X86MemoryLayout.qemuPc(List.of(2048 * MIB, 2048 * MIB), 0, 0);
        ZoneSpec d = m.zone(1, ZoneType.DMA32);
        assertEquals(List.of(524288L, 524288L, lowEnd - 524288), List.of(d.startPfn(), d.spannedPages(),
            d.presentPages()));
        assertEquals(262144, m.zone(1, ZoneType.NORMAL).presentPages());
        assertEquals(List.of(2048 * MIB, 2048 * MIB), X86MemoryLayout.qemuNodeSplit(4096 * MIB, 2));
        assertEquals(List.of(336 * MIB, 336 * MIB, 352 * MIB), X86MemoryLayout.qemuNodeSplit(1024 * MIB, 3),
            "8 MiB aligned shares, the rest to the last node");
    }

    @Test
    void movablecoreCarvesTheTopOfTheHighestZone() {
        // 4 GiB, movablecore=512M: Normal keeps the first 512 MiB above 4 GiB, Movable gets the rest.
        List<ZoneSpec> z = X86MemoryLayout.qemuPc(4096 * MIB, 1, 512 * MIB);
        ZoneSpec normal = find(z, 0, ZoneType.NORMAL);
        ZoneSpec movable = find(z, 0, ZoneType.MOVABLE);
        assertEquals(List.of(1L << 20, 131072L, 131072L), List.of(normal.startPfn(), normal.spannedPages(),
            normal.presentPages()));
        assertEquals(List.of((1L << 20) + 131072, 131072L, 131072L), List.of(movable.startPfn(),
            movable.spannedPages(), movable.presentPages()));
        assertEquals(normal.presentPages(), normal.managedPages(), "boot allocations land at the top: in Movable");
        assertTrue(movable.managedPages() < movable.presentPages());
        // Below 4 GiB the Movable zone comes out of DMA32.
        List<ZoneSpec> small = X86MemoryLayout.qemuPc(1024 * MIB, 1, 256 * MIB);
        ZoneSpec dma32 = find(small, 0, ZoneType.DMA32);
        ZoneSpec mov = find(small, 0, ZoneType.MOVABLE);
        assertEquals(dma32.endPfn(), mov.startPfn());
        assertEquals(0, mov.startPfn() % 1024, "ZONE_MOVABLE starts MAX_ORDER aligned");
        assertEquals(dma32.presentPages() + mov.presentPages(), 258016);
        // Asked for 65536 pages; rounding the start up to 1024 pages leaves 65504 (the kernel does the same).
        assertEquals(65504, mov.presentPages());
    }

    @Test
    void kernelcoreIsSpreadEvenlyOverTheNodes() {
        // 2 x 1 GiB, kernelcore=512M: each node keeps 256 MiB of kernel memory (counted from its bottom).
        X86MemoryLayout.Layout l = X86MemoryLayout.qemuPc(List.of(1024 * MIB, 1024 * MIB), 512 * MIB, 0);
        ZoneSpec m0 = l.zone(0, ZoneType.MOVABLE);
        ZoneSpec m1 = l.zone(1, ZoneType.MOVABLE);
        // Node 0's DMA pages count against its share too: 158 + 3840 below DMA32, then 61538 pages of DMA32 up to
        // pfn 65634, rounded up to MAX_ORDER_NR_PAGES.
        assertEquals(66560, m0.startPfn(), "node 0 movable start");
        assertEquals(262144 + 65536, m1.startPfn(), "node 1 movable start");
        assertEquals(262144 - m0.startPfn(), m0.spannedPages());
        assertEquals(l.zone(0, ZoneType.DMA32).endPfn(), m0.startPfn());
    }

    @Test
    void badSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> X86MemoryLayout.qemuPc(32 * MIB, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> X86MemoryLayout.qemuPc(1024 * MIB + 4096, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> X86MemoryLayout.qemuPc(1024 * MIB, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> X86MemoryLayout.qemuPc(1024 * MIB, 1, 1024 * MIB));
        assertThrows(IllegalArgumentException.class, () -> X86MemoryLayout.qemuPc(1024 * MIB, 1, -1));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
            () -> X86MemoryLayout.qemuPc(List.of(1024 * MIB, 8 * MIB), 0, 0));
        assertTrue(small.getMessage().contains("node 1"), small.getMessage());
    }

    @Test
    void everyNodeHasAllFourZonesInOrder() {
        List<ZoneSpec> z = X86MemoryLayout.qemuPc(2048 * MIB, 2, 0);
        assertEquals(8, z.size());
        int[] nodes = z.stream().mapToInt(ZoneSpec::node).toArray();
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1}, nodes);
        for (int i = 0; i < z.size(); i++) {
            assertEquals(ZoneType.ofIndex(i % 4), z.get(i).type());
        }
    }

    private static ZoneSpec find(List<ZoneSpec> zones, int node, ZoneType t) {
        return zones.stream().filter(s -> s.node() == node && s.type() == t).findFirst().orElseThrow();
    }

    private static List<long[]> merged(List<X86MemoryLayout.PfnRange> ram) {
        List<long[]> out = new ArrayList<>();
        for (X86MemoryLayout.PfnRange r : ram) {
            if (!out.isEmpty() && out.get(out.size() - 1)[1] == r.startPfn()) {
                out.get(out.size() - 1)[1] = r.endPfn();
            } else {
                out.add(new long[] {r.startPfn(), r.endPfn()});
            }
        }
        return out;
    }

    private static String toString(List<long[]> ranges) {
        StringBuilder sb = new StringBuilder();
        for (long[] r : ranges) {
            sb.append(String.format("[%#x, %#x) ", r[0], r[1]));
        }
        return sb.toString();
    }
}
