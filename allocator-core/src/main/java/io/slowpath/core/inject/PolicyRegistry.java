package io.slowpath.core.inject;

import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.plugin.PolicyFactory;
import io.slowpath.api.plugin.PolicyPlugin;
import io.slowpath.api.plugin.PolicyRegistrar;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.core.config.SlowpathConfigException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what {@link PolicyPlugin}s register, refusing invalid names and a name registered twice for one kind
 * (the error names both plugins).
 */
final class PolicyRegistry {
    private final Map<PolicyKind, Map<String, Registration>> byKind = new EnumMap<>(PolicyKind.class);

    PolicyRegistry() {
        for (PolicyKind k : PolicyKind.values()) {
            byKind.put(k, new LinkedHashMap<>());
        }
    }

    /**
     * Lets {@code plugin} register its policies.
     *
     * @param origin who the plugin is, e.g. {@code PolicyPlugin a.B (plugin jar /x/b.jar)}
     * @throws SlowpathConfigException when the plugin fails or registers a bad or duplicate name
     */
    void add(PolicyPlugin plugin, String origin) {
        try {
            plugin.register(new Registrar(origin));
        } catch (SlowpathConfigException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new SlowpathConfigException(origin + " failed while registering its policies: " + e, e);
        }
    }

    /** Every registration, kind by kind, in the order registered. */
    List<Registration> all() {
        List<Registration> out = new ArrayList<>();
        for (Map<String, Registration> m : byKind.values()) {
            out.addAll(m.values());
        }
        return out;
    }

    private void put(PolicyKind kind, String name, PolicyFactory<?> factory, String origin) {
        String problem = PolicyNames.problem(name);
        if (problem != null) {
            throw new SlowpathConfigException(origin + ": " + problem);
        }
        if (factory == null) {
            throw new SlowpathConfigException(origin + ": " + kind.configName() + " policy '" + name
                + "' is registered with a null factory");
        }
        Registration earlier = byKind.get(kind).get(name);
        if (earlier != null) {
            throw new SlowpathConfigException(kind.configName() + " policy '" + name + "' is registered twice: by "
                + earlier.origin() + " and by " + origin + "; remove one of them, or rename one policy");
        }
        byKind.get(kind).put(name, new Registration(kind, name, factory, origin));
    }

    /** The registrar one plugin sees: everything it registers is attributed to its origin. */
    private final class Registrar implements PolicyRegistrar {
        private final String origin;

        Registrar(String origin) {
            this.origin = origin;
        }

        @Override
        public PolicyRegistrar kswapd(String name, PolicyFactory<? extends KswapdPolicy> factory) {
            put(PolicyKind.KSWAPD, name, factory, origin);
            return this;
        }

        @Override
        public PolicyRegistrar reclaim(String name, PolicyFactory<? extends ReclaimPolicy> factory) {
            put(PolicyKind.RECLAIM, name, factory, origin);
            return this;
        }

        @Override
        public PolicyRegistrar compaction(String name, PolicyFactory<? extends CompactionPolicy> factory) {
            put(PolicyKind.COMPACTION, name, factory, origin);
            return this;
        }

        @Override
        public PolicyRegistrar oom(String name, PolicyFactory<? extends OomPolicy> factory) {
            put(PolicyKind.OOM, name, factory, origin);
            return this;
        }
    }
}
