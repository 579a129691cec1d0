package io.slowpath.core.zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.slowpath.api.MigrateType;
import io.slowpath.core.config.KernelFlavour;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link BootSetup} against every boot of the real 3.10.108 kernel: fed the zone sizes /proc/zoneinfo printed, the
 * THP mode of the kernel command line, the sysctls and the CPU count, it must reproduce exactly what the kernel
 * printed.
 */
class BootSetupRealKernelTest {

    @TestFactory
    Stream<DynamicTest> reproducesEveryRealBoot() {
        return RealBootData.perBootFolder(BootSetupRealKernelTest::check);
    }

    private static void check(Path folder) {
        List<RealBootData.ZoneinfoZone> real = RealBootData.zoneinfo(folder);
        MachineSettings settings = settingsOf(folder, real.get(0).cpus);
        BootSetup.Result r = BootSetup.compute(real.stream().map(RealBootData.ZoneinfoZone::spec).toList(), settings);
        String name = RealBootData.name(folder);

        long minFree = Long.parseLong(RealBootData.read(folder.resolve("min_free_kbytes")).trim());
        assertEquals(minFree, r.minFreeKbytes(), name + ": min_free_kbytes");
        // The kernel switches THP off by itself below 512 MiB even with transparent_hugepage=always.
        boolean thpOn = !RealBootData.bracketed(folder.resolve("thp_enabled")).equals("never");
        assertEquals(thpOn, r.thpActive(), name + ": THP left on by hugepage_init");
        assertEquals(real.size(), r.populatedZones().size(), name + ": populated zones");
        assertEquals(false, r.mobilityGroupingDisabled(), name + ": mobility grouping");

        Map<List<Integer>, long[]> blocks = RealBootData.pageblockCounts(folder);
        for (RealBootData.ZoneinfoZone z : real) {
            BootSetup.ZoneResult zr = r.zone(z.node, z.type);
            String where = name + " " + z;
            assertEquals(z.min, zr.min(), where + ": min");
            assertEquals(z.low, zr.low(), where + ": low");
            assertEquals(z.high, zr.high(), where + ": high");
            assertArrayEquals(z.protection, zr.lowmemReserve(), where + ": protection");
            assertEquals(z.pcpHigh, zr.pcpHigh(), where + ": pageset high");
            assertEquals(z.pcpBatch, zr.pcpBatch(), where + ": pageset batch");
            assertEquals(z.statThreshold, zr.statThreshold(), where + ": vm stats threshold");
            assertEquals(z.inactiveRatio, zr.inactiveRatio(), where + ": inactive_ratio");
            long[] zoneBlocks = blocks.get(List.of(z.node, z.type.index()));
            assertEquals(zoneBlocks[MigrateType.RESERVE.index()], zr.reserveBlocks(), where + ": Reserve pageblocks");
        }
    }

    /** The settings of a boot folder: THP as asked on the command line, the sysctl files, the CPUs of zoneinfo. */
    static MachineSettings settingsOf(Path folder, int cpus) {
        String thp = RealBootData.cmdlineValue(folder, "transparent_hugepage");
        String[] ratio = RealBootData.read(folder.resolve("lowmem_reserve_ratio")).trim().split("\\s+");
        int fraction = Integer.parseInt(RealBootData.read(folder.resolve("percpu_pagelist_fraction")).trim());
        return new MachineSettings(cpus, 0, KernelFlavour.MAINLINE_3_10_108, OptionalLong.empty(),
            thp != null && !thp.equals("never"),
            new int[] {Integer.parseInt(ratio[0]), Integer.parseInt(ratio[1]), Integer.parseInt(ratio[2])}, fraction,
            ZonelistBuilder.Order.DEFAULT, null);
    }
}
