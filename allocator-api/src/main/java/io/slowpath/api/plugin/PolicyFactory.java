package io.slowpath.api.plugin;

/**
 * Creates one policy instance for one simulated kernel. Only the selected policy of each kind is created.
 *
 * @param <T> the policy interface ({@code KswapdPolicy}, {@code ReclaimPolicy}, {@code CompactionPolicy} or
 *            {@code OomPolicy})
 */
@FunctionalInterface
public interface PolicyFactory<T> {
    /**
     * Creates the policy. Read every setting the policy uses here: once this returns, a key in the policy's section
     * that was never read (nor asked about with {@link PolicySettings#has}) is reported as an unknown key, so a typo
     * in a setting never falls back silently to a default.
     *
     * @param settings the policy's own settings and the sysctls
     * @return the policy, never null
     * @throws RuntimeException when a setting is unusable; the simulator reports the message with the policy's name
     */
    T create(PolicySettings settings);
}
