package io.slowpath.core.inject;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import io.slowpath.api.plugin.PolicyFactory;
import io.slowpath.api.plugin.PolicySettings;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.zone.Machine;

/**
 * Hands out the {@link PolicySettings} of a policy of the kernel being assembled. Policies registered through a
 * {@link io.slowpath.api.plugin.PolicyPlugin} or {@link PolicyBinder}'s factory methods get theirs automatically;
 * a policy class that Guice constructs can inject this and ask for its own.
 */
@Singleton
public final class PolicySettingsSource {
    private final Config config;
    private final Machine machine;

    /**
     * A source over the configuration and the booted machine (for sysctls the boot computes).
     *
     * @param config  the loaded configuration
     * @param machine the machine of the kernel being assembled
     */
    @Inject
    public PolicySettingsSource(Config config, Machine machine) {
        this.config = config;
        this.machine = machine;
    }

    /**
     * The settings of one policy. Unlike {@link #create}, nothing checks afterwards that every key was read.
     *
     * @param kind the policy kind
     * @param name the policy's registered name
     * @return its settings
     */
    public PolicySettings settings(PolicyKind kind, String name) {
        return new ConfigPolicySettings(config, machine, kind, name);
    }

    /**
     * Creates a policy from its factory and its settings, then rejects any key of its section that the factory did
     * not read.
     *
     * @param kind    the policy kind
     * @param name    the policy's registered name
     * @param factory the factory
     * @param origin  who registered the policy, for error messages
     * @param <T>     the policy type
     * @return the policy
     * @throws SlowpathConfigException when the factory fails, returns null or a wrong type, or a key was not read
     */
    public <T> T create(PolicyKind kind, String name, PolicyFactory<? extends T> factory, String origin) {
        ConfigPolicySettings settings = new ConfigPolicySettings(config, machine, kind, name);
        Object policy;
        try {
            policy = factory.create(settings);
        } catch (SlowpathConfigException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new SlowpathConfigException(kind.configName() + " policy '" + name + "' (" + origin
                + ") could not be created: " + e, e);
        }
        if (policy == null) {
            throw new SlowpathConfigException(kind.configName() + " policy '" + name + "' (" + origin
                + "): its factory returned null");
        }
        if (!kind.spi().isInstance(policy)) {
            throw new SlowpathConfigException(kind.configName() + " policy '" + name + "' (" + origin
                + "): its factory returned a " + policy.getClass().getName() + ", which is not a "
                + kind.spi().getName());
        }
        settings.checkAllRead();
        @SuppressWarnings("unchecked")
        T typed = (T) policy;
        return typed;
    }
}
