package io.slowpath.core.mm;

import io.slowpath.api.Gfp;
import io.slowpath.api.PageOrder;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.mm.CostModel;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.core.sim.SimulatedKernel;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.Zone;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state every part of the memory-management model shares (pages, swap, page cache, address spaces, files) and
 * the bookkeeping they all do the same way: zone counters, events, simulated time, page allocation and freeing,
 * page-table pages, the life of an anonymous page and of its swap-cache entry.
 */
final class MmCore {
    /** Models arch/x86/mm/pgtable.c: PGALLOC_GFP = GFP_KERNEL|__GFP_NOTRACK|__GFP_REPEAT|__GFP_ZERO = 0x2084d0. */
    static final int PGALLOC_GFP = Gfp.GFP_KERNEL | Gfp.__GFP_NOTRACK | Gfp.__GFP_REPEAT | Gfp.__GFP_ZERO;
    /** do_anonymous_page: alloc_zeroed_user_highpage_movable = GFP_HIGHUSER_MOVABLE|__GFP_ZERO = 0x280da. */
    static final int GFP_ANON_FAULT = Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_ZERO;
    /** do_wp_page copy, do_swap_page (swapin_readahead), THP zero-page fallback: GFP_HIGHUSER_MOVABLE = 0x200da. */
    static final int GFP_USER_PAGE = Gfp.GFP_HIGHUSER_MOVABLE;
    /** do_huge_pmd_wp_page_fallback: GFP_HIGHUSER_MOVABLE|__GFP_OTHER_NODE = 0x8200da. */
    static final int GFP_THP_COW_FALLBACK = Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_OTHER_NODE;
    /** page_cache_alloc_cold of a mapping whose gfp is GFP_HIGHUSER_MOVABLE: 0x201da. */
    static final int GFP_PAGECACHE_COLD = Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_COLD;
    /** grab_cache_page_write_begin of a dirty-accounted mapping: GFP_HIGHUSER_MOVABLE|__GFP_WRITE = 0x10200da. */
    static final int GFP_PAGECACHE_WRITE = Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_WRITE;
    /** get_huge_zero_page: (GFP_TRANSHUGE|__GFP_ZERO) & ~__GFP_MOVABLE = 0x43d2d2. */
    static final int GFP_HUGE_ZERO = (Gfp.GFP_TRANSHUGE | Gfp.__GFP_ZERO) & ~Gfp.__GFP_MOVABLE;
    /** Models kernel/fork.c: THREADINFO_GFP_ACCOUNTED = GFP_KERNEL|__GFP_NOTRACK|__GFP_KMEMCG = 0x3000d0. */
    static final int THREADINFO_GFP = Gfp.GFP_KERNEL | Gfp.__GFP_NOTRACK | Gfp.__GFP_KMEMCG;
    /** arch/x86/include/asm/page_64_types.h (3.10): THREAD_SIZE_ORDER 1, an 8 KiB stack. */
    static final int THREAD_SIZE_ORDER = 1;
    static final int HPAGE_PMD_ORDER = PageOrder.HPAGE_PMD_ORDER;
    static final int HPAGE_PMD_NR = 1 << HPAGE_PMD_ORDER;
    /** /proc/vmstat prints pgpgin/pgpgout in KiB: one 4 KiB page of block I/O is 4. */
    static final int KIB_PER_PAGE = PageOrder.PAGE_SIZE / 1024;

    final SimulatedKernel kernel;
    final Machine machine;
    final MmServices services;
    final ReclaimPolicy lru;
    final MmConfig config;
    final PageMap pages;
    final SwapDevice swap;
    /** The files and their cached pages. */
    final PageCache pageCache = new PageCache();
    /** Swap-cache pages: pfn to swap slot ({@code page->private}). */
    final LongLongMap swapCacheSlot = new LongLongMap();
    /** mm/swap_state.c: swap_cache_info {add_total, del_total, find_success, find_total}. */
    final long[] swapCacheInfo = new long[4];
    /** Address spaces by the pid of their task. */
    final TreeMap<Integer, AddressSpace> mms = new TreeMap<>();
    /** Looked up by id only, never iterated. */
    final Map<Integer, AnonVma> anonVmas = new HashMap<>();
    /** Kernel stacks by pid. */
    final TreeMap<Integer, Long> kernelStacks = new TreeMap<>();
    /** Pages isolated from the LRU by a policy ({@code isolate_lru_page}), counted in NR_ISOLATED_ANON/FILE. */
    final PfnBits isolated;
    /** Free pages compaction took off the buddy lists ({@code split_free_page}) and has not used or given back. */
    final BitSet compactionFree = new BitSet();
    /** Extra references held on pages ({@code get_user_pages} pins), by pfn; they make migration fail. */
    final LongLongMap pins = new LongLongMap();
    int nextAnonVmaId = 1;
    int nextMmId = 1;
    int nextFileId = 1;
    long hugeZeroPfn = -1;
    /** {@code huge_zero_refcount}: one for the shrinker's reference plus one per mapping. */
    long hugeZeroRefs;

    MmCore(SimulatedKernel kernel, ReclaimPolicy lru, MmConfig config) {
        this.kernel = kernel;
        this.machine = kernel.machine();
        this.services = kernel.services();
        this.lru = lru;
        this.config = config;
        long maxPfn = 0;
        for (Zone z : machine.populatedZoneList()) {
            maxPfn = Math.max(maxPfn, z.spec().endPfn());
        }
        this.pages = new PageMap((int) maxPfn);
        this.isolated = new PfnBits(maxPfn);
        this.swap = new SwapDevice(config.swapPages());
    }

    boolean thpEnabled() {
        return machine.settings().thpEnabled();
    }

    int thpGfp() {
        return config.thpDefrag() ? Gfp.GFP_TRANSHUGE : Gfp.GFP_TRANSHUGE & ~Gfp.__GFP_WAIT;
    }

    // ---- counters and time ------------------------------------------------------------------------------------

    /** {@code mod_zone_page_state} on the zone of {@code pfn}, on behalf of CPU slot {@code slot}. */
    void stat(int slot, long pfn, ZoneStatItem item, long delta) {
        machine.zoneOfPfn(pfn).modStat(slot, item, delta);
    }

    void event(int slot, VmEvent e, long delta) {
        machine.events().add(slot, e.ordinal(), delta);
    }

    void spend(long ns) {
        kernel.clock().spend(ns);
    }

    CostModel costs() {
        return services.costs();
    }

    /** The CPU slot of the task running now (a policy acting from kswapd or a faulting task). */
    int currentSlot() {
        Task cur = kernel.current();
        return cur != null ? cur.cpu() : 0;
    }

    // ---- pages ------------------------------------------------------------------------------------------------

    /** {@code alloc_pages} for {@code task} through the simulated kernel (fast path, then the full slow path). */
    long alloc(Task task, int gfp, int order) {
        // The allocation site as dump_stack names it: user pages come through alloc_pages_vma (mempolicy of the
        // VMA), the page cache, page tables and kernel pages through alloc_pages_current.
        boolean userPage = (gfp & Gfp.__GFP_MOVABLE) != 0 && (gfp & Gfp.__GFP_HIGHMEM) != 0
            && (gfp & Gfp.__GFP_COLD) == 0;
        return kernel.allocPages(task, gfp, order, userPage ? "alloc_pages_vma" : "alloc_pages_current");
    }

    /**
     * {@link #alloc} of {@code count} order-0 pages as far as each would take the fast path (see
     * {@link SimulatedKernel#allocPagesFast}).
     */
    int allocFast(Task task, int gfp, int count, int[] out) {
        return kernel.allocPagesFast(task, gfp, count, out);
    }

    /** Clears the metadata of a block and frees it to the allocator on {@code slot}. */
    void free(int slot, long pfn, int order, boolean cold) {
        for (long p = pfn; p < pfn + (1L << order); p++) {
            endIsolation(slot, p);
            if (pins.size() != 0) {
                pins.remove(p);
            }
            pages.clear(p);
        }
        kernel.allocator().freePagesOnSlot(slot, pfn, order, cold);
    }

    /** Marks an isolated page: NR_ISOLATED_ANON or NR_ISOLATED_FILE (by {@code page_is_file_cache}) + its pages. */
    void isolate(int slot, long pfn) {
        if (isolated.get(pfn)) {
            throw new IllegalStateException("pfn " + pfn + " is already isolated");
        }
        isolated.set(pfn);
        stat(slot, pfn, isolatedItem(pfn), isolatedPages(pfn));
    }

    /**
     * Ends the isolation of a page put back or freed: NR_ISOLATED_* goes down again.
     *
     * @return false when the page was not isolated
     */
    boolean endIsolation(int slot, long pfn) {
        if (!isolated.get(pfn)) {
            return false;
        }
        isolated.clear(pfn);
        stat(slot, pfn, isolatedItem(pfn), -isolatedPages(pfn));
        return true;
    }

    private ZoneStatItem isolatedItem(long pfn) {
        return pages.test(pfn, PageFlags.PG_SWAPBACKED) ? ZoneStatItem.NR_ISOLATED_ANON : ZoneStatItem.NR_ISOLATED_FILE;
    }

    private int isolatedPages(long pfn) {
        return pages.test(pfn, PageFlags.PG_HEAD) ? HPAGE_PMD_NR : 1;
    }

    /** {@code lru_cache_add}: tells the reclaim policy a page became reclaimable. */
    void lruAdd(long pfn) {
        lru.pageAdded(services, pfn);
    }

    /** Tells the reclaim policy a page left for good, then frees it (hot, as release_pages does). */
    void lruRemoveAndFree(int slot, long pfn, int order) {
        lru.pageRemoved(services, pfn);
        free(slot, pfn, order, false);
    }

    /** {@code page_add_new_anon_rmap} of a small page: kind anon, mapped once, NR_ANON_PAGES++. */
    void newAnonPage(int slot, long pfn, int anonVma, long vpage) {
        pages.set(pfn, PageFlags.KIND_ANON, PageFlags.PG_SWAPBACKED | PageFlags.PG_UPTODATE | PageFlags.PG_ACTIVE,
            anonVma, (int) vpage, 1);
        stat(slot, pfn, ZoneStatItem.NR_ANON_PAGES, 1);
    }

    /** {@code page_add_new_anon_rmap} of a transparent huge page: NR_ANON_TRANSPARENT_HUGEPAGES++. */
    void newHugePage(int slot, long head, int anonVma, long haddr) {
        int bits = PageFlags.PG_SWAPBACKED | PageFlags.PG_UPTODATE;
        pages.set(head, PageFlags.KIND_ANON, bits | PageFlags.PG_HEAD | PageFlags.PG_ACTIVE, anonVma, (int) haddr, 1);
        for (int i = 1; i < HPAGE_PMD_NR; i++) {
            pages.set(head + i, PageFlags.KIND_ANON, bits | PageFlags.PG_TAIL, anonVma, (int) haddr + i, 1);
        }
        stat(slot, head, ZoneStatItem.NR_ANON_TRANSPARENT_HUGEPAGES, 1);
    }

    /**
     * {@code page_remove_rmap} and the mapping's {@code put_page} for a small page: an anonymous page nobody maps any
     * more is freed (leaving the swap cache first); a page-cache page stays cached.
     */
    void releaseSmallPage(int slot, long pfn) {
        if (pages.addMapcount(pfn, -1) > 0) {
            return;
        }
        if (pages.kind(pfn) == PageFlags.KIND_ANON) {
            stat(slot, pfn, ZoneStatItem.NR_ANON_PAGES, -1);
            if (pages.test(pfn, PageFlags.PG_SWAPCACHE)) {
                // The kernel would leave the clean page in the swap cache until reclaim; the slot keeps the data.
                deleteFromSwapCache(slot, pfn);
            }
            lruRemoveAndFree(slot, pfn, 0);
        } else {
            stat(slot, pfn, ZoneStatItem.NR_MAPPED, -1);
        }
    }

    /** {@code page_remove_rmap} of one huge PMD mapping; the huge page is freed with its last mapping. */
    void releaseHugeMapping(int slot, long head) {
        int left = 0;
        for (int i = 0; i < HPAGE_PMD_NR; i++) {
            left = pages.addMapcount(head + i, -1);
        }
        if (left == 0) {
            stat(slot, head, ZoneStatItem.NR_ANON_TRANSPARENT_HUGEPAGES, -1);
            lruRemoveAndFree(slot, head, HPAGE_PMD_ORDER);
        }
    }

    /** {@code __delete_from_swap_cache}: NR_FILE_PAGES--, and the slot is released if no entry holds it. */
    void deleteFromSwapCache(int slot, long pfn) {
        int s = (int) swapCacheSlot.remove(pfn);
        swapCacheInfo[1]++;
        swap.setCache(s, -1);
        pages.clearBits(pfn, PageFlags.PG_SWAPCACHE);
        stat(slot, pfn, ZoneStatItem.NR_FILE_PAGES, -1);
        if (swap.count(s) == 0) {
            swap.release(s);
        }
    }

    /** {@code add_to_swap_cache}: NR_FILE_PAGES++. */
    void addToSwapCache(int slot, long pfn, int s) {
        swap.setCache(s, pfn);
        swapCacheInfo[0]++;
        swapCacheSlot.put(pfn, s);
        pages.setBits(pfn, PageFlags.PG_SWAPCACHE);
        stat(slot, pfn, ZoneStatItem.NR_FILE_PAGES, 1);
    }

    /**
     * {@code free_swap_and_cache} of one swap entry being zapped. When the last entry goes, a swap-cache page leaves
     * the cache (the kernel keeps a still-mapped one cached unless swap is full) and the slot is released.
     */
    void freeSwapEntry(int slot, int s) {
        if (swap.put(s) > 0) {
            return;
        }
        long cached = swap.cachePfn(s);
        if (cached >= 0) {
            deleteFromSwapCache(slot, cached);
        } else {
            swap.release(s);
        }
    }

    /** {@code set_page_dirty} of a page-cache page: NR_FILE_DIRTY and NR_DIRTIED via account_page_dirtied. */
    void setPageDirty(int slot, long pfn) {
        if (pages.kind(pfn) != PageFlags.KIND_FILE || pages.test(pfn, PageFlags.PG_DIRTY)) {
            return;
        }
        pages.setBits(pfn, PageFlags.PG_DIRTY);
        stat(slot, pfn, ZoneStatItem.NR_DIRTY, 1);
        stat(slot, pfn, ZoneStatItem.NR_DIRTIED, 1);
    }

    // ---- page tables ------------------------------------------------------------------------------------------

    /**
     * Models mm/memory.c: __pte_alloc (Linux 3.10): the PTE page for {@code pmdIndex} of {@code mm} unless it exists,
     * allocated by {@code task} with PGALLOC_GFP ({@code pte_alloc_one}: order 0, unmovable; pgtable_page_ctor counts
     * NR_PAGETABLE), and {@code mm->nr_ptes++}.
     *
     * @return false when the allocation failed (the fault's VM_FAULT_OOM, fork's -ENOMEM)
     */
    boolean ensurePteTable(AddressSpace mm, Task task, long pmdIndex) {
        if (mm.pmds.containsKey(pmdIndex)) {
            return true;
        }
        long pfn = alloc(task, PGALLOC_GFP, 0);
        if (pfn < 0) {
            return false;
        }
        pages.set(pfn, PageFlags.KIND_PAGETABLE, 0, mm.id, (int) pmdIndex, 0);
        stat(task.cpu(), pfn, ZoneStatItem.NR_PAGE_TABLE_PAGES, 1);
        mm.pmds.put(pmdIndex, pfn);
        mm.task.nrPtes++;
        return true;
    }

    /** {@code pte_free} of one PTE page: {@code nr_ptes--}, NR_PAGETABLE--. */
    void freePteTable(AddressSpace mm, int slot, long pmdIndex) {
        long pfn = mm.pmds.remove(pmdIndex);
        if (pfn == RadixTree.MISSING) {
            throw new IllegalStateException("mm " + mm.id + " has no page table at pmd " + pmdIndex);
        }
        stat(slot, pfn, ZoneStatItem.NR_PAGE_TABLE_PAGES, -1);
        mm.task.nrPtes--;
        free(slot, pfn, 0, false);
    }

    // ---- the huge zero page -----------------------------------------------------------------------------------

    /**
     * Models mm/huge_memory.c: get_huge_zero_page (Linux 3.10): allocated on first use (thp_zero_page_alloc) and
     * then shared; its count starts at 2, one reference being the shrinker's.
     *
     * @return the pfn, or -1 when the allocation failed (thp_zero_page_alloc_failed)
     */
    long getHugeZeroPage(Task task) {
        if (hugeZeroPfn >= 0) {
            hugeZeroRefs++;
            return hugeZeroPfn;
        }
        long pfn = alloc(task, GFP_HUGE_ZERO, HPAGE_PMD_ORDER);
        if (pfn < 0) {
            event(task.cpu(), VmEvent.THP_ZERO_PAGE_ALLOC_FAILED, 1);
            return -1;
        }
        event(task.cpu(), VmEvent.THP_ZERO_PAGE_ALLOC, 1);
        for (int i = 0; i < HPAGE_PMD_NR; i++) {
            pages.set(pfn + i, PageFlags.KIND_HUGE_ZERO, i == 0 ? PageFlags.PG_HEAD : PageFlags.PG_TAIL, 0, i, 0);
        }
        hugeZeroPfn = pfn;
        hugeZeroRefs = 2;
        return pfn;
    }

    /** {@code put_huge_zero_page}: only the shrinker drops the last reference. */
    void putHugeZeroPage() {
        if (--hugeZeroRefs < 1) {
            throw new IllegalStateException("huge zero page reference count dropped to " + hugeZeroRefs);
        }
    }

    // ---- lookups ----------------------------------------------------------------------------------------------

    /** {@code current->mm}: the task's own link first (no boxed lookup per fault), the pid table else. */
    AddressSpace mmOf(Task t) {
        AddressSpace mm = t.mm;
        if (mm != null && mm.core == this) {
            return mm;
        }
        return mmByPid(t);
    }

    private AddressSpace mmByPid(Task t) {
        AddressSpace mm = mms.get(t.pid());
        if (mm == null || mm.task != t) {
            throw new IllegalArgumentException("task " + t + " has no address space in this model (never spawned or"
                + " forked here, or already exited)");
        }
        return mm;
    }

    FileMapping file(int id) {
        FileMapping f = pageCache.file(id);
        if (f == null) {
            throw new IllegalArgumentException("file " + id + " does not exist (create it with createFile)");
        }
        return f;
    }

    Zone zoneOf(long pfn) {
        return machine.zoneOfPfn(pfn);
    }
}
