package io.slowpath.core.mm;

/**
 * The {@code struct page} flag bits the memory-management model keeps per pfn, at their Linux 3.10 bit numbers
 * ({@code enum pageflags}, include/linux/page-flags.h, CONFIG_PAGEFLAGS_EXTENDED), and the model's page kinds.
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
    public static final int PG_LOCKED = 1 << 0;
    /** {@code PG_referenced}: the software "touched once" bit of {@code mark_page_accessed}. */
    public static final int PG_REFERENCED = 1 << 2;
    /** {@code PG_uptodate}: contents valid. */
    public static final int PG_UPTODATE = 1 << 3;
    /** {@code PG_dirty}: must be written back before it can be freed. */
    public static final int PG_DIRTY = 1 << 4;
    /** {@code PG_lru}: on an LRU list (kept by the reclaim policy). */
    public static final int PG_LRU = 1 << 5;
    /** {@code PG_active}: on (or headed for) an active LRU list. */
    public static final int PG_ACTIVE = 1 << 6;
    /** {@code PG_slab}: a slab page. */
    public static final int PG_SLAB = 1 << 7;
    /** {@code PG_writeback}: I/O in flight. */
    public static final int PG_WRITEBACK = 1 << 13;
    /** {@code PG_head}: first page of a compound (transparent huge) page. */
    public static final int PG_HEAD = 1 << 14;
    /** {@code PG_tail}: a tail page of a compound page. */
    public static final int PG_TAIL = 1 << 15;
    /** {@code PG_swapcache}: in the swap cache; its swap slot is {@link MmModel#swapSlotOf}. */
    public static final int PG_SWAPCACHE = 1 << 16;
    /** {@code PG_reclaim}: reclaim wants it freed as soon as writeback ends (kept by the reclaim policy). */
    public static final int PG_RECLAIM = 1 << 18;
    /** {@code PG_swapbacked}: backed by RAM or swap (anonymous); goes to the anon LRU lists. */
    public static final int PG_SWAPBACKED = 1 << 19;
    /** {@code PG_unevictable}: on the unevictable list (kept by the reclaim policy). */
    public static final int PG_UNEVICTABLE = 1 << 20;
    /** {@code PG_mlocked}: mlocked (not modelled yet; reserved). */
    public static final int PG_MLOCKED = 1 << 21;

    /** Mask of the {@code PG_*} bits. */
    public static final int PG_MASK = (1 << 24) - 1;

    static final int KIND_SHIFT = 24;
    static final int KIND_MASK = 0xf << KIND_SHIFT;

    /** Kind: not used by the model (free, on a per-CPU list, or allocated by someone else). */
    public static final int KIND_NONE = 0;
    /** Kind: an anonymous page ({@code PageAnon}); owner is an anon_vma id, index the virtual page. */
    public static final int KIND_ANON = 1;
    /** Kind: a page-cache page of a file; owner is the file id, index the page offset in the file. */
    public static final int KIND_FILE = 2;
    /** Kind: a PTE page-table page (counted in {@code nr_ptes} and NR_PAGETABLE); owner is the mm id, index the pmd. */
    public static final int KIND_PAGETABLE = 3;
    /** Kind: a kernel stack ({@code THREAD_SIZE}, order 1); owner is the pid, index the page within the stack. */
    public static final int KIND_KSTACK = 4;
    /** Kind: a slab page; owner is 0 (unreclaimable) or 1 (reclaimable), index the page within the slab. */
    public static final int KIND_SLAB = 5;
    /** Kind: the transparent huge zero page ({@code huge_zero_page}, order 9). */
    public static final int KIND_HUGE_ZERO = 6;

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
