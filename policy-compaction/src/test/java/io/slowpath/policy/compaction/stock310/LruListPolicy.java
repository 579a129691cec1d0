package io.slowpath.policy.compaction.stock310;

import io.slowpath.api.mm.MmServices;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.api.reclaim.ReclaimRequest;

/**
 * A reclaim policy for the compaction tests: it keeps every user page on an LRU list ({@code PG_lru}, the LRU
 * counters), so compaction can isolate them, and reclaims nothing (direct reclaim makes no progress).
 */
final class LruListPolicy implements ReclaimPolicy {
    @Override
    public long tryToFreePages(MmServices mm, ReclaimRequest request) {
        return 0;
    }

    @Override
    public void pageAdded(MmServices mm, long pfn) {
        mm.pageOps().addToLru(pfn);
    }

    @Override
    public void pageRemoved(MmServices mm, long pfn) {
        mm.pageOps().deleteFromLru(pfn);
    }
}
