package io.slowpath.core.alloc;

import io.slowpath.api.trace.DecisionTrace;
import io.slowpath.api.trace.TraceStep;
import io.slowpath.core.sim.SimClock;
import java.util.ArrayList;
import java.util.List;

/** Collects the steps of one slow-path entry with the simulated time each took. */
final class TraceRecorder {
    private final SimClock clock;
    private final List<TraceStep> steps = new ArrayList<>();
    private long stepStart;

    TraceRecorder(SimClock clock) {
        this.clock = clock;
        this.stepStart = clock.now();
    }

    /** Marks the start of a step (its time is measured from here). */
    void begin() {
        stepStart = clock.now();
    }

    /** Records a step that began at the last {@link #begin}. */
    void step(String step, String function, String outcome) {
        long now = clock.now();
        steps.add(new TraceStep(step, function, outcome, stepStart, now - stepStart));
        stepStart = now;
    }

    DecisionTrace finish(int gfp, int order, long result, String exit) {
        return new DecisionTrace(gfp, order, steps, result, exit);
    }
}
