package io.slowpath.policy.compaction;

import io.slowpath.api.plugin.PolicyPlugin;
import io.slowpath.api.plugin.PolicyRegistrar;
import io.slowpath.policy.compaction.stock310.Stock310Compaction;

/**
 * Registers the compaction policies of this module (found by {@link java.util.ServiceLoader} on the class path):
 * {@code stock-3.10}, the Linux 3.10 compaction. Its settings, under {@code slowpath.policy.compaction.stock-3.10}:
 * {@code timeslice-ns} (default 0: {@code need_resched()} is never set, so async compaction never gives up on
 * contention); {@code vm.extfrag_threshold} comes from the sysctls.
 */
public final class CompactionPolicies implements PolicyPlugin {
    /** The plugin, as ServiceLoader creates it. */
    public CompactionPolicies() {
    }

    @Override
    public void register(PolicyRegistrar registrar) {
        registrar.compaction(Stock310Compaction.NAME, s -> {
            long timeslice = s.getLong("timeslice-ns", 0);
            if (timeslice < 0) {
                throw new IllegalArgumentException(s.path() + ".timeslice-ns: must not be negative, got " + timeslice);
            }
            return new Stock310Compaction((int) s.sysctl("extfrag_threshold"), timeslice);
        });
    }
}
