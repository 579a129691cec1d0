/**
 * Compaction policies: {@link io.slowpath.policy.compaction.CompactionPolicies} registers {@code stock-3.10}
 * ({@link io.slowpath.policy.compaction.stock310.Stock310Compaction}), the memory compaction of Linux 3.10.
 */
package io.slowpath.policy.compaction;
