package io.slowpath.policy.reclaim.stock310;

import io.slowpath.api.mm.PageState;

/**
 * Models mm/vmscan.c: enum page_references and page_check_references (Linux 3.10): what shrink_page_list does with
 * an inactive page by its referenced PTEs ({@code page_referenced}, which clears the young bits it counts) and
 * {@code PG_referenced} (test-and-cleared here).
 */
enum PageReferences {
    /** Reclaim it. */
    RECLAIM,
    /** Reclaim it if clean, but do not write it back (an unmapped page-cache page with PG_referenced). */
    RECLAIM_CLEAN,
    /** Give it one more trip around the inactive list (PG_referenced set). */
    KEEP,
    /** Move it to the active list. */
    ACTIVATE;

    /**
     * Decides for one isolated inactive page. No VMA is {@code VM_LOCKED} or {@code VM_EXEC} in the model, so those
     * two rules never apply.
     */
    static PageReferences check(PageState pages, long pfn) {
        int referencedPtes = pages.referenced(pfn);
        boolean referencedPage = pages.test(pfn, PageState.PG_REFERENCED);
        if (referencedPage) {
            pages.clearFlags(pfn, PageState.PG_REFERENCED);
        }
        boolean swapBacked = pages.test(pfn, PageState.PG_SWAPBACKED);
        if (referencedPtes > 0) {
            if (swapBacked) {
                return ACTIVATE;
            }
            pages.setFlags(pfn, PageState.PG_REFERENCED);
            if (referencedPage || referencedPtes > 1) {
                return ACTIVATE;
            }
            return KEEP;
        }
        if (referencedPage && !swapBacked) {
            return RECLAIM_CLEAN;
        }
        return RECLAIM;
    }
}
