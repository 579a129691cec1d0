package io.slowpath.core.mm;

import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;

/**
 * Models mm/huge_memory.c: split_huge_page (Linux 3.10): a transparent huge page becomes 512 small pages. Every PMD
 * mapping it becomes 512 PTEs in the page table it had deposited (so no allocation and no nr_ptes change), carrying
 * the PMD's young, dirty and write bits; the tails take the head's flags and map count; NR_ANON_TRANSPARENT_HUGEPAGES
 * goes down by one and NR_ANON_PAGES up by 512; thp_split++. The tails join the LRU beside the head
 * ({@code lru_add_page_tail}), which the model reports with {@code pageSplit} for the head, whose LRU weight drops
 * from 512 to one, and {@code pageAdded} for each tail. The allocator's record
 * of one order-9 block becomes 512 order-0 blocks ({@code split_page}), so each can be freed on its own.
 */
final class ThpSplitter {
    private static final int NR = MmCore.HPAGE_PMD_NR;
    private static final int PMD_BITS = Pte.WRITE | Pte.YOUNG | Pte.DIRTY;

    private final MmCore c;
    private final Rmap rmap;

    ThpSplitter(MmCore c, Rmap rmap) {
        this.c = c;
        this.rmap = rmap;
    }

    void split(int slot, long pfn) {
        long head = rmap.head(pfn);
        if (c.pages.kind(head) != PageFlags.KIND_ANON || !c.pages.test(head, PageFlags.PG_HEAD)) {
            throw new IllegalArgumentException("pfn " + pfn + " is not part of a transparent huge page");
        }
        rmap.walk(head, (mm, haddr, pmd) -> {
            for (int i = 0; i < NR; i++) {
                long e = mm.entry(haddr + i);
                mm.ptes.put(haddr + i, Pte.set(Pte.clear(e, Pte.HUGE | PMD_BITS), (int) (pmd & PMD_BITS)));
            }
        });
        int maps = c.pages.mapcount(head);
        int headFlags = c.pages.flags(head);
        int tailBits = (headFlags & PageFlags.PG_MASK & ~(PageFlags.PG_HEAD | PageFlags.PG_LRU)) | PageFlags.PG_DIRTY;
        if ((headFlags & PageFlags.PG_LRU) != 0) {
            // The head went on its list counting 512 base pages; from here it counts one and each tail its own one
            // (lru_add_page_tail), so the zone's NR_*_ANON stay the number of pages on the lists.
            c.stat(slot, head, PolicyPageOps.lruItem(headFlags), -(NR - 1));
        }
        c.pages.clearBits(head, PageFlags.PG_HEAD);
        int owner = c.pages.owner(head);
        int haddr = c.pages.index(head);
        for (int i = 1; i < NR; i++) {
            c.pages.set(head + i, PageFlags.KIND_ANON, tailBits, owner, haddr + i, maps);
        }
        c.kernel.allocator().splitPage(head, MmCore.HPAGE_PMD_ORDER);
        if (maps > 0) {
            c.stat(slot, head, ZoneStatItem.NR_ANON_TRANSPARENT_HUGEPAGES, -1);
            c.stat(slot, head, ZoneStatItem.NR_ANON_PAGES, NR);
        }
        c.event(slot, VmEvent.THP_SPLIT, 1);
        c.lru.pageSplit(c.services, head);
        for (int i = 1; i < NR; i++) {
            c.lruAdd(head + i);
        }
    }

    /**
     * Models mm/huge_memory.c: __split_huge_zero_page_pmd (Linux 3.10): one mm's huge zero PMD becomes 512 zero-page
     * PTEs in its deposited table; the huge zero page loses a reference.
     */
    void splitZeroPmd(AddressSpace mm, long haddr) {
        for (int i = 0; i < NR; i++) {
            mm.ptes.put(haddr + i, Pte.zero(0));
        }
        c.putHugeZeroPage();
    }
}
