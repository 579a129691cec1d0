package io.slowpath.core.mm;

import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;

/**
 * Models mm/memory.c: handle_mm_fault (Linux 3.10, x86_64) and what it dispatches to: {@code do_anonymous_page},
 * {@code do_wp_page}, {@code do_swap_page}, {@code __do_fault} via {@code filemap_fault} for shared file mappings,
 * and mm/huge_memory.c: {@code do_huge_pmd_anonymous_page} and {@code do_huge_pmd_wp_page} with their fallbacks.
 * Every allocation goes through the simulated kernel, so a fault under pressure runs the whole slow path.
 */
final class FaultHandler {
    private static final int HPAGE_NR = MmCore.HPAGE_PMD_NR;

    private final MmCore c;
    private final ThpSplitter splitter;

    FaultHandler(MmCore c, ThpSplitter splitter) {
        this.c = c;
        this.splitter = splitter;
    }

    /**
     * The MMU's side of a user access that needs no fault: a present entry that allows it gets its accessed (and, for
     * a write, dirty) bits, as the hardware sets them; for a huge mapping they are the PMD's (the entry at the 2 MiB
     * boundary). Returns false, changing nothing, when the access must fault (or lies outside every mapping).
     */
    boolean accessWithoutFault(AddressSpace mm, long vpage, boolean write) {
        long e = mm.entry(vpage);
        if (!Pte.isPresent(e) || mm.find(vpage) == null) {
            return false;
        }
        long at = Pte.has(e, Pte.HUGE) ? hugeStart(vpage) : vpage;
        long entry = at == vpage ? e : mm.entry(at);
        if (write && !Pte.has(entry, Pte.WRITE)) {
            return false;
        }
        long bits = Pte.YOUNG | (write ? Pte.DIRTY : 0);
        if ((entry & bits) != bits) {
            mm.ptes.put(at, Pte.set(entry, (int) bits));
        }
        return true;
    }

    /**
     * handle_mm_fault for an access {@link #accessWithoutFault} refused: {@code pgfault++} and the fault's own cost,
     * then the path the entry selects (a write to a write-protected entry, a swap entry, no entry).
     */
    Fault access(AddressSpace mm, long vpage, boolean write) {
        Vma vma = mm.find(vpage);
        if (vma == null) {
            throw new IllegalArgumentException("task " + mm.task + " touched vpage " + vpage
                + " outside every mapping (SIGSEGV)");
        }
        long e = mm.entry(vpage);
        beginFault(mm.task);
        if (Pte.isPresent(e)) {
            // Present, so the access was a write the entry does not allow.
            if (Pte.has(e, Pte.HUGE)) {
                long haddr = hugeStart(vpage);
                return hugeWriteProtectFault(mm, vma, vpage, haddr, mm.entry(haddr));
            }
            return writeProtectFault(mm, vma, vpage, e);
        }
        if (Pte.isSwap(e)) {
            return swapFault(mm, vma, vpage, e, write);
        }
        long pmdIndex = AddressSpace.pmdIndex(vpage);
        if (vma.kind == VmaKind.ANON && c.thpEnabled() && !mm.pmds.containsKey(pmdIndex) && hugeFits(vma, vpage)) {
            Fault f = hugeAnonymousFault(mm, vma, vpage, write);
            if (f != null) {
                return f;
            }
        }
        if (!c.ensurePteTable(mm, mm.task, pmdIndex)) {
            return Fault.OOM;
        }
        return vma.kind == VmaKind.ANON ? anonymousFault(mm, vma, vpage, write) : fileFault(mm, vma, vpage, write);
    }

    /** handle_mm_fault's {@code count_vm_event(PGFAULT)} and the fault's own simulated cost. */
    private void beginFault(Task t) {
        c.event(t.cpu(), VmEvent.PGFAULT, 1);
        c.spend(c.costs().pageFaultNs());
    }

    /**
     * Models mm/memory.c: do_anonymous_page (Linux 3.10): a read maps the zero page (no allocation, no RSS); a write
     * allocates a zeroed page with GFP_HIGHUSER_MOVABLE|__GFP_ZERO (0x280da), MM_ANONPAGES++, and
     * page_add_new_anon_rmap puts it on the active anon list.
     */
    private Fault anonymousFault(AddressSpace mm, Vma vma, long vpage, boolean write) {
        if (!write) {
            mm.ptes.put(vpage, Pte.zero(Pte.YOUNG));
            return Fault.MINOR;
        }
        return mapNewAnonPage(mm, vma, vpage, MmCore.GFP_ANON_FAULT);
    }

    private Fault mapNewAnonPage(AddressSpace mm, Vma vma, long vpage, int gfp) {
        Task t = mm.task;
        long pfn = c.alloc(t, gfp, 0);
        if (pfn < 0) {
            return Fault.OOM;
        }
        vma.hasAnonVma = true;
        c.newAnonPage(t.cpu(), pfn, mm.anonVma.id, vpage);
        t.anonRss++;
        mm.ptes.put(vpage, Pte.present(pfn, Pte.WRITE | Pte.YOUNG | Pte.DIRTY));
        c.lruAdd(pfn);
        return Fault.MINOR;
    }

    /**
     * Models mm/memory.c: do_wp_page (Linux 3.10): a write to a write-protected entry. The zero page is replaced by a
     * new zeroed page; a shared file page is made writable and dirtied; an anonymous page mapped once (and not held
     * by the swap cache for other entries) is reused and moved to this mm's anon_vma; otherwise it is copied into a
     * new page (GFP_HIGHUSER_MOVABLE, 0x200da) and the old page loses one mapping.
     */
    private Fault writeProtectFault(AddressSpace mm, Vma vma, long vpage, long e) {
        Task t = mm.task;
        if (Pte.has(e, Pte.ZERO)) {
            return mapNewAnonPage(mm, vma, vpage, MmCore.GFP_ANON_FAULT);
        }
        long pfn = Pte.pfn(e);
        if (vma.kind == VmaKind.FILE) {
            mm.ptes.put(vpage, Pte.set(e, Pte.WRITE | Pte.DIRTY | Pte.YOUNG));
            c.setPageDirty(t.cpu(), pfn);
            return Fault.MINOR;
        }
        if (c.pages.mapcount(pfn) == 1 && !c.pages.test(pfn, PageFlags.PG_SWAPCACHE)) {
            c.pages.setOwner(pfn, mm.anonVma.id); // page_move_anon_rmap
            mm.ptes.put(vpage, Pte.set(e, Pte.WRITE | Pte.DIRTY | Pte.YOUNG));
            return Fault.MINOR;
        }
        long copy = c.alloc(t, MmCore.GFP_USER_PAGE, 0);
        if (copy < 0) {
            return Fault.OOM;
        }
        vma.hasAnonVma = true;
        c.newAnonPage(t.cpu(), copy, mm.anonVma.id, vpage);
        mm.ptes.put(vpage, Pte.present(copy, Pte.WRITE | Pte.DIRTY | Pte.YOUNG));
        c.releaseSmallPage(t.cpu(), pfn);
        c.lruAdd(copy);
        return Fault.MINOR;
    }

    /**
     * Models mm/memory.c: do_swap_page (Linux 3.10). A swap-cache hit is minor; a miss allocates with
     * GFP_HIGHUSER_MOVABLE (0x200da), reads the slot (pgmajfault, pswpin, pgpgin, the swap-in latency) and adds the
     * page to the swap cache and the inactive anon list. MM_ANONPAGES++, MM_SWAPENTS--, {@code swap_free}. When this
     * was the slot's last entry the page leaves the swap cache, and if only this mm maps it, it becomes this mm's
     * (a write then maps it writable, as reuse_swap_page allows); a write to a page still shared goes on to
     * do_wp_page. Readahead of the slot's 8-slot cluster is not modelled.
     */
    private Fault swapFault(AddressSpace mm, Vma vma, long vpage, long e, boolean write) {
        Task t = mm.task;
        int slot = t.cpu();
        int s = Pte.slot(e);
        long pfn = c.swap.cachePfn(s);
        c.swapCacheInfo[3]++; // lookup_swap_cache
        if (pfn >= 0) {
            c.swapCacheInfo[2]++;
        }
        Fault result = Fault.MINOR;
        if (pfn < 0) {
            pfn = c.alloc(t, MmCore.GFP_USER_PAGE, 0);
            if (pfn < 0) {
                return Fault.OOM;
            }
            result = Fault.MAJOR;
            c.event(slot, VmEvent.PGMAJFAULT, 1);
            c.event(slot, VmEvent.PSWPIN, 1);
            c.event(slot, VmEvent.PGPGIN, MmCore.KIB_PER_PAGE);
            c.spend(c.costs().swapInIoNs());
            c.pages.set(pfn, PageFlags.KIND_ANON, PageFlags.PG_SWAPBACKED | PageFlags.PG_UPTODATE,
                c.swap.owner(s), c.swap.index(s), 0);
            c.addToSwapCache(slot, pfn, s);
            c.lruAdd(pfn);
        }
        vma.hasAnonVma = true;
        t.anonRss++;
        t.swapEntries--;
        int maps = c.pages.addMapcount(pfn, 1);
        if (maps == 1) {
            c.stat(slot, pfn, ZoneStatItem.NR_ANON_PAGES, 1);
        }
        long pte = Pte.present(pfn, Pte.YOUNG);
        if (c.swap.put(s) == 0) {
            c.deleteFromSwapCache(slot, pfn);
            if (maps == 1) {
                c.pages.setOwner(pfn, mm.anonVma.id);
                if (write) {
                    pte = Pte.set(pte, Pte.WRITE | Pte.DIRTY);
                }
            }
        }
        mm.ptes.put(vpage, pte);
        if (write && !Pte.has(pte, Pte.WRITE) && writeProtectFault(mm, vma, vpage, pte) == Fault.OOM) {
            return Fault.OOM;
        }
        return result;
    }

    /**
     * Models mm/memory.c: __do_fault via mm/filemap.c: filemap_fault (Linux 3.10) for a shared file mapping: a
     * page-cache hit is minor; a miss is major (pgmajfault), allocates with page_cache_alloc_cold (0x201da) and reads
     * the page (pgpgin, the file-read latency); mmap readahead is not modelled. The page is then mapped:
     * page_add_file_rmap (NR_FILE_MAPPED on its first mapping) and MM_FILEPAGES++; a write maps it dirty and
     * writable and dirties the page.
     */
    private Fault fileFault(AddressSpace mm, Vma vma, long vpage, boolean write) {
        Task t = mm.task;
        long off = vma.fileOffset(vpage);
        long pfn = vma.file.pages.get(off);
        Fault result = Fault.MINOR;
        if (pfn < 0) {
            c.event(t.cpu(), VmEvent.PGMAJFAULT, 1);
            result = Fault.MAJOR;
            pfn = PageCacheOps.addToPageCache(c, t, vma.file, off, MmCore.GFP_PAGECACHE_COLD, true);
            if (pfn < 0) {
                return Fault.OOM;
            }
        }
        if (c.pages.addMapcount(pfn, 1) == 1) {
            c.stat(t.cpu(), pfn, ZoneStatItem.NR_MAPPED, 1);
        }
        t.fileRss++;
        mm.ptes.put(vpage, Pte.present(pfn, Pte.YOUNG | (write ? Pte.WRITE | Pte.DIRTY : 0)));
        if (write) {
            c.setPageDirty(t.cpu(), pfn);
        }
        return result;
    }

    // ---- transparent huge pages ---------------------------------------------------------------------------------

    static long hugeStart(long vpage) {
        return vpage & ~(long) (HPAGE_NR - 1);
    }

    private static boolean hugeFits(Vma vma, long vpage) {
        long haddr = hugeStart(vpage);
        return haddr >= vma.start && haddr + HPAGE_NR <= vma.end;
    }

    /**
     * Models mm/huge_memory.c: do_huge_pmd_anonymous_page (Linux 3.10) on an empty PMD whose aligned 2 MiB lie in the
     * VMA. A read maps the huge zero page (with use_zero_page) over a deposited PTE page. A write allocates order 9
     * with GFP_TRANSHUGE (thp_fault_alloc), deposits a PTE page (nr_ptes++), MM_ANONPAGES += 512 and
     * NR_ANON_TRANSPARENT_HUGEPAGES++. When the huge page cannot be had (thp_fault_fallback) the fault falls back to
     * small pages.
     *
     * @return the result, or null to fall back to the small-page path
     */
    private Fault hugeAnonymousFault(AddressSpace mm, Vma vma, long vpage, boolean write) {
        Task t = mm.task;
        int slot = t.cpu();
        long haddr = hugeStart(vpage);
        long pmdIndex = AddressSpace.pmdIndex(vpage);
        vma.hasAnonVma = true; // anon_vma_prepare comes first, for the huge zero page too
        if (!write && c.config.thpUseZeroPage()) {
            if (!c.ensurePteTable(mm, t, pmdIndex)) {
                return Fault.OOM;
            }
            if (c.getHugeZeroPage(t) < 0) {
                c.freePteTable(mm, slot, pmdIndex);
                c.event(slot, VmEvent.THP_FAULT_FALLBACK, 1);
                return null;
            }
            for (int i = 0; i < HPAGE_NR; i++) {
                mm.ptes.put(haddr + i, Pte.zero(Pte.HUGE | (i == 0 ? Pte.YOUNG : 0)));
            }
            return Fault.MINOR;
        }
        long pfn = c.alloc(t, c.thpGfp(), MmCore.HPAGE_PMD_ORDER);
        if (pfn < 0) {
            c.event(slot, VmEvent.THP_FAULT_FALLBACK, 1);
            return null;
        }
        c.event(slot, VmEvent.THP_FAULT_ALLOC, 1);
        if (!c.ensurePteTable(mm, t, pmdIndex)) {
            c.free(slot, pfn, MmCore.HPAGE_PMD_ORDER, false);
            return null;
        }
        mapNewHugePage(mm, vma, haddr, pfn);
        return Fault.MINOR;
    }

    private void mapNewHugePage(AddressSpace mm, Vma vma, long haddr, long pfn) {
        vma.hasAnonVma = true;
        c.newHugePage(mm.task.cpu(), pfn, mm.anonVma.id, haddr);
        mm.task.anonRss += HPAGE_NR;
        for (int i = 0; i < HPAGE_NR; i++) {
            mm.ptes.put(haddr + i, Pte.present(pfn + i, Pte.HUGE | (i == 0 ? Pte.WRITE | Pte.YOUNG | Pte.DIRTY : 0)));
        }
        c.lruAdd(pfn);
    }

    /**
     * Models mm/huge_memory.c: do_huge_pmd_wp_page (Linux 3.10): a write to a write-protected huge PMD. A huge page
     * mapped once is made writable. Otherwise a new huge page is tried (thp_fault_alloc); failing that
     * (thp_fault_fallback), the huge zero page gives way to one small page and zero-page entries
     * ({@code do_huge_pmd_wp_zero_page_fallback}), and a shared huge page is copied into 512 small pages
     * ({@code do_huge_pmd_wp_page_fallback}; if one of them cannot be had, the huge page is split and the fault
     * returns VM_FAULT_OOM).
     */
    private Fault hugeWriteProtectFault(AddressSpace mm, Vma vma, long vpage, long haddr, long pmd) {
        Task t = mm.task;
        int slot = t.cpu();
        boolean zero = Pte.has(pmd, Pte.ZERO);
        long old = zero ? -1 : Pte.pfn(pmd);
        if (!zero && c.pages.mapcount(old) == 1) {
            mm.ptes.put(haddr, Pte.set(pmd, Pte.WRITE | Pte.DIRTY | Pte.YOUNG));
            return Fault.MINOR;
        }
        long fresh = c.thpEnabled() ? c.alloc(t, c.thpGfp(), MmCore.HPAGE_PMD_ORDER) : -1;
        if (fresh >= 0) {
            c.event(slot, VmEvent.THP_FAULT_ALLOC, 1);
            if (zero) {
                c.putHugeZeroPage();
                mapNewHugePage(mm, vma, haddr, fresh);
            } else {
                mm.task.anonRss -= HPAGE_NR; // mapNewHugePage adds them back: the count is unchanged
                mapNewHugePage(mm, vma, haddr, fresh);
                c.releaseHugeMapping(slot, old);
            }
            return Fault.MINOR;
        }
        c.event(slot, VmEvent.THP_FAULT_FALLBACK, 1);
        return zero ? zeroPageFallback(mm, vma, vpage, haddr) : copyFallback(mm, vma, haddr, old);
    }

    private Fault zeroPageFallback(AddressSpace mm, Vma vma, long vpage, long haddr) {
        Task t = mm.task;
        long pfn = c.alloc(t, MmCore.GFP_USER_PAGE, 0);
        if (pfn < 0) {
            return Fault.OOM;
        }
        for (int i = 0; i < HPAGE_NR; i++) {
            mm.ptes.put(haddr + i, Pte.zero(0));
        }
        c.putHugeZeroPage();
        vma.hasAnonVma = true;
        c.newAnonPage(t.cpu(), pfn, mm.anonVma.id, vpage);
        t.anonRss++;
        mm.ptes.put(vpage, Pte.present(pfn, Pte.WRITE | Pte.YOUNG | Pte.DIRTY));
        c.lruAdd(pfn);
        return Fault.MINOR;
    }

    private Fault copyFallback(AddressSpace mm, Vma vma, long haddr, long old) {
        Task t = mm.task;
        int slot = t.cpu();
        long[] fresh = new long[HPAGE_NR];
        for (int i = 0; i < HPAGE_NR; i++) {
            fresh[i] = c.alloc(t, MmCore.GFP_THP_COW_FALLBACK, 0);
            if (fresh[i] < 0) {
                for (int j = 0; j < i; j++) {
                    c.free(slot, fresh[j], 0, false);
                }
                splitter.split(slot, old);
                return Fault.OOM;
            }
        }
        vma.hasAnonVma = true;
        for (int i = 0; i < HPAGE_NR; i++) {
            c.newAnonPage(slot, fresh[i], mm.anonVma.id, haddr + i);
            mm.ptes.put(haddr + i, Pte.present(fresh[i], Pte.WRITE | Pte.DIRTY | Pte.YOUNG));
        }
        c.releaseHugeMapping(slot, old);
        for (long p : fresh) {
            c.lruAdd(p);
        }
        return Fault.MINOR;
    }
}
