package io.slowpath.core.alloc;

import io.slowpath.core.mm.Task;

/** {@code warn_alloc_failed}: reports a failed allocation unless it is suppressed. */
@FunctionalInterface
public interface AllocFailureReporter {
    /**
     * Reports that {@code current} failed to allocate {@code 2^order} pages with {@code gfp}.
     *
     * @return whether a report was printed (false for {@code __GFP_NOWARN} or when rate-limited)
     */
    boolean warnAllocFailed(Task current, int gfp, int order);
}
