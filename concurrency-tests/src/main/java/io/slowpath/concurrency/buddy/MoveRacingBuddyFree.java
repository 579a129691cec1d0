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
 * {@code move_freepages_block} moving free page 0 to the UNMOVABLE lists while its buddy, page 1, is freed: the two
 * must end merged (on either list). Under a zone lock {@code moved} would be 1 or 2; without one it can also be 0 (page 0
 * in flight) or 3 (page 0 counted once alone and once inside the merged pair): a count deviation, not a lost page.
 * Result: pages moved, coverage mask of 0..1, order-1 blocks.
 */
@JCStressTest
@Outcome(id = {"1, 3, 1", "2, 3, 1"}, expect = ACCEPTABLE, desc = "merged; the move saw page 0 or the merged pair")
@Outcome(id = "0, 3, 1", expect = ACCEPTABLE_INTERESTING,
    desc = "the move ran while the free held page 0 to merge it: it saw nothing (no zone lock)")
@Outcome(id = "3, 3, 1", expect = ACCEPTABLE_INTERESTING,
    desc = "page 0 counted twice: moved at order 0, merged by the free onto MOVABLE, moved again at order 1")
@Outcome(expect = FORBIDDEN, desc = "a page lost, duplicated or left unmerged")
@State
public class MoveRacingBuddyFree {
    private final FreeArea area;
    private int moved;

    /** Only page 0 is free. */
    public MoveRacingBuddyFree() {
        area = Zones.movable(1024);
        area.freeOnePage(0, 0, Zones.M);
    }

    /** Moves pageblock 0's free pages to UNMOVABLE. */
    @Actor
    public void move() {
        moved = area.moveFreepagesBlock(0, Zones.U);
    }

    /** Frees the buddy. */
    @Actor
    public void free() {
        area.freeOnePage(1, 0, Zones.M);
    }

    /** Checks. */
    @Arbiter
    public void check(III_Result r) {
        r.r1 = moved;
        r.r2 = Zones.coverage(area, 2);
        r.r3 = (int) area.nrFree(1);
    }
}
