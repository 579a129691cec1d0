package io.slowpath.policy.reclaim.stock310;

/**
 * Models mm/vmscan.c: struct scan_control (Linux 3.10), one per reclaim invocation, global reclaim only (no target
 * memory cgroup).
 */
final class ScanControl {
    /** {@code DEF_PRIORITY}. */
    static final int DEF_PRIORITY = 12;
    /** {@code SWAP_CLUSTER_MAX}. */
    static final int SWAP_CLUSTER_MAX = 32;

    final int gfp;
    final boolean kswapd;
    int order;
    long nrToReclaim;
    int priority = DEF_PRIORITY;
    boolean mayWritepage;
    boolean mayUnmap = true;
    boolean maySwap = true;
    long nrScanned;
    long nrReclaimed;

    ScanControl(int gfp, boolean kswapd, int order, long nrToReclaim, boolean mayWritepage) {
        this.gfp = gfp;
        this.kswapd = kswapd;
        this.order = order;
        this.nrToReclaim = nrToReclaim;
        this.mayWritepage = mayWritepage;
    }
}
