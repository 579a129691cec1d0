package io.slowpath.core.mm;

import java.util.ArrayList;
import java.util.List;

/**
 * Models mm/rmap.c: rmap_walk (Linux 3.10): from a page to every page-table entry mapping it. An anonymous page is
 * looked for at its index in every address space of its anon_vma ({@code rmap_walk_anon}: the anon_vma chain); a
 * page-cache page at the address each VMA of its file maps its offset to ({@code rmap_walk_file}: the i_mmap tree).
 * For a transparent huge page the walk visits the head's entry (the PMD).
 */
final class Rmap {
    /** One mapping found by a walk. */
    @FunctionalInterface
    interface Visitor {
        void visit(AddressSpace mm, long vpage, long entry);
    }

    private final MmCore c;

    Rmap(MmCore c) {
        this.c = c;
    }

    /** The head pfn of the compound page holding {@code pfn} ({@code compound_head}). */
    long head(long pfn) {
        if (!c.pages.test(pfn, PageFlags.PG_TAIL)) {
            return pfn;
        }
        return pfn - (c.pages.index(pfn) & (MmCore.HPAGE_PMD_NR - 1));
    }

    /** Visits every entry mapping {@code pfn} (the head of a huge page: its PMDs). */
    void walk(long pfn, Visitor v) {
        int kind = c.pages.kind(pfn);
        if (kind == PageFlags.KIND_ANON) {
            AnonVma av = c.anonVmas.get(c.pages.owner(pfn));
            if (av == null) {
                throw new IllegalStateException("anon page " + pfn + " names anon_vma " + c.pages.owner(pfn)
                    + ", which does not exist");
            }
            long idx = c.pages.index(pfn);
            for (AddressSpace mm : new ArrayList<>(av.members)) {
                long e = mm.entry(idx);
                if (Pte.mapsPage(e) && Pte.pfn(e) == pfn) {
                    v.visit(mm, idx, e);
                }
            }
        } else if (kind == PageFlags.KIND_FILE) {
            FileMapping f = c.file(c.pages.owner(pfn));
            if (f.mappers.isEmpty()) {
                return; // a page of a file nobody maps (read only): no snapshot of the list to copy
            }
            long off = c.pages.index(pfn);
            for (Vma vma : new ArrayList<>(f.mappers)) {
                long vpage = vma.start + (off - vma.pgoff);
                if (off < vma.pgoff || vpage >= vma.end) {
                    continue;
                }
                long e = vma.mm.entry(vpage);
                if (Pte.mapsPage(e) && Pte.pfn(e) == pfn) {
                    v.visit(vma.mm, vpage, e);
                }
            }
        }
    }

    /** The address spaces mapping {@code pfn}, in walk order. */
    List<AddressSpace> mappers(long pfn) {
        List<AddressSpace> out = new ArrayList<>();
        walk(head(pfn), (mm, vpage, e) -> out.add(mm));
        return out;
    }

    /**
     * Models mm/rmap.c: page_referenced (Linux 3.10): the number of entries mapping the page whose accessed bit was
     * set, clearing each ({@code ptep_clear_flush_young}). A huge page counts its PMDs. No VM_LOCKED or
     * VM_SEQ_READ areas exist in the model.
     */
    int referenced(long pfn) {
        long head = head(pfn);
        if (c.pages.mapcount(head) == 0) {
            return 0; // page_referenced walks only a page_mapped page
        }
        int[] young = {0};
        walk(head, (mm, vpage, e) -> {
            if (Pte.has(e, Pte.YOUNG)) {
                mm.ptes.put(vpage, Pte.clear(e, Pte.YOUNG));
                young[0]++;
            }
        });
        return young[0];
    }
}
