package io.slowpath.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.slowpath.core.config.ConfigLoader;
import io.slowpath.core.config.SlowpathConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariantsTest {
    private final PolicySets sets = PolicySets.from(ConfigLoader.defaults());

    @Test
    void namedSetsComeFromReferenceConf() {
        assertTrue(sets.names().containsAll(List.of("off", "stock", "no-compaction")), sets.names().toString());
        VariantSpec v = sets.resolve("no-compaction");
        assertEquals("no-compaction", v.label());
        assertEquals(List.of("policies.kswapd=\"stock-3.10\"", "policies.reclaim=\"stock-3.10\"",
            "policies.compaction=\"off\"", "policies.oom=\"stock-3.10\""), v.settings());
    }

    @Test
    void inlineSetsPickKindsInKernelOrder() {
        VariantSpec v = sets.resolve("oom=off+compaction=never-compact");
        assertEquals("oom=off+compaction=never-compact", v.label());
        assertEquals(List.of("policies.compaction=\"never-compact\"", "policies.oom=\"off\""), v.settings());
    }

    @Test
    void badSetsAreNamed() {
        var e = assertThrows(SlowpathConfigException.class, () -> sets.resolve("stok"));
        assertTrue(e.getMessage().contains("unknown policy set 'stok'") && e.getMessage().contains("stock"),
            e.getMessage());
        e = assertThrows(SlowpathConfigException.class, () -> sets.resolve("compction=off"));
        assertTrue(e.getMessage().contains("unknown policy kind 'compction'"), e.getMessage());
        e = assertThrows(SlowpathConfigException.class, () -> sets.resolve("oom=off+oom=off"));
        assertTrue(e.getMessage().contains("'oom' given twice"), e.getMessage());
        e = assertThrows(SlowpathConfigException.class, () -> sets.resolve("oom="));
        assertTrue(e.getMessage().contains("'oom=' is not kind=name"), e.getMessage());
        e = assertThrows(SlowpathConfigException.class, () -> sets.resolve("oom=a b"));
        assertTrue(e.getMessage().contains("'a b' is not a policy name"), e.getMessage());
    }

    @Test
    void aMalformedSetInTheConfigurationNamesItsOrigin() {
        var c = ConfigFactory.parseString("slowpath.policy-sets { weird = 3 }",
            com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("my.conf"));
        var e = assertThrows(SlowpathConfigException.class, () -> PolicySets.from(c));
        assertTrue(e.getMessage().contains("slowpath.policy-sets.weird (my.conf") && e.getMessage()
            .contains("expected an object"), e.getMessage());
    }

    @Test
    void variantsMultiplyOutInOrder() {
        List<VariantSpec> v = Variants.of(sets, List.of("off", "oom=off"),
            List.of("vm.swappiness=0,100", "vm.min_free_kbytes=[1,2],3"));
        assertEquals(8, v.size());
        assertEquals("off vm.swappiness=0 vm.min_free_kbytes=[1,2]", v.get(0).label());
        assertEquals("oom=off vm.swappiness=100 vm.min_free_kbytes=3", v.get(7).label());
        assertEquals(List.of("policies.oom=\"off\"", "vm.swappiness=100", "vm.min_free_kbytes=3"),
            v.get(7).settings());
        List<VariantSpec> only = Variants.of(sets, List.of(), List.of("machine.memory=1G,2G"));
        assertEquals(List.of("machine.memory=1G"), only.get(0).settings());
        assertEquals(2, only.size());
    }

    @Test
    void badVariantsAreNamed() {
        for (String bad : List.of("swappiness", "=1,2", "vm.swappiness=", "a,b=1")) {
            var e = assertThrows(SlowpathConfigException.class, () -> Variants.of(sets, List.of(), List.of(bad)));
            assertTrue(e.getMessage().contains("--variant '" + bad + "'"), e.getMessage());
        }
        var e = assertThrows(SlowpathConfigException.class,
            () -> Variants.of(sets, List.of(), List.of("vm.swappiness=1,1")));
        assertTrue(e.getMessage().contains("value '1' is given twice"), e.getMessage());
        e = assertThrows(SlowpathConfigException.class, () -> Variants.of(sets, List.of("off", "off"), List.of()));
        assertTrue(e.getMessage().contains("variant 'off' is given twice"), e.getMessage());
    }
}
