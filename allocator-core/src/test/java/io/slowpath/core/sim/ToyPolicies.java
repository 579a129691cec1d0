package io.slowpath.core.sim;

import io.slowpath.api.reclaim.ReclaimPolicy;

/** The toy policies of these tests, for tests in other packages. */
public final class ToyPolicies {
    private ToyPolicies() {
    }

    /** A new FIFO reclaim policy (evicts the oldest reclaimable pages first). */
    public static ReclaimPolicy fifoReclaim() {
        return new FifoReclaimPolicy();
    }
}
