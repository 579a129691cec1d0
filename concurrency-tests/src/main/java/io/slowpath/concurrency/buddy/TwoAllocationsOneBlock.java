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

/** Two allocations racing for the only free page: exactly one gets it. Result: both pfns, free pages after. */
@JCStressTest
@Outcome(id = {"5, -1, 0", "-1, 5, 0"}, expect = ACCEPTABLE, desc = "one winner")
@Outcome(id = "5, 5, 0", expect = FORBIDDEN, desc = "the page handed out twice")
@Outcome(expect = FORBIDDEN, desc = "the page lost")
@State
public class TwoAllocationsOneBlock {
    private final FreeArea area;

    /** Only page 5 is free. */
    public TwoAllocationsOneBlock() {
        area = Zones.movable(1024);
        area.freeOnePage(5, 0, Zones.M);
    }

    /** First allocation. */
    @Actor
    public void first(III_Result r) {
        r.r1 = area.rmqueue(0, Zones.M);
    }

    /** Second allocation. */
    @Actor
    public void second(III_Result r) {
        r.r2 = area.rmqueue(0, Zones.M);
    }

    /** Free pages left. */
    @Arbiter
    public void check(III_Result r) {
        r.r3 = (int) area.countFreePagesSlow();
    }
}
