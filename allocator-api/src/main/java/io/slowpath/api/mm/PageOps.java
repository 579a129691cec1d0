package io.slowpath.api.mm;

import io.slowpath.api.Gfp;

/**
 * The page-level mechanics a policy acts through, by pfn, each on behalf of the task running now
 * ({@link MmServices#current()}: a task in direct reclaim, kswapd, or the thread of a {@link MmServices#schedule}d
 * action) and counted on its CPU. The mechanics keep the kernel's counters; choosing pages is the policy's.
 *
 * <p>Counter ownership: the LRU list counters ({@code NR_ACTIVE_ANON} ... {@code NR_UNEVICTABLE}) and
 * {@code PG_lru} belong to the policy's lists; {@link #addToLru} and {@link #deleteFromLru} change both together,
 * as {@code add_page_to_lru_list} and {@code del_page_from_lru_list} do. A policy using them calls
 * {@link #deleteFromLru} from {@code ReclaimPolicy.pageRemoved}. The isolation counters
 * ({@code NR_ISOLATED_ANON/FILE}) belong to these mechanics: {@link #isolateLruPage} raises them and
 * {@link #putbackLruPage}, {@link #swapOut}, {@link #dropFilePage}, {@link #migratePage} and the page's owner freeing it
 * lower them again.
 *
 * <p>Pages a mechanic frees here are not reported through {@code ReclaimPolicy.pageRemoved} (the policy chose them);
 * a migration reports {@code pageRemoved(old)} and {@code pageAdded(new)}.
 */
public interface PageOps {
    /**
     * {@code add_page_to_lru_list}: sets {@code PG_lru} and adds one to the counter of {@code page_lru(page)}
     * ({@code NR_UNEVICTABLE} when {@code PG_unevictable}, else active or inactive by {@code PG_active}, anon or file
     * by {@code PG_swapbacked}).
     *
     * @return false (nothing changed) when {@code PG_lru} was already set
     */
    boolean addToLru(long pfn);

    /**
     * {@code del_page_from_lru_list}: clears {@code PG_lru} and takes one from the counter of {@code page_lru(page)}.
     *
     * @return false (nothing changed) when {@code PG_lru} was not set
     */
    boolean deleteFromLru(long pfn);

    /**
     * {@code isolate_lru_page}: {@link #deleteFromLru} and {@code NR_ISOLATED_ANON} or {@code NR_ISOLATED_FILE} +1.
     *
     * @return false (nothing changed) when the page is not on an LRU list
     */
    boolean isolateLruPage(long pfn);

    /** {@code putback_lru_page} of an isolated page: {@code NR_ISOLATED_*} -1, then {@link #addToLru}. */
    void putbackLruPage(long pfn);

    /**
     * Reclaims an anonymous page to swap (shrink_page_list: add_to_swap, try_to_unmap, pageout, free): every mapping
     * becomes a swap entry, pswpout and pgpgout count, the page is freed cold. Charges {@code pageReclaimNs} and
     * {@code swapOutIoNs} to the running actor. A page on an LRU list leaves it first (as {@link #deleteFromLru}).
     * Call {@link PageState#referenced} before, as page_check_references does: accessed bits are ignored here.
     *
     * @return false when the swap device has no free slot (nothing changed)
     * @throws IllegalArgumentException when the page is not a mapped small anonymous page not under writeback
     */
    boolean swapOut(long pfn);

    /**
     * Reclaims a clean page-cache page: unmaps it (a dirty pte dirties the page) and, if it is still clean, removes
     * it from the page cache and frees it cold. Charges {@code pageReclaimNs}. A page on an LRU list leaves it first.
     *
     * @return false when the page is dirty or turned dirty while unmapping (it stays cached, unmapped, and on the
     *     LRU list or isolated as before)
     */
    boolean dropFilePage(long pfn);

    /**
     * Starts writeback of a dirty page-cache page ({@code clear_page_dirty_for_io}, {@code set_page_writeback}):
     * {@code NR_FILE_DIRTY} -1, {@code NR_WRITEBACK} +1, pgpgout. The write completes {@code writebackIoNs} of
     * simulated time later, on the kernel's event loop: {@code end_page_writeback} ({@code NR_WRITEBACK} -1,
     * {@code NR_WRITTEN} +1), then {@code onEnd} runs (may be null), e.g. to rotate a {@code PG_reclaim} page.
     *
     * @return the simulated time at which writeback will end
     */
    long startWriteback(long pfn, Runnable onEnd);

    /**
     * Migrates a small anonymous or page-cache page (3.10 {@code migrate_pages} for compaction) to a new page
     * allocated through the page allocator on the running CPU with {@link #MIGRATE_TARGET_GFP}: a movable,
     * non-sleeping allocation that wakes no kswapd, so the target comes from the free lists (lowest pfn of a movable
     * pageblock first, as the simulator's free lists hand out blocks), never from reclaim. The new page takes the
     * old one's flags, owner, index and mappings (the same tasks map it afterwards); the old page is freed, as
     * {@code put_page} frees it, to the hot end of the running CPU's per-CPU list, and its isolation, if any, ends;
     * pgmigrate_success counts and {@code pageMigrateNs} is charged. A policy emptying a pageblock calls
     * {@link MmServices#drainLocalPages()} after each migration, or the freed source would be the next target.
     *
     * @return the new pfn, or -1 when the page cannot migrate now ({@link PageState#migratable} is false) or no
     *     target page could be allocated (pgmigrate_fail counts)
     */
    long migratePage(long pfn);

    /** The gfp mask of migration targets: {@code GFP_HIGHUSER_MOVABLE & ~__GFP_WAIT | __GFP_NOWARN | __GFP_NO_KSWAPD}. */
    int MIGRATE_TARGET_GFP = (Gfp.GFP_HIGHUSER_MOVABLE & ~Gfp.__GFP_WAIT) | Gfp.__GFP_NOWARN | Gfp.__GFP_NO_KSWAPD;
}
