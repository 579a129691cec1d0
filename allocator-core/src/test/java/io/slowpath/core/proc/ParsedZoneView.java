package io.slowpath.core.proc;

import io.slowpath.api.MigrateType;
import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import io.slowpath.api.ZoneView;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * A {@link ZoneView} filled from what a real kernel printed (a /proc file or an OOM report line). Every value starts
 * at 0 (an empty zone) and is set by the parsers. The per-order totals ({@code nrFree(order)}) and the per-type counts
 * are stored separately, as the real files were read at different instants and need not agree.
 */
final class ParsedZoneView implements ZoneView {
    private final int nodeId;
    private final ZoneType type;
    long startPfn;
    long spannedPages;
    long presentPages;
    long managedPages;
    long freePages;
    long min;
    long low;
    long high;
    final long[] lowmemReserve = new long[ZoneType.MAX_NR_ZONES];
    final long[] pageblocks = new long[MigrateType.MIGRATE_TYPES];
    final long[] nrFree = new long[PageOrder.MAX_ORDER];
    final long[][] nrFreeByType = new long[PageOrder.MAX_ORDER][MigrateType.MIGRATE_TYPES];
    int[] pcpCount = new int[0];
    int pcpHigh;
    int pcpBatch;
    final Map<ZoneStatItem, Long> stats = new EnumMap<>(ZoneStatItem.class);
    long pagesScanned;
    boolean allUnreclaimable;
    int inactiveRatio;
    int statThreshold;

    ParsedZoneView(int nodeId, ZoneType type) {
        this.nodeId = nodeId;
        this.type = type;
    }

    /** Records CPU {@code cpu}'s pcp count, growing the per-CPU array as CPUs appear. */
    void setPcpCount(int cpu, int count) {
        if (cpu >= pcpCount.length) {
            pcpCount = Arrays.copyOf(pcpCount, cpu + 1);
        }
        pcpCount[cpu] = count;
    }

    @Override
    public int nodeId() {
        return nodeId;
    }

    @Override
    public ZoneType type() {
        return type;
    }

    @Override
    public long startPfn() {
        return startPfn;
    }

    @Override
    public long spannedPages() {
        return spannedPages;
    }

    @Override
    public long presentPages() {
        return presentPages;
    }

    @Override
    public long managedPages() {
        return managedPages;
    }

    @Override
    public long freePages() {
        return freePages;
    }

    @Override
    public long nrFree(int order) {
        return nrFree[PageOrder.checkOrder(order)];
    }

    @Override
    public long nrFree(int order, MigrateType mt) {
        return nrFreeByType[PageOrder.checkOrder(order)][mt.index()];
    }

    @Override
    public long minWatermark() {
        return min;
    }

    @Override
    public long lowWatermark() {
        return low;
    }

    @Override
    public long highWatermark() {
        return high;
    }

    @Override
    public long lowmemReserve(int classzoneIdx) {
        return lowmemReserve[classzoneIdx];
    }

    @Override
    public long pageblocks(MigrateType mt) {
        return pageblocks[mt.index()];
    }

    @Override
    public int pcpCount(int cpu) {
        if (cpu < 0 || cpu >= pcpCount.length) {
            throw new IllegalArgumentException("no pcp count parsed for cpu " + cpu + " of zone " + this);
        }
        return pcpCount[cpu];
    }

    @Override
    public int pcpHigh() {
        return pcpHigh;
    }

    @Override
    public int pcpBatch() {
        return pcpBatch;
    }

    @Override
    public long stat(ZoneStatItem item) {
        return stats.getOrDefault(item, 0L);
    }

    @Override
    public long pagesScanned() {
        return pagesScanned;
    }

    @Override
    public boolean allUnreclaimable() {
        return allUnreclaimable;
    }

    @Override
    public int inactiveRatio() {
        return inactiveRatio;
    }

    @Override
    public int statThreshold() {
        return statThreshold;
    }

    @Override
    public String toString() {
        return "Node " + nodeId + " " + type.kernelName();
    }
}
