package io.slowpath.core.scenario;

/**
 * One allocation that failed and that {@code warn_alloc_failed} would report (no {@code __GFP_NOWARN}), whether or
 * not the rate limit let the report reach the kernel log.
 *
 * @param timeNs simulated time the allocation returned
 * @param pid    the allocating task
 * @param comm   its comm
 * @param gfp    the gfp mask
 * @param order  the order
 */
public record AllocFailure(long timeNs, int pid, String comm, int gfp, int order) {
}
