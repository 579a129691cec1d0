package io.slowpath.core.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.core.config.ConfigLoader;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.sim.SimulatedKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** slowpath.policies selects one policy of each kind by name, from every source of policies. */
class PolicySelectionTest {
    private static final String SMALL = "machine.memory=128M";

    @TempDir
    Path dir;

    @Test
    void theDefaultsAreTheBuiltInOffPolicies() {
        Injector i = Kernels.builder().set(SMALL).injector();
        assertInstanceOf(OffPolicies.NoKswapd.class, i.getInstance(KswapdPolicy.class));
        assertInstanceOf(OffPolicies.NoReclaim.class, i.getInstance(ReclaimPolicy.class));
        assertInstanceOf(OffPolicies.NoCompaction.class, i.getInstance(CompactionPolicy.class));
        assertInstanceOf(OffPolicies.NoOomKiller.class, i.getInstance(OomPolicy.class));
        // The kernel is a singleton built over the selected (singleton) policies.
        assertSame(i.getInstance(SimulatedKernel.class), i.getInstance(SimulatedKernel.class));
        assertSame(i.getInstance(OomPolicy.class), i.getInstance(OomPolicy.class));
    }

    @Test
    void anUnknownNameListsTheKnownNamesAndWhereTheSettingCameFrom() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> Kernels.builder()
            .set(SMALL, "plugins.dir=\"" + dir + "\"", "policies.oom=stock")
            .plugin(r -> r.oom("fixed", s -> new TestPlugins.FixedOom(1)).oom("alt", s -> new TestPlugins.FixedOom(2)))
            .build());
        assertEquals("slowpath.policies.oom: unknown oom policy 'stock'; known oom policies: alt, fixed, off. "
            + "Policies come from the class path and from the jars in " + dir + " (slowpath.plugins.dir) "
            + "(--set policies.oom=stock: 1)", e.getMessage());
    }

    @Test
    void anUnknownNameFromAFileNamesTheFileAndLine() throws IOException {
        Path f = dir.resolve("box.conf");
        Files.writeString(f, "slowpath {\n  machine.memory = 128M\n  policies {\n    reclaim = lru2\n  }\n}\n");
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> Kernels.kernel(ConfigLoader.load(f, List.of())));
        assertTrue(e.getMessage().startsWith("slowpath.policies.reclaim: unknown reclaim policy 'lru2'; known reclaim "
            + "policies: off."), e.getMessage());
        assertTrue(e.getMessage().endsWith("(" + f + ": 4)"), e.getMessage());
    }

    @Test
    void theMissingPluginsDirectoryIsMentionedInTheHint() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> Kernels.kernel(SMALL,
            "plugins.dir=\"" + dir.resolve("absent") + "\"", "policies.compaction=never-compact"));
        assertTrue(e.getMessage().contains("Policies come from the class path and from the jars in " + dir.resolve("absent")
            + " (slowpath.plugins.dir; that directory does not exist)"), e.getMessage());
        e = assertThrows(SlowpathConfigException.class, () -> Kernels.kernel(SMALL, "plugins.dir=\"\"",
            "policies.compaction=never-compact"));
        assertTrue(e.getMessage().contains("Policies come from the class path only (slowpath.plugins.dir is empty)"),
            e.getMessage());
    }

    @Test
    void settingsForAnUnknownPolicyAreAnError() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> Kernels.kernel(SMALL, "policy.compaction.nevr-compact.log=false"));
        assertEquals("slowpath.policy.compaction.nevr-compact: settings for an unknown compaction policy "
            + "'nevr-compact'; known compaction policies: off (--set policy.compaction.nevr-compact.log=false: 1)",
            e.getMessage());
    }

    @Test
    void aPluginGivenToTheBuilderIsSelectedByNameAndReadsItsSettings() {
        Injector i = Kernels.builder().set(SMALL, "policies.oom=fixed", "policy.oom.fixed.points=123")
            .plugin(r -> r.oom("fixed", s -> new TestPlugins.FixedOom(s.getLong("points"))))
            .injector();
        assertEquals(123, ((TestPlugins.FixedOom) i.getInstance(OomPolicy.class)).points);
    }

    @Test
    void onlyTheSelectedPolicyIsCreated() {
        int[] created = new int[1];
        Kernels.builder().set(SMALL).plugin(r -> r.oom("counted", s -> {
            created[0]++;
            return new TestPlugins.FixedOom(1);
        })).build();
        assertEquals(0, created[0]);
        Kernels.builder().set(SMALL, "policies.oom=counted").plugin(r -> r.oom("counted", s -> {
            created[0]++;
            return new TestPlugins.FixedOom(1);
        })).build();
        assertEquals(1, created[0]);
    }

    @Test
    void aPolicyInstanceGivenToTheBuilderWinsOverTheConfiguration() {
        TestPlugins.NamedKswapd mine = new TestPlugins.NamedKswapd("mine");
        Injector i = Kernels.builder().set(SMALL, "policies.kswapd=whatever").kswapd(mine).injector();
        assertSame(mine, i.getInstance(KswapdPolicy.class));
        assertInstanceOf(OffPolicies.NoReclaim.class, i.getInstance(ReclaimPolicy.class));
    }

    @Test
    void aFailingFactoryIsReportedWithThePolicyAndItsOrigin() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> Kernels.builder()
            .set(SMALL, "policies.oom=broken")
            .plugin(r -> r.oom("broken", s -> {
                throw new IllegalArgumentException("points must be positive");
            })).build());
        assertTrue(e.getMessage().startsWith("oom policy 'broken' (PolicyPlugin "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(given to Kernels.builder)) could not be created: "
            + "java.lang.IllegalArgumentException: points must be positive"), e.getMessage());
    }

    @Test
    void aFactoryReturningNullIsAnError() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> Kernels.builder()
            .set(SMALL, "policies.reclaim=nothing").plugin(r -> r.reclaim("nothing", s -> null)).build());
        assertTrue(e.getMessage().startsWith("reclaim policy 'nothing' (PolicyPlugin "), e.getMessage());
        assertTrue(e.getMessage().endsWith("): its factory returned null"), e.getMessage());
    }

    @Test
    void theStockPolicyMissingFromTheClassPathNamesItsModule() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> Kernels.kernel(SMALL, "policies.kswapd=stock-3.10"));
        assertTrue(e.getMessage().contains("unknown kswapd policy 'stock-3.10'; known kswapd policies: off. The "
            + "stock-3.10 kswapd policy is in module policy-reclaim (io.slowpath:policy-reclaim): add it to the class "
            + "path, or choose another policy. Policies come from"), e.getMessage());
    }

    @Test
    void aNameWithADotIsOnePathElementQuotedInItsSettingsPath() {
        Injector i = Kernels.builder().set(SMALL, "policies.oom=fixed-3.10", "policy.oom.\"fixed-3.10\".points=7")
            .plugin(r -> r.oom("fixed-3.10", s -> new TestPlugins.FixedOom(s.getLong("points")))).injector();
        assertEquals(7, ((TestPlugins.FixedOom) i.getInstance(OomPolicy.class)).points);
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> Kernels.builder().set(SMALL)
            .plugin(r -> r.oom(".dot", s -> new TestPlugins.FixedOom(1))).injector());
        assertTrue(e.getMessage().endsWith("policy name '.dot' is not valid: use letters, digits, '-', '_' and '.', "
            + "starting with a letter or digit"), e.getMessage());
    }

    @Test
    void inGuiceDirectlyTheErrorIsTheCauseOfGuicesException() {
        Injector i = Guice.createInjector(new CoreModule(ConfigLoader.load(null, List.of(SMALL, "policies.kswapd=x"))));
        ProvisionException e = assertThrows(ProvisionException.class, () -> i.getInstance(SimulatedKernel.class));
        assertInstanceOf(SlowpathConfigException.class, e.getCause());
        assertTrue(e.getCause().getMessage().startsWith("slowpath.policies.kswapd: unknown kswapd policy 'x'; known "
            + "kswapd policies: off."), e.getCause().getMessage());
    }

    @Test
    void aModuleBindingANameThatAPluginHasIsAnErrorNamingBoth() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> Kernels.builder().set(SMALL).module(new TestPlugins.OffKswapdModule()).injector());
        String m = e.getMessage();
        assertTrue(m.startsWith("the simulated kernel could not be assembled: a policy name is bound twice for one "
            + "kind (both bindings are listed under 'Bound at')"), m);
        assertTrue(m.contains("Duplicate key \"off\" found in Map<String, KswapdPolicy>"), m);
        // Guice shortens class names in its messages (a legend at the end gives them in full).
        assertTrue(m.contains("1 : PolicyPlugin OffPolicies (class path: "), m);
        assertTrue(m.contains("2 : TestPlugins$OffKswapdModule.configure(TestPlugins.java:"), m);
    }

    @Test
    void aGuiceModuleGivenToTheBuilderIsInstalled() {
        Injector i = Kernels.builder().set(SMALL, "policies.kswapd=guice-kswapd", "vm.swappiness=10")
            .module(new TestPlugins.GuicePolicies()).injector();
        assertEquals(10, ((TestPlugins.GuiceKswapd) i.getInstance(KswapdPolicy.class)).swappiness);
    }

    @Test
    void twoModulesBindingOneFactoryNameAreAnErrorNamingBothBindings() {
        AbstractModule other = new AbstractModule() {
            @Override
            protected void configure() {
                PolicyBinder.oom(binder(), "guice-oom", s -> new TestPlugins.FixedOom(0));
            }
        };
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> Kernels.builder().set(SMALL)
            .module(new TestPlugins.GuicePolicies()).module(other).injector());
        assertTrue(e.getMessage().contains("Duplicate key \"guice-oom\""), e.getMessage());
        assertTrue(e.getMessage().contains("1 : Guice module binding at TestPlugins$GuicePolicies.configure("
            + "TestPlugins.java:"), e.getMessage());
        assertTrue(e.getMessage().contains("2 : Guice module binding at PolicySelectionTest$"), e.getMessage());
    }
}
