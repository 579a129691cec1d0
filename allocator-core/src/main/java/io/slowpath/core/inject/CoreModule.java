package io.slowpath.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.mm.CostModel;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.plugin.PolicyPlugin;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.core.config.MachineConfig;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.sim.SimulatedKernel;
import io.slowpath.core.zone.Machine;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Guice module of one simulated kernel: binds the {@link Config}, the {@link MachineConfig} and the booted
 * {@link Machine}, the {@link CostModel} ({@code slowpath.cost}), the {@link SimulationSettings}
 * ({@code slowpath.simulation}), the four maps of policies by name, the policies the configuration selects
 * ({@code slowpath.policies.*}), and the {@link SimulatedKernel} built from them.
 *
 * <p>Policies come from {@link PolicyPlugin}s and Guice {@link Module}s found with {@link java.util.ServiceLoader} on
 * the class path and in every jar of the plugins directory ({@code slowpath.plugins.dir}, relative to the working
 * directory; a missing directory has no plugins). The built-in {@code off} policies ({@link OffPolicies}) arrive the
 * same way.
 *
 * <p>The configuration, the cost model, the sysctls and the plugins are checked when the module is constructed, so
 * those errors are plain {@link SlowpathConfigException}s; an unknown policy name is reported (inside Guice's
 * exception) when the kernel is first asked for. {@link Kernels} unwraps it.
 */
public final class CoreModule extends AbstractModule {
    /** The key of the plugins directory. */
    public static final String PLUGINS_DIR = "slowpath.plugins.dir";

    private final Config config;
    private final MachineConfig machineConfig;
    private final CostModel costs;
    private final SimulationSettings simulation;
    private final Path pluginsDir;
    private final List<Registration> registrations;
    private final List<Module> modules;

    /**
     * The module of a kernel described by {@code config}, with the plugins of the class path and plugins directory.
     *
     * @param config a configuration loaded with {@link io.slowpath.core.config.ConfigLoader}
     * @throws SlowpathConfigException when the configuration or a plugin is wrong
     */
    public CoreModule(Config config) {
        this(config, List.of(), List.of(), CoreModule.class.getClassLoader());
    }

    /**
     * The module with extra plugins and modules (from the embedding API) and the class loader whose class path is
     * searched.
     */
    CoreModule(Config config, List<PolicyPlugin> extraPlugins, List<Module> extraModules, ClassLoader classPath) {
        this.config = config;
        this.machineConfig = MachineConfig.from(config);
        this.costs = CostConfig.from(config);
        this.simulation = SimulationSettings.from(config);
        Sysctls.validate(config);
        this.pluginsDir = pluginsDir(config);
        PluginLoader.Discovered found = PluginLoader.discover(classPath, pluginsDir);
        PolicyRegistry registry = new PolicyRegistry();
        for (PluginLoader.Found<PolicyPlugin> p : found.plugins()) {
            registry.add(p.instance(), p.origin());
        }
        for (PolicyPlugin p : extraPlugins) {
            registry.add(p, "PolicyPlugin " + p.getClass().getName() + " (given to Kernels.builder)");
        }
        this.registrations = registry.all();
        List<Module> all = new ArrayList<>();
        for (PluginLoader.Found<Module> m : found.modules()) {
            all.add(m.instance());
        }
        all.addAll(extraModules);
        this.modules = List.copyOf(all);
    }

    /** The plugins directory the configuration names, resolved against the working directory; null for none. */
    static Path pluginsDir(Config c) {
        String dir;
        try {
            dir = c.getString(PLUGINS_DIR).trim();
        } catch (ConfigException.WrongType e) {
            throw ConfigErrors.bad(c, PLUGINS_DIR, "expected a directory name, got " + c.getValue(PLUGINS_DIR).render());
        }
        if (dir.isEmpty()) {
            return null;
        }
        try {
            return Path.of(dir).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw ConfigErrors.bad(c, PLUGINS_DIR, "'" + dir + "' is not a valid path: " + e.getMessage());
        }
    }

    /** Where plugins were looked for, for messages. */
    private String where() {
        if (pluginsDir == null) {
            return "Policies come from the class path only (" + PLUGINS_DIR + " is empty)";
        }
        return "Policies come from the class path and from the jars in " + pluginsDir + " (" + PLUGINS_DIR
            + (Files.isDirectory(pluginsDir) ? "" : "; that directory does not exist") + ")";
    }

    @Override
    protected void configure() {
        bind(Config.class).toInstance(config);
        bind(MachineConfig.class).toInstance(machineConfig);
        bind(CostModel.class).toInstance(costs);
        bind(SimulationSettings.class).toInstance(simulation);
        for (PolicyKind kind : PolicyKind.values()) {
            PolicyBinder.of(binder(), kind); // the map exists even when nothing registers a policy of this kind
        }
        for (Registration r : registrations) {
            PolicyBinder.bind(binder(), r);
        }
        for (Module m : modules) {
            install(m);
        }
    }

    @Provides
    @Singleton
    Machine machine(MachineConfig mc) {
        return mc.boot();
    }

    @Provides
    @Singleton
    KswapdPolicy kswapd(Map<String, Provider<KswapdPolicy>> available) {
        return PolicySelection.select(config, PolicyKind.KSWAPD, available, where());
    }

    @Provides
    @Singleton
    ReclaimPolicy reclaim(Map<String, Provider<ReclaimPolicy>> available) {
        return PolicySelection.select(config, PolicyKind.RECLAIM, available, where());
    }

    @Provides
    @Singleton
    CompactionPolicy compaction(Map<String, Provider<CompactionPolicy>> available) {
        return PolicySelection.select(config, PolicyKind.COMPACTION, available, where());
    }

    @Provides
    @Singleton
    OomPolicy oom(Map<String, Provider<OomPolicy>> available) {
        return PolicySelection.select(config, PolicyKind.OOM, available, where());
    }

    @Provides
    @Singleton
    SimulatedKernel kernel(Machine machine, CostModel costModel, SimulationSettings sim, KswapdPolicy kswapd,
                           ReclaimPolicy reclaim, CompactionPolicy compaction, OomPolicy oom) {
        return SimulatedKernel.builder(machine).costs(costModel).policies(kswapd, reclaim, compaction, oom)
            .maxSlowpathLoops(sim.maxSlowpathLoops()).mmConfig(MmSettings.from(config)).build();
    }
}
