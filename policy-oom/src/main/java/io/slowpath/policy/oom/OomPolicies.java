package io.slowpath.policy.oom;

import io.slowpath.api.plugin.PolicyPlugin;
import io.slowpath.api.plugin.PolicyRegistrar;
import io.slowpath.policy.oom.stock310.Stock310OomPolicy;

/**
 * Registers the OOM policies of this module (found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.slowpath.api.plugin.PolicyPlugin}): {@code stock-3.10}, the Linux 3.10 OOM killer.
 * Select it with {@code slowpath.policies.oom = "stock-3.10"}; its settings are under
 * {@code slowpath.policy.oom.stock-3.10} (see this module's reference.conf).
 */
public final class OomPolicies implements PolicyPlugin {
    /** Created by ServiceLoader. */
    public OomPolicies() {
    }

    @Override
    public void register(PolicyRegistrar registrar) {
        registrar.oom(Stock310OomPolicy.NAME, Stock310OomPolicy::fromSettings);
    }
}
