package io.slowpath.policy.reclaim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Injector;
import io.slowpath.api.Gfp;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.inject.Kernels;
import io.slowpath.core.mm.Task;
import io.slowpath.core.sim.SimulatedKernel;
import io.slowpath.policy.reclaim.stock310.StockKswapd310;
import io.slowpath.policy.reclaim.stock310.StockReclaim310;
import io.slowpath.policy.reclaim.stock310.StockReclaimSettings;
import org.junit.jupiter.api.Test;

/** The plugin found on the class path, selected by name, configured from its section and the sysctls. */
class ReclaimPluginTest {
    private static final String SMALL = "machine.memory=128M";
    private static final String[] STOCK = {SMALL, "policies.reclaim=stock-3.10", "policies.kswapd=stock-3.10"};

    @Test
    void bothKindsAreSelectedByNameWithTheDefaults() {
        Injector i = Kernels.builder().set(STOCK).injector();
        StockReclaim310 r = assertInstanceOf(StockReclaim310.class, i.getInstance(ReclaimPolicy.class));
        assertInstanceOf(StockKswapd310.class, i.getInstance(KswapdPolicy.class));
        assertEquals(StockReclaimSettings.defaults(), r.settings());
        Injector j = Kernels.builder().set(STOCK).injector();
        assertNotSame(r, j.getInstance(ReclaimPolicy.class), "one policy per kernel");
    }

    @Test
    void sysctlsAndKnobsAreRead() {
        Injector i = Kernels.builder().set(STOCK).set("vm.swappiness=10", "vm.laptop_mode=5",
            "policy.reclaim.\"stock-3.10\".memcg=false", "policy.reclaim.\"stock-3.10\".compaction=off").injector();
        StockReclaimSettings s = ((StockReclaim310) i.getInstance(ReclaimPolicy.class)).settings();
        assertEquals(new StockReclaimSettings(10, 5, false, false), s);
    }

    @Test
    void aTypoOrAWrongTypeInTheSectionIsAnErrorNamingTheKey() {
        SlowpathConfigException typo = assertThrows(SlowpathConfigException.class, () -> Kernels.builder().set(STOCK)
            .set("policy.reclaim.\"stock-3.10\".memcgg=true").build());
        assertTrue(typo.getMessage().contains("memcgg"), typo.getMessage());
        SlowpathConfigException type = assertThrows(SlowpathConfigException.class, () -> Kernels.builder().set(STOCK)
            .set("policy.reclaim.\"stock-3.10\".memcg=maybe").build());
        assertTrue(type.getMessage().contains("slowpath.policy.reclaim.\"stock-3.10\".memcg"), type.getMessage());
        SlowpathConfigException kswapdKey = assertThrows(SlowpathConfigException.class, () -> Kernels.builder()
            .set(STOCK).set("policy.kswapd.\"stock-3.10\".memcg=true").build());
        assertTrue(kswapdKey.getMessage().contains("kswapd"), kswapdKey.getMessage());
    }

    @Test
    void stockKswapdWithoutStockReclaimIsAClearError() {
        SimulatedKernel k = Kernels.kernel(SMALL, "policies.kswapd=stock-3.10", "policies.reclaim=off");
        Task t = k.mm().spawn(1000, "t", 1000, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            for (;;) {
                if (k.allocPages(t, Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN | Gfp.__GFP_NORETRY, 0) < 0) {
                    break;
                }
            }
        });
        assertTrue(e.getMessage().contains("slowpath.policies.reclaim"), e.getMessage());
    }

    @Test
    void aKernelBuiltFromTheConfigurationReclaims() {
        SimulatedKernel k = Kernels.kernel(STOCK);
        Task t = k.mm().spawn(1000, "reader", 1000, 0);
        int file = k.mm().createFile(200_000);
        for (int i = 0; i < 50_000; i++) {
            k.mm().readFile(t, file, i);
            k.runPending();
        }
        assertTrue(k.machine().event(io.slowpath.api.VmEvent.PAGEOUTRUN) > 0, "kswapd ran");
        assertFalse(k.mm().pagefaultOoms().size() > 0);
        assertEquals(java.util.List.of(), k.mm().audit());
    }
}
