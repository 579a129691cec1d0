package io.slowpath.policy.oom.report;

/**
 * The per-cpu pageset lines of one zone ({@code Node N Zone per-cpu:} and {@code CPU %4d: hi:%5d, btch:%4d usd:%4d}).
 *
 * @param node  the node id
 * @param zone  the zone name
 * @param high  {@code pcp->high} (the last CPU line's)
 * @param batch {@code pcp->batch}
 * @param count {@code pcp->count} by CPU id (0 for a CPU not printed)
 */
public record PerCpuLines(int node, String zone, int high, int batch, int[] count) {
}
