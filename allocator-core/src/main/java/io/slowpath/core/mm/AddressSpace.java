package io.slowpath.core.mm;

import java.util.Map;
import java.util.TreeMap;

/**
 * An address space ({@code mm_struct}): its VMAs, its page-table entries (virtual page to {@link Pte}) and its PTE
 * page-table pages (pmd index to the pfn of the 512-entry table, including the table a huge PMD keeps deposited).
 * Its RSS counters live in the owning {@link Task}, where the OOM killer reads them.
 */
final class AddressSpace {
    /** Entries per PTE page ({@code PTRS_PER_PTE}) and pages per huge PMD ({@code HPAGE_PMD_NR}). */
    static final int PTRS_PER_PTE = 512;
    static final int PMD_SHIFT = 9;
    /** Where the model's mmap starts placing areas: 4 GiB. */
    static final long MMAP_BASE = 1L << 20;
    /** Virtual pages must fit the page map's int index. */
    static final long VPAGE_LIMIT = Integer.MAX_VALUE;

    final int id;
    /** The model this address space belongs to ({@link MmCore#mmOf} checks it: a task may live in two models). */
    final MmCore core;
    final Task task;
    final AnonVma anonVma;
    final TreeMap<Long, Vma> vmas = new TreeMap<>();
    /** Page-table entries by virtual page: the PTE pages' contents. */
    final RadixTree ptes = new RadixTree();
    /** PTE pages by pmd index: the pfn of the page holding each 512-entry table. */
    final RadixTree pmds = new RadixTree();
    long mmapCursor = MMAP_BASE;
    /** {@code mm->mmap_cache}: the VMA the last {@link #find} returned; cleared when a VMA is unlinked. */
    Vma mmapCache;

    AddressSpace(int id, MmCore core, Task task, AnonVma anonVma) {
        this.id = id;
        this.core = core;
        this.task = task;
        this.anonVma = anonVma;
    }

    /** {@code find_vma} for an address inside an area, or null: the cached VMA first, as 3.10 does. */
    Vma find(long vpage) {
        Vma cached = mmapCache;
        if (cached != null && cached.contains(vpage)) {
            return cached;
        }
        Map.Entry<Long, Vma> e = vmas.floorEntry(vpage);
        if (e != null && e.getValue().contains(vpage)) {
            mmapCache = e.getValue();
            return mmapCache;
        }
        return null;
    }

    /** {@code vma_unlink}: takes {@code v} out of the tree and the cache. */
    void unlink(Vma v) {
        vmas.remove(v.start);
        if (mmapCache == v) {
            mmapCache = null;
        }
    }

    /** Whether some VMA overlaps {@code [from, to)}. */
    boolean overlaps(long from, long to) {
        Map.Entry<Long, Vma> e = vmas.lowerEntry(to);
        return e != null && e.getValue().end > from;
    }

    long entry(long vpage) {
        return ptes.get(vpage);
    }

    static long pmdIndex(long vpage) {
        return vpage >>> PMD_SHIFT;
    }

    static long pmdStart(long pmdIndex) {
        return pmdIndex << PMD_SHIFT;
    }
}
