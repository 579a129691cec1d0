package io.slowpath.concurrency.buddy;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.slowpath.core.buddy.FreeArea;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Pages 0 and 1 freed at once while 2..3 is already a free order-1 block: the pair must merge and then go on to
 * order 2 whichever thread does the merging. Result: coverage mask of pages 0..3 (see {@link Zones#coverage}),
 * order-2 blocks.
 */
@JCStressTest
@Outcome(id = "15, 1", expect = ACCEPTABLE, desc = "one order-2 block")
@Outcome(id = "-4, .*", expect = FORBIDDEN, desc = "free buddies left unmerged")
@Outcome(expect = FORBIDDEN, desc = "a page lost or duplicated")
@State
public class BuddiesFreedTogetherMergeUpward {
    private final FreeArea area;

    /** Pages 2..3 free as one order-1 block. */
    public BuddiesFreedTogetherMergeUpward() {
        area = Zones.movable(1024);
        area.freeOnePage(2, 1, Zones.M);
    }

    /** Frees page 0. */
    @Actor
    public void freeLow() {
        area.freeOnePage(0, 0, Zones.M);
    }

    /** Frees page 1. */
    @Actor
    public void freeHigh() {
        area.freeOnePage(1, 0, Zones.M);
    }

    /** Checks the coverage and the merged block. */
    @Arbiter
    public void check(II_Result r) {
        r.r1 = Zones.coverage(area, 4);
        r.r2 = (int) area.nrFree(2);
    }
}
