package io.slowpath.core.mm;

/**
 * Models kernel/fork.c: dup_mm with mm/memory.c: copy_page_range and mm/huge_memory.c: copy_huge_pmd (Linux 3.10):
 * the child gets a copy of every VMA and total_vm; the page tables of anonymous VMAs that have an anon_vma are
 * copied (shared file mappings are not: the child faults them in again). Each PTE page the parent has in such a
 * range gets a child PTE page (PGALLOC_GFP, allocated by the parent, nr_ptes of the child). A present anonymous page
 * is shared copy-on-write: both entries lose their write bit, the child's is made old, mapcount++ and the child's
 * MM_ANONPAGES++. A swap entry takes another swap reference (MM_SWAPENTS++). A huge PMD is shared whole with a
 * deposited table for the child (MM_ANONPAGES += 512).
 */
final class ForkCopy {
    private static final int NR = AddressSpace.PTRS_PER_PTE;

    private final MmCore c;

    ForkCopy(MmCore c) {
        this.c = c;
    }

    /**
     * Copies {@code parent} into the empty {@code child}.
     *
     * @return false when a page-table allocation failed (-ENOMEM); the child then holds what was copied so far and
     *     must be torn down with exit_mmap, as the kernel's mmput does
     */
    boolean dupMm(AddressSpace parent, AddressSpace child) {
        for (Vma v : parent.vmas.values()) {
            Vma copy = v.copyFor(child);
            child.vmas.put(copy.start, copy);
            if (copy.file != null) {
                copy.file.mappers.add(copy);
            }
        }
        child.task.totalVm = parent.task.totalVm;
        child.mmapCursor = parent.mmapCursor;
        for (Vma v : parent.vmas.values()) {
            if (v.kind == VmaKind.ANON && v.hasAnonVma && !copyRange(parent, child, v)) {
                return false;
            }
        }
        return true;
    }

    private boolean copyRange(AddressSpace parent, AddressSpace child, Vma vma) {
        Task by = parent.task;
        for (long idx = AddressSpace.pmdIndex(vma.start); idx <= AddressSpace.pmdIndex(vma.end - 1); idx++) {
            if (!parent.pmds.containsKey(idx)) {
                continue;
            }
            if (!c.ensurePteTable(child, by, idx)) {
                return false;
            }
            long ws = AddressSpace.pmdStart(idx);
            long pmd = parent.entry(ws);
            if (Pte.isPresent(pmd) && Pte.has(pmd, Pte.HUGE)) {
                copyHugePmd(parent, child, ws, pmd);
                continue;
            }
            long end = Math.min(vma.end, ws + NR);
            for (long v = Math.max(vma.start, ws); v < end; v++) {
                long e = parent.entry(v);
                if (e != RadixTree.MISSING) {
                    child.ptes.put(v, copyPte(parent, child, v, e));
                }
            }
        }
        return true;
    }

    /** copy_one_pte. */
    private long copyPte(AddressSpace parent, AddressSpace child, long vpage, long e) {
        if (Pte.isSwap(e)) {
            c.swap.dup(Pte.slot(e));
            child.task.swapEntries++;
            return e;
        }
        if (Pte.has(e, Pte.ZERO)) {
            return Pte.clear(e, Pte.YOUNG);
        }
        c.pages.addMapcount(Pte.pfn(e), 1);
        parent.ptes.put(vpage, Pte.clear(e, Pte.WRITE));
        child.task.anonRss++;
        return Pte.clear(e, Pte.WRITE | Pte.YOUNG);
    }

    /** copy_huge_pmd; the child's table is already allocated and counted. */
    private void copyHugePmd(AddressSpace parent, AddressSpace child, long haddr, long pmd) {
        if (Pte.has(pmd, Pte.ZERO)) {
            c.hugeZeroRefs++;
            for (int i = 0; i < NR; i++) {
                child.ptes.put(haddr + i, Pte.zero(Pte.HUGE));
            }
            return;
        }
        long head = Pte.pfn(pmd);
        for (int i = 0; i < NR; i++) {
            c.pages.addMapcount(head + i, 1);
            long e = parent.entry(haddr + i);
            child.ptes.put(haddr + i, Pte.clear(e, Pte.WRITE | Pte.YOUNG));
        }
        parent.ptes.put(haddr, Pte.clear(pmd, Pte.WRITE));
        child.task.anonRss += NR;
    }
}
