package io.slowpath.core.zone;

import io.slowpath.core.config.KernelFlavour;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The boot parameters and sysctls that shape a machine's zones.
 *
 * @param cpus                   simulated CPUs ({@code num_online_cpus})
 * @param threadSlots            extra CPU slots handed to threads that call the allocator without a CPU id
 * @param flavour                the kernel simulated
 * @param minFreeKbytes          {@code vm.min_free_kbytes} when the user set it; empty for the kernel's default
 * @param thpEnabled             {@code transparent_hugepage} is {@code always} or {@code madvise}
 * @param lowmemReserveRatio     {@code vm.lowmem_reserve_ratio} (3 entries: DMA, DMA32, Normal)
 * @param percpuPagelistFraction {@code vm.percpu_pagelist_fraction} (0: unused)
 * @param zonelistOrder          {@code numa_zonelist_order}
 * @param distance               {@code node_distance} matrix, or null for 10 local / 20 remote
 */
public record MachineSettings(int cpus, int threadSlots, KernelFlavour flavour, OptionalLong minFreeKbytes,
                              boolean thpEnabled, int[] lowmemReserveRatio, int percpuPagelistFraction,
                              ZonelistBuilder.Order zonelistOrder, int[][] distance) {
    /** The defaults of a kernel.org 3.10.108 boot: THP never, default sysctls. */
    public static MachineSettings defaults(int cpus) {
        return new MachineSettings(cpus, 64, KernelFlavour.MAINLINE_3_10_108, OptionalLong.empty(), false,
            new int[] {256, 256, 32}, 0, ZonelistBuilder.Order.DEFAULT, null);
    }

    public MachineSettings {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1, got " + cpus);
        }
        if (threadSlots < 0) {
            throw new IllegalArgumentException("thread slots must not be negative, got " + threadSlots);
        }
        if (lowmemReserveRatio.length != 3) {
            throw new IllegalArgumentException("lowmem_reserve_ratio needs 3 entries, got " + lowmemReserveRatio.length);
        }
        if (percpuPagelistFraction != 0 && percpuPagelistFraction < 8) {
            throw new IllegalArgumentException("percpu_pagelist_fraction must be 0 or at least 8, got "
                + percpuPagelistFraction);
        }
        lowmemReserveRatio = lowmemReserveRatio.clone();
    }

    /** The same settings with another CPU count. */
    public MachineSettings withCpus(int n) {
        return new MachineSettings(n, threadSlots, flavour, minFreeKbytes, thpEnabled, lowmemReserveRatio,
            percpuPagelistFraction, zonelistOrder, distance);
    }

    /** The same settings with THP on or off. */
    public MachineSettings withThp(boolean on) {
        return new MachineSettings(cpus, threadSlots, flavour, minFreeKbytes, on, lowmemReserveRatio,
            percpuPagelistFraction, zonelistOrder, distance);
    }

    /** The same settings with a user-set {@code min_free_kbytes}. */
    public MachineSettings withMinFreeKbytes(long kb) {
        return new MachineSettings(cpus, threadSlots, flavour, OptionalLong.of(kb), thpEnabled, lowmemReserveRatio,
            percpuPagelistFraction, zonelistOrder, distance);
    }

    /** The same settings for another kernel flavour. */
    public MachineSettings withFlavour(KernelFlavour f) {
        return new MachineSettings(cpus, threadSlots, f, minFreeKbytes, thpEnabled, lowmemReserveRatio,
            percpuPagelistFraction, zonelistOrder, distance);
    }

    /** The same settings with another number of thread slots. */
    public MachineSettings withThreadSlots(int n) {
        return new MachineSettings(cpus, n, flavour, minFreeKbytes, thpEnabled, lowmemReserveRatio,
            percpuPagelistFraction, zonelistOrder, distance);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MachineSettings m && cpus == m.cpus && threadSlots == m.threadSlots
            && flavour == m.flavour && minFreeKbytes.equals(m.minFreeKbytes) && thpEnabled == m.thpEnabled
            && Arrays.equals(lowmemReserveRatio, m.lowmemReserveRatio)
            && percpuPagelistFraction == m.percpuPagelistFraction && zonelistOrder == m.zonelistOrder
            && Arrays.deepEquals(distance, m.distance);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {cpus, threadSlots, flavour, minFreeKbytes, thpEnabled,
            Arrays.hashCode(lowmemReserveRatio), percpuPagelistFraction, zonelistOrder, Arrays.deepHashCode(distance)});
    }
}
