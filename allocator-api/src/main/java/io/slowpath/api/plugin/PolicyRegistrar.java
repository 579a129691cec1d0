package io.slowpath.api.plugin;

import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimPolicy;

/**
 * Receives a {@link PolicyPlugin}'s named policy factories, one method per policy kind. A name is what the
 * configuration selects ({@code slowpath.policies.<kind> = name}) and what names the policy's own settings section
 * ({@code slowpath.policy.<kind>.<name>}): letters, digits, {@code -} and {@code _}, starting with a letter or digit
 * (no dots, since the name is a configuration key). A name may be registered once per kind across all plugins; registering it twice is an error that names
 * both plugins.
 */
public interface PolicyRegistrar {
    /**
     * Registers a kswapd policy.
     *
     * @param name    the name the configuration selects it by
     * @param factory creates the policy for one simulated kernel
     * @return this registrar
     */
    PolicyRegistrar kswapd(String name, PolicyFactory<? extends KswapdPolicy> factory);

    /**
     * Registers a direct-reclaim policy.
     *
     * @param name    the name the configuration selects it by
     * @param factory creates the policy for one simulated kernel
     * @return this registrar
     */
    PolicyRegistrar reclaim(String name, PolicyFactory<? extends ReclaimPolicy> factory);

    /**
     * Registers a compaction policy.
     *
     * @param name    the name the configuration selects it by
     * @param factory creates the policy for one simulated kernel
     * @return this registrar
     */
    PolicyRegistrar compaction(String name, PolicyFactory<? extends CompactionPolicy> factory);

    /**
     * Registers an OOM policy.
     *
     * @param name    the name the configuration selects it by
     * @param factory creates the policy for one simulated kernel
     * @return this registrar
     */
    PolicyRegistrar oom(String name, PolicyFactory<? extends OomPolicy> factory);
}
