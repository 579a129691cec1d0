package io.slowpath.core.scenario;

/**
 * Simulated allocation latency of one gfp class (time from {@code alloc_pages} entry to return, in simulated ns;
 * a fast-path allocation costs 0), from an HdrHistogram with 3 significant digits.
 *
 * @param count  allocations recorded
 * @param p50Ns  median
 * @param p90Ns  90th percentile
 * @param p99Ns  99th percentile
 * @param p999Ns 99.9th percentile
 * @param maxNs  the largest
 */
public record LatencySummary(long count, long p50Ns, long p90Ns, long p99Ns, long p999Ns, long maxNs) {
}
