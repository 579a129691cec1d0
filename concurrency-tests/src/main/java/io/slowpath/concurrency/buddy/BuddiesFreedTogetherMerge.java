package io.slowpath.concurrency.buddy;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.slowpath.core.buddy.FreeArea;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The two halves of an order-1 block freed at the same moment ({@code __free_one_page} with no zone lock): whoever
 * publishes first, the post-publish re-check must merge them. Result: order-1 blocks, order-0 blocks, free pages.
 */
@JCStressTest
@Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "merged into one order-1 block")
@Outcome(id = "0, 2, 2", expect = FORBIDDEN, desc = "both halves free but not merged: a lost merge")
@Outcome(expect = FORBIDDEN, desc = "a page lost or duplicated")
@State
public class BuddiesFreedTogetherMerge {
    private final FreeArea area = Zones.movable(1024);

    /** Frees the lower half. */
    @Actor
    public void freeLow() {
        area.freeOnePage(0, 0, Zones.M);
    }

    /** Frees the upper half. */
    @Actor
    public void freeHigh() {
        area.freeOnePage(1, 0, Zones.M);
    }

    /** Counts the blocks once both are done. */
    @Arbiter
    public void check(III_Result r) {
        r.r1 = (int) area.nrFree(1);
        r.r2 = (int) area.nrFree(0);
        r.r3 = (int) area.countFreePagesSlow();
    }
}
