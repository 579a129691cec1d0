package io.slowpath.core.zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.ZoneType;
import io.slowpath.core.config.KernelFlavour;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The hand-worked examples of spec part 1 section 4.5, and the formulas one by one at their edges. */
class BootSetupWorkedExampleTest {
    /** Spec 4.5: 1 node, 4 GiB, managed DMA 3977, DMA32 770000, Normal 257000, Movable empty. */
    private static final List<ZoneSpec> SPEC_4_5 = List.of(
        new ZoneSpec(0, ZoneType.DMA, 1, 4095, 3998, 3977),
        new ZoneSpec(0, ZoneType.DMA32, 4096, 1044480, 782304, 770000),
        new ZoneSpec(0, ZoneType.NORMAL, 1 << 20, 262144, 262144, 257000));

    private static BootSetup.Result spec45(boolean thp) {
        return BootSetup.compute(SPEC_4_5, MachineSettings.defaults(1).withThp(thp));
    }

    @Test
    void spec45ThpOff() {
        BootSetup.Result r = spec45(false);
        assertEquals(1030977, r.nrFreeBufferPagesAtBoot());
        assertEquals(4123908, r.lowmemKbytesAtBoot());
        assertEquals(8122, r.minFreeKbytes());
        assertEquals(8122, r.defaultMinFreeKbytes());
        assertWatermarks(r, ZoneType.DMA, 7, 8, 10);
        assertWatermarks(r, ZoneType.DMA32, 1516, 1895, 2274);
        assertWatermarks(r, ZoneType.NORMAL, 506, 632, 759);
        assertArrayEquals(new long[] {0, 3007, 4011, 4011}, r.zone(0, ZoneType.DMA).lowmemReserve());
        assertArrayEquals(new long[] {0, 0, 1003, 1003}, r.zone(0, ZoneType.DMA32).lowmemReserve());
        assertArrayEquals(new long[] {0, 0, 0, 0}, r.zone(0, ZoneType.NORMAL).lowmemReserve());
        assertEquals(3977, r.zone(0, ZoneType.DMA).dirtyBalanceReserve());
        assertEquals(3277, r.zone(0, ZoneType.DMA32).dirtyBalanceReserve());
        assertEquals(759, r.zone(0, ZoneType.NORMAL).dirtyBalanceReserve());
        assertEquals(8013, r.totalreservePages());
        assertReserveBlocks(r, 1, 2, 1);
        assertFalse(r.thpActive());
    }

    @Test
    void spec45ThpOn() {
        BootSetup.Result r = spec45(true);
        assertTrue(r.thpActive());
        assertEquals(8122, r.defaultMinFreeKbytes());
        assertEquals(67584, r.minFreeKbytes(), "512 x 3 zones x 11 pageblocks, in kB");
        assertWatermarks(r, ZoneType.DMA, 65, 81, 97);
        assertWatermarks(r, ZoneType.DMA32, 12619, 15773, 18928);
        assertWatermarks(r, ZoneType.NORMAL, 4211, 5263, 6316);
        assertReserveBlocks(r, 1, 2, 2);
        assertEquals(30224, r.totalreservePages());
        // THP does not touch lowmem_reserve or the per-CPU lists.
        assertArrayEquals(new long[] {0, 3007, 4011, 4011}, r.zone(0, ZoneType.DMA).lowmemReserve());
    }

    @Test
    void spec45DriftMarksAndThresholdsComeFromTheDefaultWatermarks() {
        BootSetup.Result off = spec45(false);
        BootSetup.Result on = spec45(true);
        // 1 CPU: DMA32 threshold 2*1*(1+fls(770000>>15 = 23)) = 12, low-min = 379 > 12, so no drift mark.
        assertEquals(12, off.zone(0, ZoneType.DMA32).statThreshold());
        assertEquals(0, off.zone(0, ZoneType.DMA32).percpuDriftMark());
        // DMA: threshold 2, low-min = 1 < 2: mark = high + 2, set before the THP raise and never reset.
        assertEquals(2, off.zone(0, ZoneType.DMA).statThreshold());
        assertEquals(12, off.zone(0, ZoneType.DMA).percpuDriftMark());
        assertEquals(12, on.zone(0, ZoneType.DMA).percpuDriftMark());
        // Pressure threshold follows the watermarks in force: (low - min) / cpus, 1..125.
        assertEquals(1, off.zone(0, ZoneType.DMA).pressureThreshold());
        assertEquals(16, on.zone(0, ZoneType.DMA).pressureThreshold());
        assertEquals(125, on.zone(0, ZoneType.DMA32).pressureThreshold());
    }

    @Test
    void thpRaiseIsCappedAtFivePercentOfFreeBufferPagesAfterTheDefaultWatermarks() {
        // The real 2-node 1 GiB boot: three zones would want 67584 kB, but (254450 - 22 - 726 - 760) / 20 = 12647.
        List<ZoneSpec> zones = List.of(
            new ZoneSpec(0, ZoneType.DMA, 1, 4095, 3998, 3977),
            new ZoneSpec(0, ZoneType.DMA32, 4096, 126976, 126976, 122313),
            new ZoneSpec(1, ZoneType.DMA32, 131072, 131040, 131040, 128160));
        BootSetup.Result r = BootSetup.compute(zones, MachineSettings.defaults(2).withThp(true));
        assertEquals(4035, r.defaultMinFreeKbytes());
        assertEquals(12647 * 4, r.minFreeKbytes());
        assertEquals(67584, MinFreeKbytes.thpRecommendedKbytes(3, Long.MAX_VALUE / 8));
    }

    @Test
    void thpIsOffBelow512MiBOfManagedMemory() {
        List<ZoneSpec> small = List.of(new ZoneSpec(0, ZoneType.DMA, 1, 4095, 3998, 3977),
            new ZoneSpec(0, ZoneType.DMA32, 4096, 130000, 130000, 127095));
        assertTrue(BootSetup.compute(small, MachineSettings.defaults(1).withThp(true)).thpActive(),
            "131072 managed pages is exactly 512 MiB");
        List<ZoneSpec> smaller = List.of(new ZoneSpec(0, ZoneType.DMA, 1, 4095, 3998, 3977),
            new ZoneSpec(0, ZoneType.DMA32, 4096, 130000, 130000, 127094));
        BootSetup.Result r = BootSetup.compute(smaller, MachineSettings.defaults(1).withThp(true));
        assertFalse(r.thpActive());
        assertEquals(r.defaultMinFreeKbytes(), r.minFreeKbytes());
    }

    @Test
    void userMinFreeKbytesWinsAndLeavesThresholdsAlone() {
        BootSetup.Result boot = spec45(true);
        BootSetup.Result set = BootSetup.compute(SPEC_4_5, MachineSettings.defaults(1).withThp(true)
            .withMinFreeKbytes(8122));
        assertEquals(8122, set.minFreeKbytes());
        assertEquals(spec45(false).zone(0, ZoneType.NORMAL).watermarks(), set.zone(0, ZoneType.NORMAL).watermarks());
        BootSetup.Result written = boot.withMinFreeKbytes(8122);
        assertEquals(set.zone(0, ZoneType.DMA32).watermarks(), written.zone(0, ZoneType.DMA32).watermarks());
        assertEquals(8013, written.totalreservePages());
        assertEquals(boot.zone(0, ZoneType.DMA).percpuDriftMark(), written.zone(0, ZoneType.DMA).percpuDriftMark());
        assertEquals(boot.zone(0, ZoneType.DMA32).statThreshold(), written.zone(0, ZoneType.DMA32).statThreshold());
        assertReserveBlocks(written, 1, 2, 1);
        // 0 is accepted by 3.10 (every watermark 0, no reserve blocks); negative is not.
        assertReserveBlocks(boot.withMinFreeKbytes(0), 0, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> boot.withMinFreeKbytes(-1));
    }

    @Test
    void minFreeKbytesDefaultClampsPerFlavour() {
        assertEquals(128, MinFreeKbytes.defaultFor(0, KernelFlavour.MAINLINE_3_10_108));
        assertEquals(4096, MinFreeKbytes.defaultFor(1L << 20, KernelFlavour.MAINLINE_3_10_108), "1 GiB");
        assertEquals(16384, MinFreeKbytes.defaultFor(16L << 20, KernelFlavour.MAINLINE_3_10_108), "16 GiB");
        assertEquals(65536, MinFreeKbytes.defaultFor(1L << 30, KernelFlavour.MAINLINE_3_10_108), "1 TiB");
        assertEquals(131072, MinFreeKbytes.defaultFor(1L << 30, KernelFlavour.EL7), "el7 caps at 262144");
        assertEquals(262144, MinFreeKbytes.defaultFor(1L << 34, KernelFlavour.EL7));
        assertEquals(3, MinFreeKbytes.intSqrt(15));
        assertEquals(4, MinFreeKbytes.intSqrt(16));
        assertEquals(3037000499L, MinFreeKbytes.intSqrt(Long.MAX_VALUE));
    }

    @Test
    void lowmemReserveRatioBelowOneCountsAsOneAndMovableCopiesNormal() {
        long[][] res = LowmemReserve.forNode(new long[] {3977, 770000, 257000, 1000}, new int[] {0, -5, 32});
        assertArrayEquals(new long[] {0, 770000, 1027000, 1028000}, res[0]);
        assertArrayEquals(new long[] {0, 0, 257000, 258000}, res[1]);
        assertArrayEquals(new long[] {0, 0, 0, 1000 / 32}, res[2]);
        assertArrayEquals(new int[] {1, 1, 32}, LowmemReserve.effectiveRatio(new int[] {0, -5, 32}));
        BootSetup.Result r = spec45(false).withLowmemReserveRatio(new int[] {0, 256, 32});
        assertArrayEquals(new int[] {1, 256, 32}, r.lowmemReserveRatio());
        assertArrayEquals(new long[] {0, 770000, 1027000, 1027000}, r.zone(0, ZoneType.DMA).lowmemReserve());
        assertThrows(IllegalArgumentException.class, () -> LowmemReserve.effectiveRatio(new int[] {256, 256}));
    }

    @Test
    void pcpBatchAndHigh() {
        assertEquals(new PcpLimits(0, 1), PcpLimits.forZone(3977), "DMA: batch 0 stored as 1, high 0");
        assertEquals(new PcpLimits(0, 1), PcpLimits.forZone(8191));
        assertEquals(new PcpLimits(6, 1), PcpLimits.forZone(8192));
        assertEquals(new PcpLimits(90, 15), PcpLimits.forZone(90111));
        assertEquals(new PcpLimits(186, 31), PcpLimits.forZone(90112), "from 352 MiB on");
        assertEquals(new PcpLimits(186, 31), PcpLimits.forZone(1L << 30));
        assertEquals(new PcpLimits(8, 2), PcpLimits.forFraction(64, 8));
        assertEquals(new PcpLimits(3, 1), PcpLimits.forFraction(24, 8));
        assertEquals(new PcpLimits(96250, 96), PcpLimits.forFraction(770000, 8), "batch capped at PAGE_SHIFT*8");
        assertThrows(IllegalArgumentException.class, () -> PcpLimits.forFraction(1000, 7));
        BootSetup.Result r = spec45(false).withPercpuPagelistFraction(100);
        assertEquals(new PcpLimits(7700, 96), r.zone(0, ZoneType.DMA32).pcp());
        assertEquals(new PcpLimits(39, 9), r.zone(0, ZoneType.DMA).pcp());
        assertEquals(PcpLimits.BOOT, r.zone(0, ZoneType.MOVABLE).pcp(), "empty zones keep boot_pageset's limits");
        MachineSettings f = new MachineSettings(1, 0, KernelFlavour.MAINLINE_3_10_108, OptionalLong.empty(), false,
            new int[] {256, 256, 32}, 100, ZonelistBuilder.Order.DEFAULT, null);
        assertEquals(r.zone(0, ZoneType.DMA32).pcp(), BootSetup.compute(SPEC_4_5, f).zone(0, ZoneType.DMA32).pcp());
    }

    @Test
    void statThresholdsFollowCpusAndZoneSize() {
        assertEquals(2, VmstatThresholds.normal(3977, 1));
        assertEquals(8, VmstatThresholds.normal(250502, 1), "0.9-1 GB, 1 CPU");
        assertEquals(16, VmstatThresholds.normal(250502, 2), "0.9-1 GB, 2 CPUs");
        assertEquals(36, VmstatThresholds.normal(770000, 4), "2-4 GB, 4 CPUs: 2 x fls(4) x (1 + fls(23))");
        assertEquals(125, VmstatThresholds.normal(4L << 20, 1024), "16-32 GB, 1024 CPUs");
        assertEquals(0, VmstatThresholds.fls(0));
        assertEquals(1, VmstatThresholds.fls(1));
        assertEquals(6, VmstatThresholds.pressure(new Watermarks(506, 632, 759), 20));
        assertEquals(1, VmstatThresholds.pressure(new Watermarks(7, 8, 10), 4));
    }

    @Test
    void inactiveRatioAndMobility() {
        assertEquals(1, InactiveRatio.forManaged((1L << 18) - 1));
        assertEquals(3, InactiveRatio.forManaged(1L << 18), "int_sqrt(10)");
        assertEquals(10, InactiveRatio.forManaged(10L << 18), "int_sqrt(100)");
        List<ZoneSpec> tiny = List.of(new ZoneSpec(0, ZoneType.DMA, 1, 4095, 3998, 2047));
        assertTrue(BootSetup.compute(tiny, MachineSettings.defaults(1)).mobilityGroupingDisabled());
        List<ZoneSpec> small = List.of(new ZoneSpec(0, ZoneType.DMA, 1, 4095, 3998, 2048));
        assertFalse(BootSetup.compute(small, MachineSettings.defaults(1)).mobilityGroupingDisabled());
    }

    @Test
    void resultListsEveryZoneOfEveryNode() {
        BootSetup.Result r = spec45(false);
        assertEquals(4, r.zones().size());
        assertEquals(3, r.populatedZones().size());
        BootSetup.ZoneResult movable = r.zone(0, ZoneType.MOVABLE);
        assertEquals(Watermarks.ZERO, movable.watermarks());
        assertEquals(0, movable.statThreshold());
        assertEquals(1, movable.inactiveRatio());
        assertThrows(IllegalArgumentException.class, () -> r.zone(1, ZoneType.NORMAL));
    }

    @Test
    void badInputIsRefusedWithItsName() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> BootSetup.compute(
            List.of(SPEC_4_5.get(0), SPEC_4_5.get(0)), MachineSettings.defaults(1)));
        assertTrue(twice.getMessage().contains("DMA of node 0 is given twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BootSetup.compute(List.of(), MachineSettings.defaults(1)));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> BootSetup.compute(
            List.of(ZoneSpec.empty(0, ZoneType.DMA)), MachineSettings.defaults(1)));
        assertTrue(empty.getMessage().contains("no zone has managed pages"), empty.getMessage());
    }

    private static void assertWatermarks(BootSetup.Result r, ZoneType t, long min, long low, long high) {
        assertEquals(new Watermarks(min, low, high), r.zone(0, t).watermarks(), t.kernelName());
    }

    private static void assertReserveBlocks(BootSetup.Result r, int dma, int dma32, int normal) {
        assertEquals(List.of(dma, dma32, normal), List.of(r.zone(0, ZoneType.DMA).reserveBlocks(),
            r.zone(0, ZoneType.DMA32).reserveBlocks(), r.zone(0, ZoneType.NORMAL).reserveBlocks()));
    }
}
