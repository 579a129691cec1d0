package io.slowpath.api.mm;

/**
 * What a policy may read of every physical page ({@code struct page} as reclaim, compaction and the OOM killer use
 * it), by pfn, without an object per page: the {@code PG_*} flags, what the page is used for, its map count and the
 * tasks mapping it, plus the few writes a policy owns: {@code page_referenced} (which clears the accessed bits it
 * counts) and the policy-owned flag bits {@link #POLICY_FLAGS}.
 *
 * <p>The flag constants are the Linux 3.10 bit numbers of {@code enum pageflags} (include/linux/page-flags.h,
 * CONFIG_PAGEFLAGS_EXTENDED). The memory-management model sets {@code PG_dirty}, {@code PG_writeback},
 * {@code PG_swapcache}, {@code PG_swapbacked}, {@code PG_head}/{@code PG_tail} and {@code PG_slab}; it sets
 * {@code PG_active} on a new anonymous page just before {@code ReclaimPolicy.pageAdded} (the target list, as
 * {@code lru_cache_add_lru(page, LRU_ACTIVE_ANON)}) and clears it for page-cache and swap-in pages.
 */
public interface PageState {
    /** {@code PG_locked}. */
    int PG_LOCKED = 1 << 0;
    /** {@code PG_referenced}: the software "touched once" bit of {@code mark_page_accessed} (policy-owned). */
    int PG_REFERENCED = 1 << 2;
    /** {@code PG_uptodate}: contents valid. */
    int PG_UPTODATE = 1 << 3;
    /** {@code PG_dirty}: must be written back before it can be freed. */
    int PG_DIRTY = 1 << 4;
    /** {@code PG_lru}: on an LRU list (policy-owned). */
    int PG_LRU = 1 << 5;
    /** {@code PG_active}: on (or headed for) an active list (policy-owned after {@code pageAdded}). */
    int PG_ACTIVE = 1 << 6;
    /** {@code PG_slab}: a slab page. */
    int PG_SLAB = 1 << 7;
    /** {@code PG_writeback}: write I/O in flight. */
    int PG_WRITEBACK = 1 << 13;
    /** {@code PG_head}: first page of a compound (transparent huge) page. */
    int PG_HEAD = 1 << 14;
    /** {@code PG_tail}: a tail page of a compound page. */
    int PG_TAIL = 1 << 15;
    /** {@code PG_swapcache}: in the swap cache. */
    int PG_SWAPCACHE = 1 << 16;
    /** {@code PG_reclaim}: reclaim wants it freed as soon as writeback ends (policy-owned). */
    int PG_RECLAIM = 1 << 18;
    /** {@code PG_swapbacked}: backed by RAM or swap (anonymous): belongs on the anon LRU lists. */
    int PG_SWAPBACKED = 1 << 19;
    /** {@code PG_unevictable}: on the unevictable list (policy-owned). */
    int PG_UNEVICTABLE = 1 << 20;
    /** {@code PG_mlocked}: mlocked (reserved; not modelled yet). */
    int PG_MLOCKED = 1 << 21;

    /** The bits a policy may set and clear with {@link #setFlags} and {@link #clearFlags}. */
    int POLICY_FLAGS = PG_LRU | PG_ACTIVE | PG_REFERENCED | PG_RECLAIM | PG_UNEVICTABLE;

    /** Kind: not a page the model uses (free, on a per-CPU list, or allocated by someone else). */
    int KIND_NONE = 0;
    /** Kind: an anonymous page ({@code PageAnon}), swap cache included. */
    int KIND_ANON = 1;
    /** Kind: a page-cache page of a file. */
    int KIND_FILE = 2;
    /** Kind: a page-table page. */
    int KIND_PAGETABLE = 3;
    /** Kind: a kernel stack page. */
    int KIND_KSTACK = 4;
    /** Kind: a slab page. */
    int KIND_SLAB = 5;
    /** Kind: the transparent huge zero page. */
    int KIND_HUGE_ZERO = 6;

    /** One past the highest pfn described. */
    long maxPfn();

    /** The {@code PG_*} bits of {@code pfn}. */
    int flags(long pfn);

    /** What the page is used for ({@link #KIND_ANON}, {@link #KIND_FILE}, ...). */
    int kind(long pfn);

    /** {@code page_mapcount}: the page-table entries (or huge PMDs) mapping the page. */
    int mapcount(long pfn);

    /** The pids of the tasks mapping {@code pfn}, in reverse-map walk order (empty when unmapped). */
    int[] mapperPids(long pfn);

    /**
     * {@code page_referenced}: how many of the page's mappings had their accessed (young) bit set; the bits are
     * cleared, so a second call right after returns 0. {@code PG_referenced} is not touched.
     */
    int referenced(long pfn);

    /** Sets policy-owned bits; throws {@link IllegalArgumentException} for any bit outside {@link #POLICY_FLAGS}. */
    void setFlags(long pfn, int bits);

    /** Clears policy-owned bits; throws {@link IllegalArgumentException} for any bit outside {@link #POLICY_FLAGS}. */
    void clearFlags(long pfn, int bits);

    /** Whether the page is isolated from the LRU ({@link PageOps#isolateLruPage}) and not yet put back or freed. */
    boolean isolated(long pfn);

    /** Usable slots of the swap device. */
    long swapTotalPages();

    /** Free slots of the swap device ({@code nr_swap_pages}). */
    long swapFreePages();

    /** Whether every bit of {@code bits} is set. */
    default boolean test(long pfn, int bits) {
        return (flags(pfn) & bits) == bits;
    }

    /** {@code PageAnon}. */
    default boolean isAnon(long pfn) {
        return kind(pfn) == KIND_ANON;
    }

    /** A page-cache page of a file. */
    default boolean isFile(long pfn) {
        return kind(pfn) == KIND_FILE;
    }

    /** Part of a transparent huge page (head or tail). */
    default boolean isHuge(long pfn) {
        return isAnon(pfn) && (flags(pfn) & (PG_HEAD | PG_TAIL)) != 0;
    }

    /**
     * Whether {@link PageOps#migratePage} can move the page now: a small anonymous or page-cache page not under
     * writeback (what 3.10's {@code isolate_migratepages_range} takes off the LRU for compaction).
     */
    default boolean migratable(long pfn) {
        return (isAnon(pfn) || isFile(pfn)) && !isHuge(pfn) && !test(pfn, PG_WRITEBACK);
    }
}
