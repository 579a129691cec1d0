package io.slowpath.core.mm;

/**
 * What the model knows of every physical page ({@code struct page} as far as memory management uses it), four ints
 * per pfn side by side in one array, as the fields of a {@code struct page} share its cache line: the flag word
 * ({@link PageFlags}), the owner (anon_vma id, file id, mm id or pid by kind), the index (virtual page or file offset)
 * and the map count ({@code page_mapcount}: page-table entries mapping the page). That is 16 bytes per pfn of the
 * machine, whatever the page is used for; no object per page, and one cache miss where four arrays took four.
 *
 * <p>For a transparent huge page every one of its 512 pfns carries the owner, its own index ({@code haddr + i}) and
 * the same map count as the head (3.10 counts PMD mappings on the head and copies the count to the tails when it
 * splits; keeping them equal all along makes a tail pfn answer like its head).
 */
public final class PageMap {
    /** Ints per page and their offsets. */
    private static final int STRIDE = 4;
    private static final int FLAGS = 0;
    private static final int OWNER = 1;
    private static final int INDEX = 2;
    private static final int MAPCOUNT = 3;

    private final int[] words;
    private final int maxPfn;

    /** Metadata for pfns {@code 0 .. maxPfn-1}. */
    PageMap(int maxPfn) {
        if (maxPfn <= 0) {
            throw new IllegalArgumentException("maxPfn must be positive, got " + maxPfn);
        }
        if (maxPfn > Integer.MAX_VALUE / STRIDE) {
            throw new IllegalArgumentException("maxPfn " + maxPfn + " is too large for the page map");
        }
        this.maxPfn = maxPfn;
        words = new int[maxPfn * STRIDE];
    }

    /** One past the highest pfn described. */
    public int maxPfn() {
        return maxPfn;
    }

    /** The flag word: {@code PG_*} bits and the kind. */
    public int flags(long pfn) {
        return words[check(pfn) + FLAGS];
    }

    /** The kind ({@link PageFlags#KIND_ANON}, ...). */
    public int kind(long pfn) {
        return PageFlags.kind(words[check(pfn) + FLAGS]);
    }

    /** Whether every bit of {@code pgBits} is set. */
    public boolean test(long pfn, int pgBits) {
        return (words[check(pfn) + FLAGS] & pgBits) == pgBits;
    }

    /** The owner: anon_vma id (anon), file id (page cache), mm id (page table), pid (kernel stack). */
    public int owner(long pfn) {
        return words[check(pfn) + OWNER];
    }

    /** The index: virtual page (anon), page offset in the file (page cache), pmd index (page table). */
    public int index(long pfn) {
        return words[check(pfn) + INDEX];
    }

    /** {@code page_mapcount}: the page-table entries (or huge PMDs) mapping the page. */
    public int mapcount(long pfn) {
        return words[check(pfn) + MAPCOUNT];
    }

    /** {@code PageAnon}: an anonymous page (swap cache included). */
    public boolean isAnon(long pfn) {
        return kind(pfn) == PageFlags.KIND_ANON;
    }

    /** A page-cache page of a file ({@code page_is_file_cache} among the model's user pages). */
    public boolean isFile(long pfn) {
        return kind(pfn) == PageFlags.KIND_FILE;
    }

    /** {@code PageDirty}. */
    public boolean isDirty(long pfn) {
        return test(pfn, PageFlags.PG_DIRTY);
    }

    /** {@code PageWriteback}. */
    public boolean isWriteback(long pfn) {
        return test(pfn, PageFlags.PG_WRITEBACK);
    }

    /** {@code PageTransHuge} or a tail of one: part of a transparent huge page. */
    public boolean isHuge(long pfn) {
        return (flags(pfn) & (PageFlags.PG_HEAD | PageFlags.PG_TAIL)) != 0 && kind(pfn) == PageFlags.KIND_ANON;
    }

    // ---- updates (the model only) -----------------------------------------------------------------------------

    void set(long pfn, int kind, int pgBits, int ownerId, int idx, int maps) {
        int p = check(pfn);
        words[p + FLAGS] = PageFlags.withKind(kind, pgBits);
        words[p + OWNER] = ownerId;
        words[p + INDEX] = idx;
        words[p + MAPCOUNT] = maps;
    }

    void clear(long pfn) {
        set(pfn, PageFlags.KIND_NONE, 0, 0, 0, 0);
    }

    void setBits(long pfn, int pgBits) {
        words[check(pfn) + FLAGS] |= pgBits & PageFlags.PG_MASK;
    }

    void clearBits(long pfn, int pgBits) {
        words[check(pfn) + FLAGS] &= ~(pgBits & PageFlags.PG_MASK);
    }

    void setOwner(long pfn, int ownerId) {
        words[check(pfn) + OWNER] = ownerId;
    }

    int addMapcount(long pfn, int delta) {
        int i = check(pfn) + MAPCOUNT;
        int n = words[i] + delta;
        words[i] = n;
        if (n < 0) {
            throw new IllegalStateException("Bad page map count: pfn " + pfn + " mapcount " + n);
        }
        return n;
    }

    /** Copies everything of {@code from} to {@code to} (page migration). */
    void copy(long from, long to) {
        int f = check(from);
        int t = check(to);
        System.arraycopy(words, f, words, t, STRIDE);
    }

    /** The offset of {@code pfn}'s first int. */
    private int check(long pfn) {
        if (pfn >= 0 && pfn < maxPfn) {
            return (int) pfn * STRIDE;
        }
        throw outside(pfn);
    }

    /** Out of line, so that {@link #check} stays small enough to inline everywhere. */
    private IllegalArgumentException outside(long pfn) {
        return new IllegalArgumentException("pfn " + pfn + " is outside the machine (0.." + (maxPfn - 1) + ")");
    }
}
