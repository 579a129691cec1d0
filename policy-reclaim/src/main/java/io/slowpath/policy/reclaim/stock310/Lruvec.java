package io.slowpath.policy.reclaim.stock310;

import io.slowpath.api.ZoneView;

/**
 * Models include/linux/mmzone.h: struct lruvec of one zone (Linux 3.10, root memory cgroup only): the zone's five
 * LRU lists (numbered from {@link #base} in {@link LruLists}) and {@code reclaim_stat}: {@code recent_scanned[2]} and
 * {@code recent_rotated[2]}, index 0 anon, 1 file.
 */
final class Lruvec {
    final ZoneView zone;
    final int base;
    final long[] recentScanned = new long[2];
    final long[] recentRotated = new long[2];

    Lruvec(ZoneView zone, int base) {
        this.zone = zone;
        this.base = base;
    }

    /** The {@link LruLists} number of list {@code lru} of this zone. */
    int list(int lru) {
        return base + lru;
    }

    /** Models mm/swap.c: update_page_reclaim_stat (Linux 3.10). */
    void updateReclaimStat(boolean file, boolean rotated, long nrPages) {
        int f = file ? 1 : 0;
        recentScanned[f] += nrPages;
        if (rotated) {
            recentRotated[f] += nrPages;
        }
    }
}
