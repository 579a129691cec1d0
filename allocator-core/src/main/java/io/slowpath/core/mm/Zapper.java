package io.slowpath.core.mm;

import java.util.ArrayList;
import java.util.List;

/**
 * Models mm/mmap.c: do_munmap and exit_mmap with mm/memory.c: unmap_vmas / zap_pte_range and free_pgtables
 * (Linux 3.10): every entry in the range is cleared (RSS counters down, each page loses a mapping and is freed with
 * its last one, swap entries released), huge PMDs wholly inside are zapped with their deposited table and those cut
 * by the range are split first, the VMAs are trimmed or split, and PTE pages whose 2 MiB no VMA covers any more are
 * freed.
 */
final class Zapper {
    private static final int NR = AddressSpace.PTRS_PER_PTE;

    private final MmCore c;
    private final ThpSplitter splitter;

    Zapper(MmCore c, ThpSplitter splitter) {
        this.c = c;
        this.splitter = splitter;
    }

    /** {@code do_munmap(mm, start, len)} on behalf of CPU slot {@code slot}. */
    void munmap(AddressSpace mm, long start, long end, int slot) {
        List<Vma> hit = new ArrayList<>();
        Long first = mm.vmas.floorKey(start);
        for (Vma v : mm.vmas.subMap(first == null ? start : first, end).values()) {
            if (v.end > start) {
                hit.add(v);
            }
        }
        for (Vma v : hit) {
            zapRange(mm, v, Math.max(start, v.start), Math.min(end, v.end), slot);
        }
        for (Vma v : hit) {
            remove(mm, v);
            mm.task.totalVm -= Math.min(end, v.end) - Math.max(start, v.start);
            if (v.start < start) {
                add(mm, new Vma(mm, v.kind, v.file, v.start, start, v.pgoff), v.hasAnonVma);
            }
            if (v.end > end) {
                add(mm, new Vma(mm, v.kind, v.file, end, v.end, v.pgoff + (end - v.start)), v.hasAnonVma);
            }
        }
        freePgtables(mm, start, end, slot);
    }

    /** The address space {@link #exitMmap} is tearing down (its entries stay until the table is cleared), or null. */
    private AddressSpace tearingDown;

    /** {@code exit_mmap}: unmaps every area and frees every page table. */
    void exitMmap(AddressSpace mm, int slot) {
        List<Vma> all = new ArrayList<>(mm.vmas.values());
        // The whole table goes: entries are read in address order as before and the table is emptied at the end,
        // instead of deleting one entry at a time (a delete from the open-addressing table shifts its cluster back).
        tearingDown = mm;
        try {
            for (Vma v : all) {
                zapRange(mm, v, v.start, v.end, slot);
            }
        } finally {
            tearingDown = null;
        }
        mm.ptes.clear();
        for (Vma v : all) {
            remove(mm, v);
        }
        for (long idx : mm.pmds.sortedKeys()) {
            c.freePteTable(mm, slot, idx);
        }
        mm.task.totalVm = 0;
    }

    private void add(AddressSpace mm, Vma v, boolean hasAnonVma) {
        v.hasAnonVma = hasAnonVma;
        mm.vmas.put(v.start, v);
        if (v.file != null) {
            v.file.mappers.add(v);
        }
    }

    private void remove(AddressSpace mm, Vma v) {
        mm.unlink(v);
        if (v.file != null) {
            v.file.mappers.remove(v);
        }
    }

    /** {@code unmap_single_vma} over {@code [from, to)} of one VMA. */
    void zapRange(AddressSpace mm, Vma vma, long from, long to, int slot) {
        for (long idx = AddressSpace.pmdIndex(from); idx <= AddressSpace.pmdIndex(to - 1); idx++) {
            if (!mm.pmds.containsKey(idx)) {
                continue;
            }
            long ws = AddressSpace.pmdStart(idx);
            long s = Math.max(from, ws);
            long e = Math.min(to, ws + NR);
            long pmd = mm.entry(ws);
            if (Pte.isPresent(pmd) && Pte.has(pmd, Pte.HUGE)) {
                if (s == ws && e == ws + NR) {
                    zapHugePmd(mm, idx, pmd, slot);
                    continue;
                }
                // split_huge_page_pmd: the range cuts the huge mapping.
                if (Pte.has(pmd, Pte.ZERO)) {
                    splitter.splitZeroPmd(mm, ws);
                } else {
                    splitter.split(slot, Pte.pfn(pmd));
                }
            }
            for (long v = s; v < e; v++) {
                zapPte(mm, v, slot);
            }
        }
    }

    /**
     * Models mm/huge_memory.c: zap_huge_pmd (Linux 3.10): the huge page (or huge zero page) loses this mapping,
     * MM_ANONPAGES -= 512, and the deposited table is freed at once (nr_ptes--).
     */
    private void zapHugePmd(AddressSpace mm, long idx, long pmd, int slot) {
        long ws = AddressSpace.pmdStart(idx);
        if (tearingDown != mm) {
            for (int i = 0; i < NR; i++) {
                mm.ptes.remove(ws + i);
            }
        }
        if (Pte.has(pmd, Pte.ZERO)) {
            c.putHugeZeroPage();
        } else {
            mm.task.anonRss -= NR;
            c.releaseHugeMapping(slot, Pte.pfn(pmd));
        }
        c.freePteTable(mm, slot, idx);
    }

    /**
     * Models mm/memory.c: zap_pte_range (Linux 3.10) for one entry: an anonymous page MM_ANONPAGES--; a file page
     * MM_FILEPAGES--, a dirty entry dirties the page and a young one marks it accessed; then page_remove_rmap. A swap
     * entry MM_SWAPENTS-- and free_swap_and_cache.
     */
    private void zapPte(AddressSpace mm, long vpage, int slot) {
        long e = tearingDown == mm ? mm.ptes.get(vpage) : mm.ptes.remove(vpage);
        if (e == RadixTree.MISSING || Pte.has(e, Pte.ZERO)) {
            return;
        }
        Task t = mm.task;
        if (Pte.isSwap(e)) {
            t.swapEntries--;
            c.freeSwapEntry(slot, Pte.slot(e));
            return;
        }
        long pfn = Pte.pfn(e);
        if (c.pages.kind(pfn) == PageFlags.KIND_ANON) {
            t.anonRss--;
        } else {
            t.fileRss--;
            if (Pte.has(e, Pte.DIRTY)) {
                c.setPageDirty(slot, pfn);
            }
            if (Pte.has(e, Pte.YOUNG)) {
                c.lru.pageAccessed(c.services, pfn);
            }
        }
        c.releaseSmallPage(slot, pfn);
    }

    /** {@code free_pgtables}: PTE pages of {@code [start, end)} whose 2 MiB no VMA overlaps any more. */
    private void freePgtables(AddressSpace mm, long start, long end, int slot) {
        for (long idx = AddressSpace.pmdIndex(start); idx <= AddressSpace.pmdIndex(end - 1); idx++) {
            long ws = AddressSpace.pmdStart(idx);
            if (mm.pmds.containsKey(idx) && !mm.overlaps(ws, ws + NR)) {
                c.freePteTable(mm, slot, idx);
            }
        }
    }
}
