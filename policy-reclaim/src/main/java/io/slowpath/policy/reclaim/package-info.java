/**
 * Reclaim policies: the stock Linux 3.10 LRU reclaim and kswapd ({@code stock-3.10}, package
 * {@link io.slowpath.policy.reclaim.stock310}), registered by {@link io.slowpath.policy.reclaim.ReclaimPlugin}.
 */
package io.slowpath.policy.reclaim;
