package io.slowpath.api;

/**
 * Per-zone counters ({@code enum zone_stat_item}, include/linux/mmzone.h) of Linux 3.10.108 with CONFIG_NUMA, in
 * kernel order; their names are the ones /proc/vmstat and /proc/zoneinfo print.
 */
public enum ZoneStatItem {
    NR_FREE_PAGES,
    NR_INACTIVE_ANON,
    NR_ACTIVE_ANON,
    NR_INACTIVE_FILE,
    NR_ACTIVE_FILE,
    NR_UNEVICTABLE,
    NR_MLOCK,
    NR_ANON_PAGES,
    NR_MAPPED,
    NR_FILE_PAGES,
    NR_DIRTY,
    NR_WRITEBACK,
    NR_SLAB_RECLAIMABLE,
    NR_SLAB_UNRECLAIMABLE,
    NR_PAGE_TABLE_PAGES,
    NR_KERNEL_STACK,
    NR_UNSTABLE,
    NR_BOUNCE,
    NR_VMSCAN_WRITE,
    NR_VMSCAN_IMMEDIATE_RECLAIM,
    NR_WRITEBACK_TEMP,
    NR_ISOLATED_ANON,
    NR_ISOLATED_FILE,
    NR_SHMEM,
    NR_DIRTIED,
    NR_WRITTEN,
    NUMA_HIT,
    NUMA_MISS,
    NUMA_FOREIGN,
    NUMA_INTERLEAVE,
    NUMA_LOCAL,
    NUMA_OTHER,
    NR_ANON_TRANSPARENT_HUGEPAGES,
    NR_FREE_CMA;

    private static final ZoneStatItem[] VALUES = values();

    /** The name /proc/vmstat and /proc/zoneinfo print, e.g. {@code nr_free_pages}. */
    public String procName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The item with this /proc name. */
    public static ZoneStatItem ofProcName(String name) {
        for (ZoneStatItem v : VALUES) {
            if (v.procName().equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown zone counter '" + name + "'");
    }

    /** All items, in the kernel's order. */
    public static ZoneStatItem[] all() {
        return VALUES.clone();
    }
}
