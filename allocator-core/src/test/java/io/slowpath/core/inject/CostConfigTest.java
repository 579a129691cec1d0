package io.slowpath.core.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.mm.CostModel;
import io.slowpath.core.config.ConfigLoader;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.sim.SimulatedKernel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** slowpath.cost: HOCON durations into the CostModel. */
class CostConfigTest {
    @Test
    void theDefaultsAreSimulatedKernelsDefaults() {
        assertEquals(SimulatedKernel.defaultCosts(), CostConfig.from(ConfigLoader.defaults()));
    }

    @Test
    void durationsTakeAnyUnit() {
        CostModel c = cost("cost.fast-path=1us", "cost.jiffy=1ms", "cost.page-migrate=2.5us", "cost.swap-in-io=0ns");
        assertEquals(1_000, c.fastPathNs());
        assertEquals(1_000_000, c.jiffyNs());
        assertEquals(2_500, c.pageMigrateNs());
        assertEquals(0, c.swapInIoNs());
        assertEquals(40, c.zoneScanNs(), "the others keep their defaults");
    }

    @Test
    void aBareNumberIsRefusedRatherThanReadAsMilliseconds() {
        assertBad("cost.fast-path=150", "slowpath.cost.fast-path: give a unit, e.g. 150ns (HOCON reads a bare number as "
            + "milliseconds) (--set cost.fast-path=150: 1)");
        assertBad("cost.jiffy=\"4\"", "slowpath.cost.jiffy: give a unit, e.g. 4ns");
    }

    @Test
    void negativeAndMalformedDurationsAreRefused() {
        assertBad("cost.page-scan=-5ns", "slowpath.cost.page-scan: must not be negative, got \"-5ns\"");
        assertBad("cost.page-scan=fast", "slowpath.cost.page-scan: expected a duration such as 150ns, 3us or 4ms, got "
            + "\"fast\"");
        assertBad("cost.page-scan=5 parsecs", "slowpath.cost.page-scan: expected a duration");
    }

    @Test
    void anUnknownCostKeyIsRefusedByTheLoader() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> ConfigLoader.load(null, List.of("cost.fast-pth=1ns")));
        assertTrue(e.getMessage().contains("unknown key slowpath.cost.fast-pth"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean slowpath.cost.fast-path?"), e.getMessage());
    }

    @Test
    void theKernelChargesTheConfiguredCosts() {
        SimulatedKernel k = Kernels.kernel("machine.memory=128M", "cost.congestion-wait=7ms");
        assertEquals(7_000_000, k.services().costs().congestionWaitNs());
    }

    private static CostModel cost(String... sets) {
        return CostConfig.from(ConfigLoader.load(null, List.of(sets)));
    }

    private static void assertBad(String set, String expected) {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> cost(set));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
