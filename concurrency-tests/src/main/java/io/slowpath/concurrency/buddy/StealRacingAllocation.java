package io.slowpath.concurrency.buddy;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.slowpath.core.buddy.FreeArea;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * An UNMOVABLE request that must steal from MOVABLE pageblock 0..511 (free: 0 o8 and 256 o4, 272 pages; it moves the
 * whole pageblock and claims it) racing a MOVABLE order-0 allocation from the same pageblock. Result: a status (0 both
 * got a page and every page is accounted for; 1 the MOVABLE request got none; 2 the UNMOVABLE one got none;
 * 3 neither; 7 free buddies left unmerged; 8 a page lost; 9 a page handed out twice or both free and allocated) and
 * the pageblock's type afterwards (0 UNMOVABLE, 2 MOVABLE: a later MOVABLE fallback may claim it back).
 */
@JCStressTest
@Outcome(id = {"0, 0", "0, 2"}, expect = ACCEPTABLE, desc = "both allocated, nothing lost")
@Outcome(id = {"1, 0", "1, 2", "2, 0", "2, 2"}, expect = ACCEPTABLE_INTERESTING,
    desc = "one request found nothing while the other held the blocks in flight (no zone lock); nothing lost")
@Outcome(expect = FORBIDDEN, desc = "a page lost, duplicated or left unmerged")
@State
public class StealRacingAllocation {
    private static final int PAGES = 1024;
    private final FreeArea area;
    private final boolean[] initiallyFree = new boolean[PAGES];
    private int unmovablePfn;
    private int movablePfn;

    /** Pageblock 0 MOVABLE with 0 o8 and 256 o4 free; pageblock 1 UNMOVABLE and fully allocated. */
    public StealRacingAllocation() {
        area = Zones.movable(PAGES);
        area.setPageblockMigratetype(512, Zones.U);
        area.freeOnePage(0, 8, Zones.M);
        area.freeOnePage(256, 4, Zones.M);
        for (int p = 0; p < 272; p++) {
            initiallyFree[p] = true;
        }
    }

    /** __rmqueue for UNMOVABLE: falls back to the MOVABLE pageblock. */
    @Actor
    public void unmovable() {
        unmovablePfn = area.rmqueue(0, Zones.U);
    }

    /** __rmqueue for MOVABLE in the same pageblock. */
    @Actor
    public void movable() {
        movablePfn = area.rmqueue(0, Zones.M);
    }

    /** Accounts for every page. */
    @Arbiter
    public void check(II_Result r) {
        int[] count = new int[PAGES];
        for (int o = 0; o < 11; o++) {
            for (int pfn = 0; pfn < PAGES; pfn += 1 << o) {
                if (!area.isFreeBlock(pfn, o)) {
                    continue;
                }
                int buddy = pfn ^ (1 << o);
                if (o < 10 && buddy < PAGES && area.isFreeBlock(buddy, o) && !(buddy == unmovablePfn
                    || buddy == movablePfn)) {
                    r.r1 = 7;
                    r.r2 = area.pageblockMigratetype(0);
                    return;
                }
                for (int p = pfn; p < pfn + (1 << o); p++) {
                    count[p]++;
                }
            }
        }
        if (unmovablePfn >= 0) {
            count[unmovablePfn]++;
        }
        if (movablePfn >= 0) {
            count[movablePfn]++;
        }
        int status = (movablePfn < 0 ? 1 : 0) + (unmovablePfn < 0 ? 2 : 0);
        for (int p = 0; p < PAGES; p++) {
            int expect = initiallyFree[p] ? 1 : 0;
            if (count[p] > expect) {
                status = 9;
                break;
            }
            if (count[p] < expect) {
                status = 8;
                break;
            }
        }
        long free = area.countFreePagesSlow();
        long held = (unmovablePfn >= 0 ? 1 : 0) + (movablePfn >= 0 ? 1 : 0);
        if (status < 7 && free + held != 272) {
            status = 8;
        }
        r.r1 = status;
        r.r2 = area.pageblockMigratetype(0);
    }
}
