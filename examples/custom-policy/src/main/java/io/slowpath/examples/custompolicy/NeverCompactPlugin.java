package io.slowpath.examples.custompolicy;

import io.slowpath.api.plugin.PolicyPlugin;
import io.slowpath.api.plugin.PolicyRegistrar;

/**
 * Registers the compaction policy {@code never-compact}. Slowpath finds this class through
 * {@code META-INF/services/io.slowpath.api.plugin.PolicyPlugin}; select the policy with
 * {@code --set policies.compaction=never-compact}.
 */
public final class NeverCompactPlugin implements PolicyPlugin {
    /** The name the configuration selects the policy by. */
    public static final String NAME = "never-compact";

    /** Created by ServiceLoader. */
    public NeverCompactPlugin() {
    }

    @Override
    public void register(PolicyRegistrar registrar) {
        // Settings are read here, when the policy is created: slowpath.policy.compaction.never-compact.log
        registrar.compaction(NAME, settings -> new NeverCompactPolicy(settings.getBoolean("log", true)));
    }
}
