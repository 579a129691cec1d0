/**
 * The stock Linux 3.10 page reclaim: per-zone LRU lists (mm/swap.c), direct reclaim (mm/vmscan.c:
 * try_to_free_pages) and kswapd (balance_pgdat), written against allocator-api only.
 */
package io.slowpath.policy.reclaim.stock310;
