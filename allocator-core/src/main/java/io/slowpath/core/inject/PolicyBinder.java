package io.slowpath.core.inject;

import com.google.inject.Binder;
import com.google.inject.multibindings.MapBinder;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.plugin.PolicyFactory;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.core.config.SlowpathConfigException;

/**
 * Binds policies by name for in-house Guice policy modules (found through
 * {@code META-INF/services/com.google.inject.Module}). Either let Guice construct the policy:
 * <pre>{@code
 * PolicyBinder.reclaim(binder()).addBinding("stock-3.10").to(StockReclaim.class);
 * }</pre>
 * or give a factory over the policy's settings, exactly as a {@link io.slowpath.api.plugin.PolicyPlugin} would:
 * <pre>{@code
 * PolicyBinder.reclaim(binder(), "fifo", settings -> new FifoReclaim(settings.sysctl("swappiness")));
 * }</pre>
 * A name bound twice for one kind is an error when the kernel is assembled; Guice's message names both bindings.
 */
public final class PolicyBinder {
    private PolicyBinder() {
    }

    /** The map of kswapd policies by name. */
    public static MapBinder<String, KswapdPolicy> kswapd(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, KswapdPolicy.class);
    }

    /** The map of direct-reclaim policies by name. */
    public static MapBinder<String, ReclaimPolicy> reclaim(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, ReclaimPolicy.class);
    }

    /** The map of compaction policies by name. */
    public static MapBinder<String, CompactionPolicy> compaction(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, CompactionPolicy.class);
    }

    /** The map of OOM policies by name. */
    public static MapBinder<String, OomPolicy> oom(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, OomPolicy.class);
    }

    /** Binds a kswapd policy created by {@code factory} from its settings, under {@code name}. */
    public static void kswapd(Binder binder, String name, PolicyFactory<? extends KswapdPolicy> factory) {
        bind(binder, new Registration(PolicyKind.KSWAPD, name, factory, "Guice module binding at " + caller()));
    }

    /** Binds a direct-reclaim policy created by {@code factory} from its settings, under {@code name}. */
    public static void reclaim(Binder binder, String name, PolicyFactory<? extends ReclaimPolicy> factory) {
        bind(binder, new Registration(PolicyKind.RECLAIM, name, factory, "Guice module binding at " + caller()));
    }

    /** Binds a compaction policy created by {@code factory} from its settings, under {@code name}. */
    public static void compaction(Binder binder, String name, PolicyFactory<? extends CompactionPolicy> factory) {
        bind(binder, new Registration(PolicyKind.COMPACTION, name, factory, "Guice module binding at " + caller()));
    }

    /** Binds an OOM policy created by {@code factory} from its settings, under {@code name}. */
    public static void oom(Binder binder, String name, PolicyFactory<? extends OomPolicy> factory) {
        bind(binder, new Registration(PolicyKind.OOM, name, factory, "Guice module binding at " + caller()));
    }

    /** The map binder of {@code kind} (its values are of {@code kind.spi()}). */
    @SuppressWarnings("unchecked")
    static MapBinder<String, Object> of(Binder binder, PolicyKind kind) {
        return MapBinder.newMapBinder(binder, String.class, (Class<Object>) kind.spi());
    }

    /** Binds a registration under its name, created on demand through {@link PolicySettingsSource}. */
    static void bind(Binder binder, Registration r) {
        String problem = PolicyNames.problem(r.name());
        if (problem != null) {
            throw new SlowpathConfigException(r.origin() + ": " + problem);
        }
        if (r.factory() == null) {
            throw new SlowpathConfigException(r.origin() + ": " + r.kind().configName() + " policy '" + r.name()
                + "' is bound with a null factory");
        }
        Binder b = binder.withSource(r.origin());
        of(b, r.kind()).addBinding(r.name())
            .toProvider(new FactoryPolicyProvider(r, b.getProvider(PolicySettingsSource.class)));
    }

    /** Where a module called us from, so that errors point at the binding. */
    private static String caller() {
        return StackWalker.getInstance().walk(s -> s.filter(f -> !f.getClassName().equals(PolicyBinder.class.getName()))
            .findFirst().map(f -> f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":"
                + f.getLineNumber() + ")").orElse("unknown"));
    }
}
