package io.slowpath.policy.reclaim.stock310;

import io.slowpath.api.plugin.PolicySettings;

/**
 * What the stock 3.10 reclaim policy reads: the sysctls {@code vm.swappiness} and {@code vm.laptop_mode}, and its
 * two knobs, {@code memcg} and {@code compaction} (section {@code slowpath.policy.reclaim."stock-3.10"}). kswapd
 * ({@link StockKswapd310}) uses the same settings.
 *
 * @param swappiness {@code vm.swappiness}, 0..100: the anon share of get_scan_count's SCAN_FRACT split
 * @param laptopMode {@code vm.laptop_mode}: non-zero makes reclaim start each pass without writing pages
 * @param memcg      whether the kernel has memory cgroups (CONFIG_MEMCG, root group only, as the reference kernels):
 *                   inactive_anon_is_low then uses {@code int_sqrt(10 * GiB)} of the zone's own anon LRU pages;
 *                   false ({@code cgroup_disable=memory}) uses the zone's boot-time {@code inactive_ratio}
 * @param compaction whether the kernel has CONFIG_COMPACTION: reclaim for high orders then stops once
 *                   {@code compaction_suitable} says compaction could take over (should_continue_reclaim,
 *                   compaction_ready, kswapd's zone_balanced and its order-0 test order). A compaction policy that
 *                   stands for a kernel without it ({@code CompactionPolicy.configured()} false, as {@code off})
 *                   turns this off by itself; false here models a kernel without it whatever the compaction policy
 */
public record StockReclaimSettings(int swappiness, long laptopMode, boolean memcg, boolean compaction) {
    /** The key of the memory-cgroup knob in the policy's section. */
    public static final String MEMCG = "memcg";
    /** The key of the CONFIG_COMPACTION knob in the policy's section. */
    public static final String COMPACTION = "compaction";

    public StockReclaimSettings {
        if (swappiness < 0 || swappiness > 100) {
            throw new IllegalArgumentException("vm.swappiness must be 0..100, got " + swappiness);
        }
        if (laptopMode < 0) {
            throw new IllegalArgumentException("vm.laptop_mode must not be negative, got " + laptopMode);
        }
    }

    /** The 3.10 defaults: swappiness 60, laptop mode off, memory cgroups and compaction built in. */
    public static StockReclaimSettings defaults() {
        return new StockReclaimSettings(60, 0, true, true);
    }

    /** The same settings with another {@code vm.swappiness}. */
    public StockReclaimSettings withSwappiness(int value) {
        return new StockReclaimSettings(value, laptopMode, memcg, compaction);
    }

    /** The same settings with memory cgroups on or off. */
    public StockReclaimSettings withMemcg(boolean value) {
        return new StockReclaimSettings(swappiness, laptopMode, value, compaction);
    }

    /** The same settings with CONFIG_COMPACTION on or off. */
    public StockReclaimSettings withCompaction(boolean value) {
        return new StockReclaimSettings(swappiness, laptopMode, memcg, value);
    }

    /**
     * Reads the settings of a configured policy.
     *
     * @throws IllegalArgumentException when a value is out of range (the message names the key)
     */
    public static StockReclaimSettings from(PolicySettings s) {
        long swappiness = s.sysctl("swappiness");
        if (swappiness < 0 || swappiness > 100) {
            throw new IllegalArgumentException("slowpath.vm.swappiness must be 0..100, got " + swappiness);
        }
        return new StockReclaimSettings((int) swappiness, s.sysctl("laptop_mode"), s.getBoolean(MEMCG, true),
            s.getBoolean(COMPACTION, true));
    }
}
