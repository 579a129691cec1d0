package io.slowpath.policy.reclaim.stock310;

/**
 * Every LRU list of a machine as intrusive doubly linked lists over pfns ({@code page->lru}): the links of every pfn
 * in one array plus one sentinel per list, so adding, deleting and moving a page are O(1) and no object is made per
 * page. A page is on at most one list. Lists are numbered {@code lruvec * NR_LRU_LISTS + lru}.
 *
 * <p>Head/tail as in the kernel: pages are added at the head ({@code list_add}), reclaim takes them from the tail
 * ({@code lru->prev}). Each list counts its entries and its base pages (a transparent huge page counts 512, as
 * {@code hpage_nr_pages} makes the zone's {@code NR_*} counters count it).
 */
final class LruLists {
    /** {@code enum lru_list}: LRU_INACTIVE_ANON. */
    static final int LRU_INACTIVE_ANON = 0;
    /** LRU_ACTIVE_ANON. */
    static final int LRU_ACTIVE_ANON = 1;
    /** LRU_INACTIVE_FILE. */
    static final int LRU_INACTIVE_FILE = 2;
    /** LRU_ACTIVE_FILE. */
    static final int LRU_ACTIVE_FILE = 3;
    /** LRU_UNEVICTABLE. */
    static final int LRU_UNEVICTABLE = 4;
    /** NR_LRU_LISTS. */
    static final int NR_LRU_LISTS = 5;

    private static final int NONE = -1;

    /**
     * Ints per node and their offsets: a pfn's links, its list and its weight side by side (one cache line where
     * four arrays took four misses per page), as {@code page->lru} sits in the {@code struct page}.
     */
    private static final int STRIDE = 4;
    private static final int NEXT = 0;
    private static final int PREV = 1;
    private static final int LIST = 2;
    /** 1 for a pfn linked with a weight of 512 (a huge page's head when it was added), so removal takes the same. */
    private static final int HUGE = 3;

    private final int maxPfn;
    /** Node {@code i} (a pfn, or {@code maxPfn + list} for a list's sentinel) at {@code i * STRIDE}. */
    private final int[] nodes;
    private final long[] pages;
    private final long[] entries;

    LruLists(long maxPfn, int lists) {
        if (maxPfn < 0 || (maxPfn + lists) * STRIDE > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot keep LRU lists for " + maxPfn + " pfns");
        }
        this.maxPfn = (int) maxPfn;
        this.nodes = new int[(this.maxPfn + lists) * STRIDE];
        for (int i = 0; i < this.maxPfn + lists; i++) {
            nodes[i * STRIDE + LIST] = NONE;
        }
        for (int l = 0; l < lists; l++) {
            int s = this.maxPfn + l;
            nodes[s * STRIDE + NEXT] = s;
            nodes[s * STRIDE + PREV] = s;
        }
        this.pages = new long[lists];
        this.entries = new long[lists];
    }

    private int next(int node) {
        return nodes[node * STRIDE + NEXT];
    }

    private int prev(int node) {
        return nodes[node * STRIDE + PREV];
    }

    /** {@code is_file_lru}. */
    static boolean isFileLru(int lru) {
        return lru == LRU_INACTIVE_FILE || lru == LRU_ACTIVE_FILE;
    }

    /** {@code is_active_lru}. */
    static boolean isActiveLru(int lru) {
        return lru == LRU_ACTIVE_ANON || lru == LRU_ACTIVE_FILE;
    }

    /** The list {@code pfn} is on, or -1. */
    int listOf(long pfn) {
        return nodes[(int) pfn * STRIDE + LIST];
    }

    /** Whether {@code pfn} is on some list. */
    boolean linked(long pfn) {
        return nodes[(int) pfn * STRIDE + LIST] != NONE;
    }

    /** Base pages on a list. */
    long pages(int list) {
        return pages[list];
    }

    /** Entries (pages, a huge page once) on a list. */
    long entries(int list) {
        return entries[list];
    }

    /** Whether a list is empty. */
    boolean isEmpty(int list) {
        return next(sentinel(list)) == sentinel(list);
    }

    /** The tail page of a list ({@code lru->prev}, the oldest), or -1 when empty. */
    long tail(int list) {
        int s = sentinel(list);
        int p = prev(s);
        return p == s ? -1 : p;
    }

    /** The head page of a list (the newest), or -1 when empty. */
    long head(int list) {
        int s = sentinel(list);
        int n = next(s);
        return n == s ? -1 : n;
    }

    /** The page after {@code pfn} towards the head (newer), or -1 at the head. */
    long newer(long pfn) {
        int p = prev((int) pfn);
        return p >= maxPfn ? -1 : p;
    }

    /** {@code list_add}: {@code pfn} (not on any list) goes to the head of {@code list}. */
    void addHead(int list, long pfn, int nrPages) {
        link(list, (int) pfn, sentinel(list), next(sentinel(list)), nrPages);
    }

    /** {@code list_add_tail}: {@code pfn} (not on any list) goes to the tail of {@code list}. */
    void addTail(int list, long pfn, int nrPages) {
        link(list, (int) pfn, prev(sentinel(list)), sentinel(list), nrPages);
    }

    /**
     * {@code list_del}: takes {@code pfn} off its list; returns the list, or -1 when it was on none. The pages taken
     * off the list's count are those it was added with (a huge page split meanwhile still counts 512 until then).
     */
    int remove(long pfn, int nrPages) {
        int at = (int) pfn * STRIDE;
        int list = nodes[at + LIST];
        if (list == NONE) {
            return NONE;
        }
        int n = nodes[at + NEXT];
        int p = nodes[at + PREV];
        nodes[p * STRIDE + NEXT] = n;
        nodes[n * STRIDE + PREV] = p;
        nodes[at + LIST] = NONE;
        pages[list] -= nodes[at + HUGE] != 0 ? 512 : 1;
        nodes[at + HUGE] = 0;
        entries[list]--;
        return list;
    }

    /** Sets the base pages {@code pfn} counts for on its list (1 or 512); nothing when it is on no list. */
    void reweight(long pfn, int nrPages) {
        int at = (int) pfn * STRIDE;
        int list = nodes[at + LIST];
        if (list == NONE) {
            return;
        }
        int old = nodes[at + HUGE] != 0 ? 512 : 1;
        pages[list] += nrPages - old;
        nodes[at + HUGE] = nrPages != 1 ? 1 : 0;
    }

    /** {@code list_move}: {@code pfn} goes to the head of its own list. */
    void moveToHead(long pfn, int nrPages) {
        int weight = nodes[(int) pfn * STRIDE + HUGE] != 0 ? 512 : 1;
        int list = remove(pfn, nrPages);
        addHead(list, pfn, weight);
    }

    /** {@code list_move_tail}: {@code pfn} goes to the tail of its own list. */
    void moveToTail(long pfn, int nrPages) {
        int weight = nodes[(int) pfn * STRIDE + HUGE] != 0 ? 512 : 1;
        int list = remove(pfn, nrPages);
        addTail(list, pfn, weight);
    }

    private void link(int list, int p, int before, int after, int nrPages) {
        int at = p * STRIDE;
        if (nodes[at + LIST] != NONE) {
            throw new IllegalStateException("pfn " + p + " is already on LRU list " + nodes[at + LIST]);
        }
        nodes[before * STRIDE + NEXT] = p;
        nodes[at + PREV] = before;
        nodes[at + NEXT] = after;
        nodes[after * STRIDE + PREV] = p;
        nodes[at + LIST] = list;
        nodes[at + HUGE] = nrPages != 1 ? 1 : 0;
        pages[list] += nrPages;
        entries[list]++;
    }

    private int sentinel(int list) {
        return maxPfn + list;
    }
}
