package io.slowpath.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import io.slowpath.api.NodeView;
import io.slowpath.api.ZoneView;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.oom.OomRequest;
import io.slowpath.api.plugin.PolicyPlugin;
import io.slowpath.api.plugin.PolicyRegistrar;
import io.slowpath.api.reclaim.KswapdPolicy;

/** Plugins, modules and policies the tests put into jars and onto class paths. */
public final class TestPlugins {
    private TestPlugins() {
    }

    /** A kswapd that is never woken, and knows its name. */
    public static final class NamedKswapd implements KswapdPolicy {
        final String name;

        NamedKswapd(String name) {
            this.name = name;
        }

        @Override
        public boolean wakeup(MmServices mm, ZoneView zone, int order, int classzoneIdx) {
            return false;
        }

        @Override
        public long run(MmServices mm, NodeView node) {
            return SLEEP;
        }
    }

    /** Guice constructs this one. */
    public static final class GuiceKswapd implements KswapdPolicy {
        final long swappiness;

        @Inject
        GuiceKswapd(PolicySettingsSource settings) {
            this.swappiness = settings.settings(PolicyKind.KSWAPD, "guice-kswapd").sysctl("swappiness");
        }

        @Override
        public boolean wakeup(MmServices mm, ZoneView zone, int order, int classzoneIdx) {
            return false;
        }

        @Override
        public long run(MmServices mm, NodeView node) {
            return SLEEP;
        }
    }

    /** An OOM policy that "kills" a fixed pid with configured points. */
    public static final class FixedOom implements OomPolicy {
        final long points;

        FixedOom(long points) {
            this.points = points;
        }

        @Override
        public OomOutcome outOfMemory(MmServices mm, OomRequest request) {
            return OomOutcome.killed(1, points);
        }
    }

    /** Registers kswapd "alpha". */
    public static final class Alpha implements PolicyPlugin {
        @Override
        public void register(PolicyRegistrar r) {
            r.kswapd("alpha", s -> new NamedKswapd("alpha"));
        }
    }

    /** Registers kswapd "alpha" too. */
    public static final class AlphaAgain implements PolicyPlugin {
        @Override
        public void register(PolicyRegistrar r) {
            r.kswapd("alpha", s -> new NamedKswapd("alpha again"));
        }
    }

    /** Registers compaction "off", which is built in. */
    public static final class OffAgain implements PolicyPlugin {
        @Override
        public void register(PolicyRegistrar r) {
            r.compaction("off", s -> new OffPolicies.NoCompaction());
        }
    }

    /** Registers a name with a space. */
    public static final class BadName implements PolicyPlugin {
        @Override
        public void register(PolicyRegistrar r) {
            r.reclaim("no spaces", s -> new OffPolicies.NoReclaim());
        }
    }

    /** Not a plugin at all. */
    public static final class NotAPlugin {
    }

    /** A plugin ServiceLoader cannot create. */
    public static final class NoDefaultConstructor implements PolicyPlugin {
        /** Takes an argument. */
        public NoDefaultConstructor(int x) {
        }

        @Override
        public void register(PolicyRegistrar r) {
        }
    }

    /** A plugin whose constructor fails. */
    public static final class ThrowingConstructor implements PolicyPlugin {
        /** Always fails. */
        public ThrowingConstructor() {
            throw new IllegalStateException("boom");
        }

        @Override
        public void register(PolicyRegistrar r) {
        }
    }

    /** An in-house Guice policy module: one policy Guice constructs, one from a factory over its settings. */
    public static final class GuicePolicies extends AbstractModule {
        @Override
        protected void configure() {
            PolicyBinder.kswapd(binder()).addBinding("guice-kswapd").to(GuiceKswapd.class);
            PolicyBinder.oom(binder(), "guice-oom", s -> new FixedOom(s.getLong("points", 7)));
        }
    }

    /** A Guice module that binds kswapd "off", which is built in. */
    public static final class OffKswapdModule extends AbstractModule {
        @Override
        protected void configure() {
            PolicyBinder.kswapd(binder()).addBinding("off").toInstance(new NamedKswapd("module off"));
        }
    }
}
