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
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * An order-0 allocation splitting the free order-1 block 0..1 while its order-1 buddy 2..3 is freed. Result: the
 * pfn allocated, the coverage mask of pages 0..3 ({@link Zones#coverage}), the number of free blocks.
 */
@JCStressTest
@Outcome(id = "0, 14, 2", expect = ACCEPTABLE, desc = "page 0 allocated; 1 (o0) and 2..3 (o1) free")
@Outcome(id = "-1, 15, 1", expect = ACCEPTABLE_INTERESTING,
    desc = "allocation found nothing while the free held both halves to merge them (no zone lock): they end merged")
@Outcome(expect = FORBIDDEN, desc = "a page lost, duplicated or left unmerged")
@State
public class SplitRacingFree {
    private final FreeArea area;
    private int pfn;

    /** Only the order-1 block at 0 is free; 2..3 is allocated. */
    public SplitRacingFree() {
        area = Zones.movable(1024);
        area.freeOnePage(0, 1, Zones.M);
    }

    /** rmqueue of order 0: splits the order-1 block (or the merged order-2 one). */
    @Actor
    public void allocate() {
        pfn = area.rmqueue(0, Zones.M);
    }

    /** Frees the buddy block 2..3. */
    @Actor
    public void freeBuddy() {
        area.freeOnePage(2, 1, Zones.M);
    }

    /** Checks coverage and blocks. */
    @Arbiter
    public void check(III_Result r) {
        r.r1 = pfn;
        r.r2 = Zones.coverage(area, 4);
        long blocks = 0;
        for (int o = 0; o < 11; o++) {
            blocks += area.nrFree(o);
        }
        r.r3 = (int) blocks;
    }
}
