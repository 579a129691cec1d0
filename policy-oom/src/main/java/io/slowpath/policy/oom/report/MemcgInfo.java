package io.slowpath.policy.oom.report;

/**
 * The {@code mem_cgroup_print_oom_info} block of a memory-cgroup OOM report. Limits in kB; an unlimited counter prints
 * as a huge number ({@code RESOURCE_MAX >> 10}), see {@link #unlimited(long)}.
 *
 * @param taskIn       the victim's memcg path ({@code Task in <path>}), or null
 * @param limitOf      the OOMing memcg's path ({@code killed as a result of limit of <path>}), or null
 * @param usageKb      {@code memory: usage}
 * @param limitKb      {@code memory: limit}, -1 when not printed
 * @param memswUsageKb {@code memory+swap: usage}, -1 when not printed
 * @param memswLimitKb {@code memory+swap: limit}, -1 when not printed
 */
public record MemcgInfo(String taskIn, String limitOf, long usageKb, long limitKb, long memswUsageKb,
                        long memswLimitKb) {
    /** Whether a printed limit means "no limit" (at least 2^50 kB, i.e. 1 EiB). */
    public static boolean unlimited(long kb) {
        return kb >= (1L << 50);
    }
}
