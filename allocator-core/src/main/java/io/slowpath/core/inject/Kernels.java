package io.slowpath.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import com.google.inject.util.Modules;
import com.typesafe.config.Config;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.plugin.PolicyPlugin;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.core.config.ConfigLoader;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.sim.SimulatedKernel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link SimulatedKernel} in a line or two, without touching Guice:
 * <pre>{@code
 * SimulatedKernel k = Kernels.kernel("machine.memory=8G", "policies.oom=off");   // --set strings
 * SimulatedKernel k = Kernels.kernel(ConfigLoader.load(Path.of("my-box.conf"), List.of()));
 * SimulatedKernel k = Kernels.builder()
 *     .set("machine.memory=1G")
 *     .plugin(r -> r.compaction("mine", s -> new MyCompaction(s.getLong("budget", 32))))
 *     .set("policies.compaction=mine")
 *     .build();
 * }</pre>
 * Policies are selected by name from the class path, the plugins directory and any plugins or modules given to
 * the builder; a policy instance given to the builder is used as is. Every error is a
 * {@link SlowpathConfigException} naming the key, plugin or jar that is wrong.
 */
public final class Kernels {
    private Kernels() {
    }

    /**
     * The kernel a loaded configuration describes.
     *
     * @param config a configuration from {@link ConfigLoader}; keys it lacks take the reference defaults
     * @return a booted kernel with its selected policies
     * @throws SlowpathConfigException when the configuration or a plugin is wrong
     */
    public static SimulatedKernel kernel(Config config) {
        return builder().config(config).build();
    }

    /**
     * The kernel of the reference configuration with {@code --set} overrides.
     *
     * @param sets overrides as {@code key=value}, the {@code slowpath.} prefix optional, e.g. {@code machine.memory=8G}
     * @return a booted kernel with its selected policies
     * @throws SlowpathConfigException when an override, the configuration or a plugin is wrong
     */
    public static SimulatedKernel kernel(String... sets) {
        return builder().set(sets).build();
    }

    /** A builder for a kernel with its own plugins, modules or policy instances. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link SimulatedKernel}; each {@link #build()} assembles a new kernel. */
    public static final class Builder {
        private Config config;
        private Path file;
        private final List<String> sets = new ArrayList<>();
        private final List<PolicyPlugin> plugins = new ArrayList<>();
        private final List<Module> modules = new ArrayList<>();
        private KswapdPolicy kswapd;
        private ReclaimPolicy reclaim;
        private CompactionPolicy compaction;
        private OomPolicy oom;
        private ClassLoader classPath = Kernels.class.getClassLoader();

        private Builder() {
        }

        /** A loaded configuration; cannot be combined with {@link #configFile} or {@link #set}. */
        public Builder config(Config c) {
            this.config = Objects.requireNonNull(c, "config");
            return this;
        }

        /** A HOCON file over the reference configuration (as {@code --config}). */
        public Builder configFile(Path f) {
            this.file = Objects.requireNonNull(f, "file");
            return this;
        }

        /** Overrides as {@code key=value} (as {@code --set}); later ones win. */
        public Builder set(String... keyValues) {
            sets.addAll(List.of(keyValues));
            return this;
        }

        /** A plugin registered beside those found by ServiceLoader (a lambda will do). */
        public Builder plugin(PolicyPlugin p) {
            plugins.add(Objects.requireNonNull(p, "plugin"));
            return this;
        }

        /** A Guice module installed beside those found by ServiceLoader (e.g. one using {@link PolicyBinder}). */
        public Builder module(Module m) {
            modules.add(Objects.requireNonNull(m, "module"));
            return this;
        }

        /** Uses this kswapd policy instance, whatever {@code slowpath.policies.kswapd} says. */
        public Builder kswapd(KswapdPolicy p) {
            this.kswapd = Objects.requireNonNull(p, "kswapd policy");
            return this;
        }

        /** Uses this reclaim policy instance, whatever {@code slowpath.policies.reclaim} says. */
        public Builder reclaim(ReclaimPolicy p) {
            this.reclaim = Objects.requireNonNull(p, "reclaim policy");
            return this;
        }

        /** Uses this compaction policy instance, whatever {@code slowpath.policies.compaction} says. */
        public Builder compaction(CompactionPolicy p) {
            this.compaction = Objects.requireNonNull(p, "compaction policy");
            return this;
        }

        /** Uses this OOM policy instance, whatever {@code slowpath.policies.oom} says. */
        public Builder oom(OomPolicy p) {
            this.oom = Objects.requireNonNull(p, "OOM policy");
            return this;
        }

        /** The class loader whose class path is searched for plugins (default: the simulator's). */
        Builder classPath(ClassLoader loader) {
            this.classPath = Objects.requireNonNull(loader, "class loader");
            return this;
        }

        /**
         * The Guice injector of the kernel, for callers that want more than the kernel (e.g. the {@link Config} or
         * the selected policies). The kernel itself is created when first asked for.
         *
         * @throws SlowpathConfigException when the configuration or a plugin is wrong
         */
        public Injector injector() {
            Config c = resolveConfig();
            Module core = new CoreModule(c, plugins, modules, classPath);
            Module overrides = overrides();
            try {
                return Guice.createInjector(overrides == null ? core : Modules.override(core).with(overrides));
            } catch (CreationException e) {
                throw translate(e.getErrorMessages(), e);
            }
        }

        /**
         * Assembles and boots the kernel.
         *
         * @throws SlowpathConfigException when the configuration or a plugin is wrong
         */
        public SimulatedKernel build() {
            Injector injector = injector();
            try {
                return injector.getInstance(SimulatedKernel.class);
            } catch (ProvisionException e) {
                throw translate(e.getErrorMessages(), e);
            }
        }

        private Config resolveConfig() {
            if (config != null) {
                if (file != null || !sets.isEmpty()) {
                    throw new IllegalStateException("give either a loaded Config or a config file and --set overrides, "
                        + "not both (load them together with ConfigLoader.load(file, sets))");
                }
                return ConfigLoader.validate(config, List.of());
            }
            return ConfigLoader.load(file, sets);
        }

        private Module overrides() {
            if (kswapd == null && reclaim == null && compaction == null && oom == null) {
                return null;
            }
            KswapdPolicy k = kswapd;
            ReclaimPolicy r = reclaim;
            CompactionPolicy c = compaction;
            OomPolicy o = oom;
            return new AbstractModule() {
                @Override
                protected void configure() {
                    if (k != null) {
                        bind(KswapdPolicy.class).toInstance(k);
                    }
                    if (r != null) {
                        bind(ReclaimPolicy.class).toInstance(r);
                    }
                    if (c != null) {
                        bind(CompactionPolicy.class).toInstance(c);
                    }
                    if (o != null) {
                        bind(OomPolicy.class).toInstance(o);
                    }
                }
            };
        }
    }

    /**
     * Guice reports errors inside its own exceptions: hand back our configuration error as it was thrown, and
     * anything else (e.g. a policy name bound twice by Guice modules) as a configuration error with Guice's text,
     * which names the bindings involved.
     */
    static SlowpathConfigException translate(Collection<Message> messages, RuntimeException e) {
        for (Message m : messages) {
            for (Throwable t = m.getCause(); t != null; t = t.getCause()) {
                if (t instanceof SlowpathConfigException sce) {
                    return sce;
                }
            }
        }
        String what = e.getMessage() != null && e.getMessage().contains("[Guice/DuplicateMapKey]")
            ? "a policy name is bound twice for one kind (both bindings are listed under 'Bound at')" : "";
        return new SlowpathConfigException("the simulated kernel could not be assembled" + (what.isEmpty() ? "" : ": "
            + what) + ": " + e.getMessage(), e);
    }
}
