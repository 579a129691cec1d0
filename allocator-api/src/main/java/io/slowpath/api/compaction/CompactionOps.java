package io.slowpath.api.compaction;

import io.slowpath.api.MigrateType;

/**
 * The physical-page mechanics memory compaction acts through, by pfn (reached with
 * {@link io.slowpath.api.mm.MmServices#compactionOps()}): reading a pfn's buddy state and its pageblock's flags,
 * taking free blocks off the buddy lists as migration targets ({@code split_free_page}), migrating a page to a
 * target the caller chose ({@code migrate_pages} with the free scanner's pages) and giving unused targets back
 * ({@code release_freepages}). Each acts on behalf of the task running now and counts on its CPU.
 *
 * <p>Counting is the caller's, as in the kernel: {@code compact_*} and {@code pgmigrate_*} events are counted by
 * compaction and {@code migrate_pages}, not here. Isolating pages from the LRU stays with
 * {@link io.slowpath.api.mm.PageOps#isolateLruPage} and {@link io.slowpath.api.mm.PageOps#putbackLruPage}.
 */
public interface CompactionOps {
    /** {@code MIGRATEPAGE_SUCCESS}: the page moved. */
    int MIGRATEPAGE_SUCCESS = 0;
    /** {@code -EAGAIN}: the page cannot move now (extra references, page locked); {@code migrate_pages} retries it. */
    int EAGAIN = -11;
    /** {@code -EBUSY}: the page cannot move in this migration mode (under writeback); a permanent failure. */
    int EBUSY = -16;

    /**
     * {@code PageBuddy(page) ? page_order(page) : -1}: the order of the free block that starts at {@code pfn} in the
     * buddy free lists, or -1 when {@code pfn} is not the first page of a free block (allocated, on a per-CPU list,
     * inside a larger free block, or outside every zone).
     */
    int buddyOrder(long pfn);

    /** {@code get_pageblock_migratetype}: the migrate type of the pageblock holding {@code pfn}. */
    MigrateType pageblockMigratetype(long pfn);

    /** {@code get_pageblock_skip}: whether the {@code PB_migrate_skip} bit of {@code pfn}'s pageblock is set. */
    boolean pageblockSkip(long pfn);

    /** {@code set_pageblock_skip}: sets {@code PB_migrate_skip} of {@code pfn}'s pageblock. */
    void setPageblockSkip(long pfn);

    /** {@code clear_pageblock_skip}: clears {@code PB_migrate_skip} of {@code pfn}'s pageblock. */
    void clearPageblockSkip(long pfn);

    /**
     * Models mm/page_alloc.c: split_free_page (Linux 3.10): takes the free block starting at {@code pfn} off the
     * buddy lists as {@code 2^order} single pages for the caller, unless the zone would fall below
     * {@code low watermark + 2^order} free pages ({@code zone_watermark_ok(zone, 0, low + (1 << order), 0, 0)}), as
     * if the block were being allocated. {@code NR_FREE_PAGES} drops by the block's size; pageblocks of a block of
     * order {@code pageblock_order - 1} or more become MIGRATE_MOVABLE. The pages are then allocated, unused order-0
     * pages: targets for {@link #migratePageTo}, or given back with {@link #releaseFreePage}. No pgalloc counts.
     *
     * @return the pages taken ({@code 2^order}), or 0 when {@code pfn} is no free block or the watermark check failed
     */
    int splitFreePage(long pfn);

    /**
     * Models mm/migrate.c: __unmap_and_move and move_to_new_page (Linux 3.10) for one page isolated from the LRU,
     * into {@code target}, a page from {@link #splitFreePage}: the target takes the page's contents, flags, owner and
     * index; every page-table entry mapping it (reverse map), its page-cache slot or swap-cache slot now point at the
     * target; zone counters follow. The old page's isolation ends and it is freed (hot, as {@code putback_lru_page}
     * drops the last reference); the target joins the LRU ({@code putback_lru_page(newpage)}, the reclaim policy's
     * {@code pageAdded}). Charges {@code pageMigrateNs}.
     *
     * <p>A failed migration changes nothing: the page stays isolated (the caller puts it back on a permanent failure)
     * and the target stays the caller's (3.10 frees it, {@link #releaseFreePage}). A page its owner freed while it
     * was isolated needs no moving and reports success with the target unused ({@code page_count(page) == 1}).
     *
     * @return {@link #MIGRATEPAGE_SUCCESS}; {@link #EAGAIN} when the page is pinned by an extra reference or locked;
     *     {@link #EBUSY} when it is under writeback (only {@code MIGRATE_SYNC}, which compaction never uses, waits)
     * @throws IllegalArgumentException when the page is not a small anonymous or page-cache page isolated from the
     *     LRU, or the target is not an unused page from {@link #splitFreePage}
     */
    int migratePageTo(long pfn, long target);

    /**
     * {@code __free_page} of a page from {@link #splitFreePage} that was not used: back to the allocator (hot, on the
     * running CPU's per-CPU list), as {@code release_freepages} does at the end of {@code compact_zone}.
     *
     * @throws IllegalArgumentException when {@code pfn} is not an unused page from {@link #splitFreePage}
     */
    void releaseFreePage(long pfn);
}
