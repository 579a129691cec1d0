package io.slowpath.policy.compaction.stock310;

import io.slowpath.api.VmEvent;
import io.slowpath.api.compaction.CompactionOps;
import io.slowpath.api.mm.PageOps;
import io.slowpath.api.mm.PageState;

/** {@code migrate_pages} of compaction's isolated pages onto the free scanner's pages. */
final class PageMigrator {
    /** {@code -ENOMEM}: the free scanner found no target. */
    static final int ENOMEM = -12;
    /** migrate_pages makes at most 10 passes over the list. */
    private static final int PASSES = 10;

    private PageMigrator() {
    }

    /**
     * Models mm/migrate.c: migrate_pages and unmap_and_move (Linux 3.10) with compaction_alloc as the target callback,
     * in MIGRATE_ASYNC or MIGRATE_SYNC_LIGHT: up to 10 passes while some page asked to be retried. A page that moved
     * or failed for good leaves the list (a failure goes back to the LRU); a page to retry ({@code -EAGAIN}) stays.
     * A target not used is freed ({@code putback_lru_page(newpage)}). pgmigrate_success and pgmigrate_fail (permanent
     * failures only) count at the end.
     *
     * @return 0 when every page moved; the pages that failed or still wanted a retry; or {@link #ENOMEM}
     */
    static int migratePages(CompactControl cc) {
        CompactionOps ops = cc.mm.compactionOps();
        PageOps pageOps = cc.mm.pageOps();
        PageState pages = cc.mm.pages();
        PfnStack list = cc.migratepages;
        int retry = 1;
        int succeeded = 0;
        int failed = 0;
        int rc = 0;
        passes:
        for (int pass = 0; pass < PASSES && retry > 0; pass++) {
            retry = 0;
            for (int i = 0; i < list.size(); ) {
                long page = list.get(i);
                long target = FreeScanner.compactionAlloc(cc);
                if (target < 0) {
                    rc = ENOMEM;
                    break passes;
                }
                int r = ops.migratePageTo(page, target);
                if (r == CompactionOps.EAGAIN) {
                    ops.releaseFreePage(target);
                    retry++;
                    i++;
                    continue;
                }
                list.remove(i);
                if (r == CompactionOps.MIGRATEPAGE_SUCCESS) {
                    succeeded++;
                    if (pages.kind(target) == PageState.KIND_NONE) {
                        ops.releaseFreePage(target); // the page was freed from under us: the target is unused
                    }
                } else {
                    failed++;
                    pageOps.putbackLruPage(page);
                    ops.releaseFreePage(target);
                }
            }
        }
        if (rc == 0) {
            rc = failed + retry;
        }
        if (succeeded > 0) {
            cc.mm.countEvent(VmEvent.PGMIGRATE_SUCCESS, succeeded);
        }
        if (failed > 0) {
            cc.mm.countEvent(VmEvent.PGMIGRATE_FAIL, failed);
        }
        return rc;
    }
}
