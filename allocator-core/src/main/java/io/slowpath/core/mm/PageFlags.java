package io.slowpath.core.mm;

import io.slowpath.api.mm.PageState;

/**
 * The {@code struct page} flag bits the memory-management model keeps per pfn, at their Linux 3.10 bit numbers
 * ({@code enum pageflags}, include/linux/page-flags.h, CONFIG_PAGEFLAGS_EXTENDED), and the model's page kinds. The
 * values are those policies see in {@link PageState}.
 *
 * <p>A page's flag word holds the {@code PG_*} bits in its low 24 bits and its {@link #kind} (what the page is used
 * for: anonymous memory, page cache, a page table, ...) in bits 24..27. The kernel has no such kind field: it tells an
 * anonymous page by the low bit of {@code page->mapping} ({@code PageAnon}), a slab page by {@code PG_slab}, and a
 * page table by nothing at all; the simulator keeps it explicitly so that every allocated page can be accounted for.
 *
 * <p>Who sets which bit: the model sets {@code PG_dirty}, {@code PG_writeback}, {@code PG_swapcache},
 * {@code PG_swapbacked}, {@code PG_head}/{@code PG_tail} and {@code PG_slab}. {@code PG_lru}, {@code PG_referenced},
 * {@code PG_unevictable} and {@code PG_reclaim} belong to the reclaim policy, which keeps the LRU lists. The model
 * sets {@code PG_active} on a new anonymous page just before {@code ReclaimPolicy.pageAdded}, as
 * {@code lru_cache_add_lru(page, LRU_ACTIVE_ANON)} would (the policy reads it as the target list), and clears it for
 * page-cache and swap-in pages, which start inactive.
 */
public final class PageFlags {
    private PageFlags() {
    }

    /** {@code PG_locked}: page locked (the model never holds page locks across calls). */
    public static final int PG_LOCKED = PageState.PG_LOCKED;
    /** {@code PG_referenced}: the software "touched once" bit of {@code mark_page_accessed}. */
    public static final int PG_REFERENCED = PageState.PG_REFERENCED;
    /** {@code PG_uptodate}: contents valid. */
    public static final int PG_UPTODATE = PageState.PG_UPTODATE;
    /** {@code PG_dirty}: must be written back before it can be freed. */
    public static final int PG_DIRTY = PageState.PG_DIRTY;
    /** {@code PG_lru}: on an LRU list (kept by the reclaim policy). */
    public static final int PG_LRU = PageState.PG_LRU;
    /** {@code PG_active}: on (or headed for) an active LRU list. */
    public static final int PG_ACTIVE = PageState.PG_ACTIVE;
    /** {@code PG_slab}: a slab page. */
    public static final int PG_SLAB = PageState.PG_SLAB;
    /** {@code PG_writeback}: I/O in flight. */
    public static final int PG_WRITEBACK = PageState.PG_WRITEBACK;
    /** {@code PG_head}: first page of a compound (transparent huge) page. */
    public static final int PG_HEAD = PageState.PG_HEAD;
    /** {@code PG_tail}: a tail page of a compound page. */
    public static final int PG_TAIL = PageState.PG_TAIL;
    /** {@code PG_swapcache}: in the swap cache; its swap slot is {@link MmModel#swapSlotOf}. */
    public static final int PG_SWAPCACHE = PageState.PG_SWAPCACHE;
    /** {@code PG_reclaim}: reclaim wants it freed as soon as writeback ends (kept by the reclaim policy). */
    public static final int PG_RECLAIM = PageState.PG_RECLAIM;
    /** {@code PG_swapbacked}: backed by RAM or swap (anonymous); goes to the anon LRU lists. */
    public static final int PG_SWAPBACKED = PageState.PG_SWAPBACKED;
    /** {@code PG_unevictable}: on the unevictable list (kept by the reclaim policy). */
    public static final int PG_UNEVICTABLE = PageState.PG_UNEVICTABLE;
    /** {@code PG_mlocked}: mlocked (not modelled yet; reserved). */
    public static final int PG_MLOCKED = PageState.PG_MLOCKED;

    /** Mask of the {@code PG_*} bits. */
    public static final int PG_MASK = (1 << 24) - 1;

    static final int KIND_SHIFT = 24;
    static final int KIND_MASK = 0xf << KIND_SHIFT;

    /** Kind: not used by the model (free, on a per-CPU list, or allocated by someone else). */
    public static final int KIND_NONE = PageState.KIND_NONE;
    /** Kind: an anonymous page ({@code PageAnon}); owner is an anon_vma id, index the virtual page. */
    public static final int KIND_ANON = PageState.KIND_ANON;
    /** Kind: a page-cache page of a file; owner is the file id, index the page offset in the file. */
    public static final int KIND_FILE = PageState.KIND_FILE;
    /** Kind: a PTE page-table page (counted in {@code nr_ptes} and NR_PAGETABLE); owner is the mm id, index the pmd. */
    public static final int KIND_PAGETABLE = PageState.KIND_PAGETABLE;
    /** Kind: a kernel stack ({@code THREAD_SIZE}, order 1); owner is the pid, index the page within the stack. */
    public static final int KIND_KSTACK = PageState.KIND_KSTACK;
    /** Kind: a slab page; owner is 0 (unreclaimable) or 1 (reclaimable), index the page within the slab. */
    public static final int KIND_SLAB = PageState.KIND_SLAB;
    /** Kind: the transparent huge zero page ({@code huge_zero_page}, order 9). */
    public static final int KIND_HUGE_ZERO = PageState.KIND_HUGE_ZERO;

    private static final String[] KIND_NAMES = {"none", "anon", "file", "pagetable", "kstack", "slab", "huge_zero"};

    /** The kind stored in a flag word. */
    public static int kind(int flags) {
        return (flags & KIND_MASK) >>> KIND_SHIFT;
    }

    /** A flag word of this kind with these {@code PG_*} bits. */
    static int withKind(int kind, int pgBits) {
        return (kind << KIND_SHIFT) | (pgBits & PG_MASK);
    }

    /** The name of a kind, e.g. {@code anon}. */
    public static String kindName(int kind) {
        if (kind < 0 || kind >= KIND_NAMES.length) {
            throw new IllegalArgumentException("unknown page kind " + kind);
        }
        return KIND_NAMES[kind];
    }
}
