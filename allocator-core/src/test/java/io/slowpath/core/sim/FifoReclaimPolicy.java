package io.slowpath.core.sim;

import io.slowpath.api.mm.MmServices;
import io.slowpath.api.mm.PageOps;
import io.slowpath.api.mm.PageState;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.api.reclaim.ReclaimRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A non-kernel reclaim policy written against allocator-api only: one list in arrival order, reclaimed oldest first
 * with no aging at all. Anonymous pages are swapped out while swap has room, clean page-cache pages dropped, dirty
 * ones written back (and reclaimed on a later pass once clean).
 */
final class FifoReclaimPolicy implements ReclaimPolicy {
    /** {@code SWAP_CLUSTER_MAX}: pages reclaimed per call. */
    static final int SWAP_CLUSTER_MAX = 32;

    private final LinkedHashSet<Long> fifo = new LinkedHashSet<>();
    /** The pfns this policy freed, in order (for tests). */
    final List<Long> reclaimed = new ArrayList<>();
    int writebacksStarted;

    @Override
    public void pageAdded(MmServices mm, long pfn) {
        mm.pageOps().addToLru(pfn);
        fifo.add(pfn);
    }

    @Override
    public void pageRemoved(MmServices mm, long pfn) {
        mm.pageOps().deleteFromLru(pfn);
        fifo.remove(pfn);
    }

    @Override
    public long tryToFreePages(MmServices mm, ReclaimRequest request) {
        PageState pages = mm.pages();
        PageOps ops = mm.pageOps();
        long freed = 0;
        for (Long pfn : List.copyOf(fifo)) {
            if (freed >= SWAP_CLUSTER_MAX) {
                break;
            }
            mm.spend(mm.costs().pageScanNs());
            if (pages.test(pfn, PageState.PG_WRITEBACK)) {
                continue;
            }
            if (pages.isAnon(pfn) && pages.swapFreePages() == 0) {
                continue;
            }
            if (pages.isFile(pfn) && pages.test(pfn, PageState.PG_DIRTY)) {
                ops.startWriteback(pfn, null);
                writebacksStarted++;
                continue;
            }
            if (!ops.isolateLruPage(pfn)) {
                continue;
            }
            boolean ok = pages.isAnon(pfn) ? ops.swapOut(pfn) : ops.dropFilePage(pfn);
            if (ok) {
                fifo.remove(pfn);
                reclaimed.add(pfn);
                freed++;
            } else {
                ops.putbackLruPage(pfn);
            }
        }
        return freed;
    }

    /** Pages on the list. */
    int size() {
        return fifo.size();
    }
}
