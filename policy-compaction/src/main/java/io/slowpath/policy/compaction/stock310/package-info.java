/**
 * The Linux 3.10 memory compaction as a policy: {@code compaction_suitable}, {@code compact_zone} with its migrate
 * and free scanners, {@code migrate_pages}, {@code try_to_compact_pages}, the deferral of include/linux/compaction.h,
 * kswapd's {@code compact_pgdat} and the pageblock skip hints. Written against allocator-api only.
 */
package io.slowpath.policy.compaction.stock310;
