package io.slowpath.concurrency.buddy;

import io.slowpath.api.MigrateType;
import io.slowpath.core.buddy.FreeArea;

/** Small free areas and checks shared by the jcstress tests. */
final class Zones {
    static final int U = MigrateType.UNMOVABLE.index();
    static final int M = MigrateType.MOVABLE.index();

    private Zones() {
    }

    /** An empty free area over {@code [0, pages)} with every pageblock MOVABLE. */
    static FreeArea movable(int pages) {
        FreeArea a = new FreeArea(0, pages);
        for (int pfn = 0; pfn < pages; pfn += 512) {
            a.setPageblockMigratetype(pfn, M);
        }
        return a;
    }

    /**
     * How the pages {@code [0, n)} are covered by free blocks: a bit mask of the pages in exactly one free block;
     * -2 if a page is in two free blocks (duplicated); -3 if free pages exist outside {@code [0, n)} or the counters
     * disagree with the blocks; -4 if two free buddies were left unmerged.
     */
    static int coverage(FreeArea a, int n) {
        int[] count = new int[n];
        long pages = 0;
        for (int o = 0; o < 11; o++) {
            for (int pfn = 0; pfn < a.zoneEnd(); pfn += 1 << o) {
                if (!a.isFreeBlock(pfn, o)) {
                    continue;
                }
                pages += 1L << o;
                int buddy = pfn ^ (1 << o);
                if (o < 10 && buddy < a.zoneEnd() && a.isFreeBlock(buddy, o)) {
                    return -4;
                }
                for (int p = pfn; p < pfn + (1 << o); p++) {
                    if (p >= n) {
                        return -3;
                    }
                    count[p]++;
                }
            }
        }
        int mask = 0;
        for (int p = 0; p < n; p++) {
            if (count[p] > 1) {
                return -2;
            }
            if (count[p] == 1) {
                mask |= 1 << p;
            }
        }
        if (pages != a.countFreePagesSlow() || pages != Integer.bitCount(mask)) {
            return -3;
        }
        return mask;
    }
}
