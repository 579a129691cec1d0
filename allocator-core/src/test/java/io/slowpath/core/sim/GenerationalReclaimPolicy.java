package io.slowpath.core.sim;

import io.slowpath.api.mm.MmServices;
import io.slowpath.api.mm.PageOps;
import io.slowpath.api.mm.PageState;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.api.reclaim.ReclaimRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A toy multi-generational LRU written against allocator-api only: pages join the youngest of at most
 * {@link #MAX_NR_GENS} generations; an aging pass opens a new youngest generation and promotes into it every page
 * whose accessed bits {@code page_referenced} finds set. Aging runs from a timer (as a kswapd-ish thread would) and
 * whenever the youngest generation has taken in {@code agingBatch} pages, or eviction is left with fewer than
 * {@link #MIN_NR_GENS} generations. Eviction takes the oldest generation only and never looks at accessed bits
 * itself. The hooks, the timer and {@code page_referenced} are all it needs.
 */
final class GenerationalReclaimPolicy implements ReclaimPolicy {
    static final int MAX_NR_GENS = 4;
    static final int MIN_NR_GENS = 2;

    /** Oldest first. */
    private final Deque<LinkedHashSet<Long>> gens = new ArrayDeque<>();
    private final long agingPeriodNs;
    private final int agingBatch;
    int agingPasses;
    long promoted;

    GenerationalReclaimPolicy(long agingPeriodNs, int agingBatch) {
        this.agingPeriodNs = agingPeriodNs;
        this.agingBatch = agingBatch;
        gens.addLast(new LinkedHashSet<>());
    }

    /** Starts the periodic aging pass. */
    void start(MmServices mm) {
        mm.schedule(agingPeriodNs, () -> {
            age(mm);
            start(mm);
        });
    }

    /** One aging pass: a new youngest generation, referenced pages promoted into it. */
    void age(MmServices mm) {
        agingPasses++;
        if (gens.size() == MAX_NR_GENS) {
            LinkedHashSet<Long> oldest = gens.pollFirst();
            gens.peekFirst().forEach(oldest::add);
            gens.pollFirst();
            gens.addFirst(oldest);
        }
        LinkedHashSet<Long> young = new LinkedHashSet<>();
        PageState pages = mm.pages();
        for (LinkedHashSet<Long> gen : gens) {
            for (Iterator<Long> it = gen.iterator(); it.hasNext(); ) {
                long pfn = it.next();
                mm.spend(mm.costs().pageScanNs());
                if (pages.referenced(pfn) > 0) {
                    it.remove();
                    young.add(pfn);
                    promoted++;
                }
            }
        }
        gens.addLast(young);
    }

    @Override
    public void pageAdded(MmServices mm, long pfn) {
        mm.pageOps().addToLru(pfn);
        gens.peekLast().add(pfn);
        if (gens.peekLast().size() >= agingBatch) {
            age(mm);
        }
    }

    @Override
    public void pageRemoved(MmServices mm, long pfn) {
        mm.pageOps().deleteFromLru(pfn);
        for (LinkedHashSet<Long> gen : gens) {
            if (gen.remove(pfn)) {
                return;
            }
        }
    }

    @Override
    public long tryToFreePages(MmServices mm, ReclaimRequest request) {
        PageState pages = mm.pages();
        PageOps ops = mm.pageOps();
        long freed = 0;
        for (int round = 0; round < MAX_NR_GENS && freed < FifoReclaimPolicy.SWAP_CLUSTER_MAX; round++) {
            if (gens.size() < MIN_NR_GENS) {
                age(mm);
            }
            LinkedHashSet<Long> oldest = gens.peekFirst();
            for (Long pfn : List.copyOf(oldest)) {
                if (freed >= FifoReclaimPolicy.SWAP_CLUSTER_MAX) {
                    break;
                }
                mm.spend(mm.costs().pageScanNs());
                if (!pages.isAnon(pfn) || pages.swapFreePages() == 0 || !ops.isolateLruPage(pfn)) {
                    continue;
                }
                if (ops.swapOut(pfn)) {
                    oldest.remove(pfn);
                    freed++;
                } else {
                    ops.putbackLruPage(pfn);
                }
            }
            if (oldest.isEmpty()) {
                gens.pollFirst();
            }
        }
        return freed;
    }
}
