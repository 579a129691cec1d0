package io.slowpath.api;

/**
 * Event counters ({@code enum vm_event_item}, include/linux/vm_event_item.h) of Linux 3.10.108 as the reference
 * kernel configures it (NUMA, migration, compaction, hugetlb, THP; no NUMA balancing), in kernel order. Their names are
 * the ones /proc/vmstat prints after the zone counters.
 */
public enum VmEvent {
    PGPGIN,
    PGPGOUT,
    PSWPIN,
    PSWPOUT,
    PGALLOC_DMA,
    PGALLOC_DMA32,
    PGALLOC_NORMAL,
    PGALLOC_MOVABLE,
    PGFREE,
    PGACTIVATE,
    PGDEACTIVATE,
    PGFAULT,
    PGMAJFAULT,
    PGREFILL_DMA,
    PGREFILL_DMA32,
    PGREFILL_NORMAL,
    PGREFILL_MOVABLE,
    PGSTEAL_KSWAPD_DMA,
    PGSTEAL_KSWAPD_DMA32,
    PGSTEAL_KSWAPD_NORMAL,
    PGSTEAL_KSWAPD_MOVABLE,
    PGSTEAL_DIRECT_DMA,
    PGSTEAL_DIRECT_DMA32,
    PGSTEAL_DIRECT_NORMAL,
    PGSTEAL_DIRECT_MOVABLE,
    PGSCAN_KSWAPD_DMA,
    PGSCAN_KSWAPD_DMA32,
    PGSCAN_KSWAPD_NORMAL,
    PGSCAN_KSWAPD_MOVABLE,
    PGSCAN_DIRECT_DMA,
    PGSCAN_DIRECT_DMA32,
    PGSCAN_DIRECT_NORMAL,
    PGSCAN_DIRECT_MOVABLE,
    PGSCAN_DIRECT_THROTTLE,
    ZONE_RECLAIM_FAILED,
    PGINODESTEAL,
    SLABS_SCANNED,
    KSWAPD_INODESTEAL,
    KSWAPD_LOW_WMARK_HIT_QUICKLY,
    KSWAPD_HIGH_WMARK_HIT_QUICKLY,
    PAGEOUTRUN,
    ALLOCSTALL,
    PGROTATED,
    PGMIGRATE_SUCCESS,
    PGMIGRATE_FAIL,
    COMPACT_MIGRATE_SCANNED,
    COMPACT_FREE_SCANNED,
    COMPACT_ISOLATED,
    COMPACT_STALL,
    COMPACT_FAIL,
    COMPACT_SUCCESS,
    HTLB_BUDDY_ALLOC_SUCCESS,
    HTLB_BUDDY_ALLOC_FAIL,
    UNEVICTABLE_PGS_CULLED,
    UNEVICTABLE_PGS_SCANNED,
    UNEVICTABLE_PGS_RESCUED,
    UNEVICTABLE_PGS_MLOCKED,
    UNEVICTABLE_PGS_MUNLOCKED,
    UNEVICTABLE_PGS_CLEARED,
    UNEVICTABLE_PGS_STRANDED,
    THP_FAULT_ALLOC,
    THP_FAULT_FALLBACK,
    THP_COLLAPSE_ALLOC,
    THP_COLLAPSE_ALLOC_FAILED,
    THP_SPLIT,
    THP_ZERO_PAGE_ALLOC,
    THP_ZERO_PAGE_ALLOC_FAILED;

    private static final VmEvent[] VALUES = values();

    /** The name /proc/vmstat and /proc/zoneinfo print, e.g. {@code pgalloc_normal}. */
    public String procName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The item with this /proc name. */
    public static VmEvent ofProcName(String name) {
        for (VmEvent v : VALUES) {
            if (v.procName().equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown vm event '" + name + "'");
    }

    /** All items, in the kernel's order. */
    public static VmEvent[] all() {
        return VALUES.clone();
    }

    /** The per-zone event counter of {@code prefix} (e.g. {@code pgalloc}) for a zone type, e.g. {@code pgalloc_dma32}. */
    public static VmEvent perZone(String prefix, ZoneType zone) {
        return ofProcName(prefix + "_" + zone.kernelName().toLowerCase(java.util.Locale.ROOT));
    }
}
