package io.slowpath.policy.reclaim.stock310;

import java.util.Arrays;

/**
 * Every LRU list of a machine as intrusive doubly linked lists over pfns ({@code page->lru}): one {@code next} and one
 * {@code prev} entry per pfn plus one sentinel per list, so adding, deleting and moving a page are O(1) and no object
 * is made per page. A page is on at most one list. Lists are numbered {@code lruvec * NR_LRU_LISTS + lru}.
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

    private final int maxPfn;
    private final int[] next;
    private final int[] prev;
    /** The list a pfn is on, or {@link #NONE}. */
    private final int[] listOf;
    private final long[] pages;
    private final long[] entries;
    /** Pfns linked with a weight of 512 (a huge page's head when it was added), so removal takes back the same. */
    private final java.util.BitSet huge = new java.util.BitSet();

    LruLists(long maxPfn, int lists) {
        if (maxPfn < 0 || maxPfn + lists > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot keep LRU lists for " + maxPfn + " pfns");
        }
        this.maxPfn = (int) maxPfn;
        this.next = new int[this.maxPfn + lists];
        this.prev = new int[this.maxPfn + lists];
        this.listOf = new int[this.maxPfn];
        Arrays.fill(listOf, NONE);
        for (int l = 0; l < lists; l++) {
            int s = this.maxPfn + l;
            next[s] = s;
            prev[s] = s;
        }
        this.pages = new long[lists];
        this.entries = new long[lists];
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
        return listOf[(int) pfn];
    }

    /** Whether {@code pfn} is on some list. */
    boolean linked(long pfn) {
        return listOf[(int) pfn] != NONE;
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
        return next[sentinel(list)] == sentinel(list);
    }

    /** The tail page of a list ({@code lru->prev}, the oldest), or -1 when empty. */
    long tail(int list) {
        int s = sentinel(list);
        int p = prev[s];
        return p == s ? -1 : p;
    }

    /** The head page of a list (the newest), or -1 when empty. */
    long head(int list) {
        int s = sentinel(list);
        int n = next[s];
        return n == s ? -1 : n;
    }

    /** The page after {@code pfn} towards the head (newer), or -1 at the head. */
    long newer(long pfn) {
        int p = prev[(int) pfn];
        return p >= maxPfn ? -1 : p;
    }

    /** {@code list_add}: {@code pfn} (not on any list) goes to the head of {@code list}. */
    void addHead(int list, long pfn, int nrPages) {
        link(list, (int) pfn, sentinel(list), next[sentinel(list)], nrPages);
    }

    /** {@code list_add_tail}: {@code pfn} (not on any list) goes to the tail of {@code list}. */
    void addTail(int list, long pfn, int nrPages) {
        link(list, (int) pfn, prev[sentinel(list)], sentinel(list), nrPages);
    }

    /**
     * {@code list_del}: takes {@code pfn} off its list; returns the list, or -1 when it was on none. The pages taken
     * off the list's count are those it was added with (a huge page split meanwhile still counts 512 until then).
     */
    int remove(long pfn, int nrPages) {
        int p = (int) pfn;
        int list = listOf[p];
        if (list == NONE) {
            return NONE;
        }
        next[prev[p]] = next[p];
        prev[next[p]] = prev[p];
        listOf[p] = NONE;
        pages[list] -= huge.get(p) ? 512 : 1;
        huge.clear(p);
        entries[list]--;
        return list;
    }

    /** {@code list_move}: {@code pfn} goes to the head of its own list. */
    void moveToHead(long pfn, int nrPages) {
        int weight = huge.get((int) pfn) ? 512 : 1;
        int list = remove(pfn, nrPages);
        addHead(list, pfn, weight);
    }

    /** {@code list_move_tail}: {@code pfn} goes to the tail of its own list. */
    void moveToTail(long pfn, int nrPages) {
        int weight = huge.get((int) pfn) ? 512 : 1;
        int list = remove(pfn, nrPages);
        addTail(list, pfn, weight);
    }

    private void link(int list, int p, int before, int after, int nrPages) {
        if (listOf[p] != NONE) {
            throw new IllegalStateException("pfn " + p + " is already on LRU list " + listOf[p]);
        }
        next[before] = p;
        prev[p] = before;
        next[p] = after;
        prev[after] = p;
        listOf[p] = list;
        if (nrPages != 1) {
            huge.set(p);
        }
        pages[list] += nrPages;
        entries[list]++;
    }

    private int sentinel(int list) {
        return maxPfn + list;
    }
}
