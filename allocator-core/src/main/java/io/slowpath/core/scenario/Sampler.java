package io.slowpath.core.scenario;

import io.slowpath.api.MachineView;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.Fragmentation;
import io.slowpath.core.sim.SimulatedKernel;
import java.util.List;

/** Samples the {@link TimeSeries#COLUMNS} of a running kernel; cumulative counts are since its construction. */
final class Sampler {
    private static final VmEvent[] SCAN_KSWAPD = perZone("pgscan_kswapd");
    private static final VmEvent[] SCAN_DIRECT = perZone("pgscan_direct");
    private static final VmEvent[] STEAL_KSWAPD = perZone("pgsteal_kswapd");
    private static final VmEvent[] STEAL_DIRECT = perZone("pgsteal_direct");

    private final SimulatedKernel kernel;
    private final RunStats stats;
    private final List<ZoneView> zones;
    private final ZoneView largest;
    private final long stall0;
    private final long[] base;

    Sampler(SimulatedKernel kernel, RunStats stats) {
        this.kernel = kernel;
        this.stats = stats;
        this.zones = List.copyOf(kernel.machine().populatedZones());
        ZoneView big = zones.get(0);
        for (ZoneView z : zones) {
            if (z.managedPages() > big.managedPages()) {
                big = z;
            }
        }
        this.largest = big;
        this.stall0 = kernel.memstallNs();
        this.base = counters();
    }

    private static VmEvent[] perZone(String prefix) {
        ZoneType[] types = ZoneType.values();
        VmEvent[] out = new VmEvent[types.length];
        for (int i = 0; i < types.length; i++) {
            out[i] = VmEvent.perZone(prefix, types[i]);
        }
        return out;
    }

    private static long sum(MachineView m, VmEvent[] events) {
        long n = 0;
        for (VmEvent e : events) {
            n += m.event(e);
        }
        return n;
    }

    /** The cumulative /proc/vmstat counts of the columns pgscan_kswapd..compact_fail. */
    private long[] counters() {
        MachineView m = kernel.machine();
        return new long[] {sum(m, SCAN_KSWAPD), sum(m, SCAN_DIRECT), sum(m, STEAL_KSWAPD), sum(m, STEAL_DIRECT),
            m.event(VmEvent.ALLOCSTALL), m.event(VmEvent.PSWPOUT), m.event(VmEvent.COMPACT_STALL),
            m.event(VmEvent.COMPACT_SUCCESS), m.event(VmEvent.COMPACT_FAIL)};
    }

    /** One row at simulated time {@code timeNs}. */
    long[] sample(long timeNs) {
        long[] row = new long[TimeSeries.COLUMNS.size()];
        int i = 0;
        row[i++] = timeNs / 1_000_000L;
        long free = 0;
        long min = 0;
        long low = 0;
        long high = 0;
        long anon = 0;
        long thp = 0;
        long file = 0;
        for (ZoneView z : zones) {
            free += z.freePages();
            min += z.minWatermark();
            low += z.lowWatermark();
            high += z.highWatermark();
            anon += z.stat(ZoneStatItem.NR_ANON_PAGES);
            thp += z.stat(ZoneStatItem.NR_ANON_TRANSPARENT_HUGEPAGES);
            file += z.stat(ZoneStatItem.NR_FILE_PAGES);
        }
        row[i++] = free;
        row[i++] = min;
        row[i++] = low;
        row[i++] = high;
        long[] c = counters();
        for (int k = 0; k < c.length; k++) {
            row[i++] = c[k] - base[k];
        }
        row[i++] = Fragmentation.of(largest, 9).unusableFreeIndex();
        row[i++] = (kernel.memstallNs() - stall0) / 1_000_000L;
        row[i++] = stats.kills.size();
        row[i++] = anon + thp * 512;
        row[i++] = file;
        return row;
    }
}
