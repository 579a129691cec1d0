package io.slowpath.core.zone;

import io.slowpath.api.ZoneType;
import java.util.Arrays;

/**
 * {@code lowmem_reserve[]} of one node's zones and the ratios it is computed from (mm/page_alloc.c, Linux 3.10).
 */
public final class LowmemReserve {
    /** The x86_64 default of {@code vm.lowmem_reserve_ratio}: DMA 256, DMA32 256, Normal 32. */
    private static final int[] DEFAULT_RATIO = {256, 256, 32};

    private LowmemReserve() {
    }

    /** A copy of the default {@code sysctl_lowmem_reserve_ratio} (3 entries: DMA, DMA32, Normal). */
    public static int[] defaultRatio() {
        return DEFAULT_RATIO.clone();
    }

    /**
     * The ratios {@code setup_per_zone_lowmem_reserve} really divides by: each entry below 1 is forced to 1 (the
     * kernel writes the 1 back into the sysctl, so /proc then reads 1).
     *
     * @throws IllegalArgumentException if there are not {@code MAX_NR_ZONES - 1} entries
     */
    public static int[] effectiveRatio(int[] ratio) {
        if (ratio == null || ratio.length != ZoneType.MAX_NR_ZONES - 1) {
            throw new IllegalArgumentException("lowmem_reserve_ratio needs " + (ZoneType.MAX_NR_ZONES - 1)
                + " entries (DMA, DMA32, Normal), got " + (ratio == null ? "none" : Arrays.toString(ratio)));
        }
        int[] out = ratio.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(1, out[i]);
        }
        return out;
    }

    /**
     * Models mm/page_alloc.c: setup_per_zone_lowmem_reserve (Linux 3.10) for one node. Entry {@code [i][j]} is what
     * zone i keeps free for an allocation whose class zone is j: the managed pages of zones i+1..j divided by
     * {@code ratio[i]}; entries with j &lt;= i are 0. Empty zones take part (so an empty Movable zone copies the
     * Normal column).
     *
     * @param managedByZoneIndex {@code managed_pages} of the node's zones, indexed by zone index (4 entries)
     * @param ratio              {@code sysctl_lowmem_reserve_ratio} (3 entries; entries below 1 count as 1)
     * @return a fresh {@code [MAX_NR_ZONES][MAX_NR_ZONES]} array
     */
    public static long[][] forNode(long[] managedByZoneIndex, int[] ratio) {
        if (managedByZoneIndex.length != ZoneType.MAX_NR_ZONES) {
            throw new IllegalArgumentException("need managed pages of " + ZoneType.MAX_NR_ZONES + " zones, got "
                + managedByZoneIndex.length);
        }
        int[] r = effectiveRatio(ratio);
        long[][] reserve = new long[ZoneType.MAX_NR_ZONES][ZoneType.MAX_NR_ZONES];
        for (int j = 0; j < ZoneType.MAX_NR_ZONES; j++) {
            long above = managedByZoneIndex[j];
            for (int idx = j - 1; idx >= 0; idx--) {
                reserve[idx][j] = above / r[idx];
                above += managedByZoneIndex[idx];
            }
        }
        return reserve;
    }
}
