package io.slowpath.policy.reclaim.stock310;

import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_ACTIVE_ANON;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_ACTIVE_FILE;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_INACTIVE_ANON;
import static io.slowpath.policy.reclaim.stock310.LruLists.LRU_INACTIVE_FILE;

/**
 * Models mm/vmscan.c: get_scan_count (Linux 3.10, global reclaim): how many pages of each evictable list one
 * {@code shrink_lruvec} scans at a priority. A pure function of its inputs, apart from halving the lruvec's
 * {@code reclaim_stat} in the SCAN_FRACT case as the kernel does.
 *
 * @param balance the mode chosen
 * @param nr      the targets of LRU_INACTIVE_ANON, LRU_ACTIVE_ANON, LRU_INACTIVE_FILE, LRU_ACTIVE_FILE
 */
record ScanCount(ScanBalance balance, long[] nr) {
    /**
     * The inputs of one call.
     *
     * @param sizes        the four evictable list sizes in pages, by {@code enum lru_list}
     * @param priority     {@code sc->priority}
     * @param swappiness   {@code vm_swappiness}
     * @param maySwap      {@code sc->may_swap}
     * @param nrSwapPages  {@code get_nr_swap_pages()}: free swap slots
     * @param freePages    the zone's NR_FREE_PAGES
     * @param highWmark    the zone's high watermark
     * @param forceScan    kswapd over an all_unreclaimable zone
     */
    record Input(long[] sizes, int priority, int swappiness, boolean maySwap, long nrSwapPages, long freePages,
                 long highWmark, boolean forceScan) {
    }

    static ScanCount compute(Input in, long[] recentScanned, long[] recentRotated) {
        long[] size = in.sizes();
        ScanBalance balance;
        long[] fraction = new long[2];
        long denominator = 1;
        long anon = size[LRU_ACTIVE_ANON] + size[LRU_INACTIVE_ANON];
        long file = size[LRU_ACTIVE_FILE] + size[LRU_INACTIVE_FILE];
        if (!in.maySwap() || in.nrSwapPages() <= 0) {
            balance = ScanBalance.SCAN_FILE;
        } else if (in.priority() == 0 && in.swappiness() != 0) {
            balance = ScanBalance.SCAN_EQUAL;
        } else if (file + in.freePages() <= in.highWmark()) {
            balance = ScanBalance.SCAN_ANON;
        } else if (size[LRU_ACTIVE_FILE] <= size[LRU_INACTIVE_FILE]) { // !inactive_file_is_low
            balance = ScanBalance.SCAN_FILE;
        } else {
            balance = ScanBalance.SCAN_FRACT;
            long anonPrio = in.swappiness();
            long filePrio = 200 - anonPrio;
            if (recentScanned[0] > anon / 4) {
                recentScanned[0] /= 2;
                recentRotated[0] /= 2;
            }
            if (recentScanned[1] > file / 4) {
                recentScanned[1] /= 2;
                recentRotated[1] /= 2;
            }
            long ap = anonPrio * (recentScanned[0] + 1) / (recentRotated[0] + 1);
            long fp = filePrio * (recentScanned[1] + 1) / (recentRotated[1] + 1);
            fraction[0] = ap;
            fraction[1] = fp;
            denominator = ap + fp + 1;
        }
        long[] nr = new long[4];
        for (int lru = LRU_INACTIVE_ANON; lru <= LRU_ACTIVE_FILE; lru++) {
            boolean isFile = LruLists.isFileLru(lru);
            long scan = size[lru] >> in.priority();
            if (scan == 0 && in.forceScan()) {
                scan = Math.min(size[lru], ScanControl.SWAP_CLUSTER_MAX);
            }
            switch (balance) {
                case SCAN_EQUAL -> { }
                case SCAN_FRACT -> scan = mulDiv(scan, fraction[isFile ? 1 : 0], denominator);
                case SCAN_FILE -> scan = isFile ? scan : 0;
                case SCAN_ANON -> scan = isFile ? 0 : scan;
                default -> throw new AssertionError(balance);
            }
            nr[lru] = scan;
        }
        return new ScanCount(balance, nr);
    }

    /** {@code div64_u64(a * b, d)} of the kernel's 64-bit arithmetic, without overflow. */
    static long mulDiv(long a, long b, long d) {
        try {
            return Math.multiplyExact(a, b) / d;
        } catch (ArithmeticException e) {
            return java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b))
                .divide(java.math.BigInteger.valueOf(d)).longValueExact();
        }
    }
}
