package io.slowpath.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.slowpath.api.ZoneType;
import io.slowpath.core.zone.ZoneSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsDescribeAFourGigabyteOneNodeMachine() {
        MachineConfig mc = MachineConfig.from(ConfigLoader.defaults());
        assertEquals(2, mc.settings().cpus());
        assertEquals(KernelFlavour.MAINLINE_3_10_108, mc.settings().flavour());
        assertFalse(mc.settings().thpEnabled());
        assertTrue(mc.settings().minFreeKbytes().isEmpty());
        long present = mc.zones().stream().mapToLong(ZoneSpec::presentPages).sum();
        assertTrue(present > 1_000_000 && present < 1_048_576, "4 GiB minus holes, got " + present);
    }

    @Test
    void setOverridesWithAndWithoutPrefix() {
        Config c = ConfigLoader.load(null, List.of("machine.cpus=8", "slowpath.vm.min_free_kbytes=65536",
            "transparent_hugepage.enabled=always"));
        MachineConfig mc = MachineConfig.from(c);
        assertEquals(8, mc.settings().cpus());
        assertEquals(65536, mc.settings().minFreeKbytes().getAsLong());
        assertTrue(mc.settings().thpEnabled());
    }

    @Test
    void fileIsLayeredUnderSets() throws IOException {
        Path f = dir.resolve("m.conf");
        Files.writeString(f, "slowpath.machine.cpus = 4\nslowpath.kernel.flavour = el7\n");
        MachineConfig mc = MachineConfig.from(ConfigLoader.load(f, List.of("machine.cpus=6")));
        assertEquals(6, mc.settings().cpus());
        assertEquals(KernelFlavour.EL7, mc.settings().flavour());
    }

    @Test
    void unknownKeyIsRejectedWithOriginAndSuggestion() throws IOException {
        Path f = dir.resolve("typo.conf");
        Files.writeString(f, "slowpath {\n  machine {\n    cpu = 4\n  }\n}\n");
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> ConfigLoader.load(f, List.of()));
        assertTrue(e.getMessage().contains("unknown key slowpath.machine.cpu"), e.getMessage());
        assertTrue(e.getMessage().contains("typo.conf: 3"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean slowpath.machine.cpus?"), e.getMessage());
    }

    @Test
    void wrongTypeNamesKeyAndOrigin() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> MachineConfig.from(ConfigLoader.load(null, List.of("machine.cpus=lots"))));
        assertTrue(e.getMessage().contains("machine.cpus"), e.getMessage());
        assertTrue(e.getMessage().contains("--set machine.cpus=lots"), e.getMessage());
    }

    @Test
    void badValuesAreRejectedNotDefaulted() {
        assertBad("machine.cpus=0", "slowpath.machine.cpus: must be in 1..4096, got 0");
        assertBad("kernel.flavour=4.19", "unknown kernel flavour '4.19'");
        assertBad("transparent_hugepage.enabled=sometimes", "is not one of always, madvise, never");
        assertBad("vm.min_free_kbytes=lots", "expected \"default\" or a number of kB");
        assertBad("vm.percpu_pagelist_fraction=3", "must be 0 or at least 8");
        assertBad("vm.lowmem_reserve_ratio=[1,2]", "needs 3 entries");
        assertBad("vm.numa_zonelist_order=fast", "is not one of default, node, zone");
    }

    @Test
    void malformedSetAndMissingFile() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> ConfigLoader.load(null, List.of("machine.cpus")));
        assertTrue(e.getMessage().contains("expected key=value"), e.getMessage());
        e = assertThrows(SlowpathConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.conf"), List.of()));
        assertTrue(e.getMessage().contains("nope.conf does not exist"), e.getMessage());
    }

    @Test
    void aSetKeyMayQuoteAnElementWithADot() {
        Config c = ConfigLoader.load(null, List.of("policy.oom.\"stock-3.10\".root-bonus=\"3.10.0\""));
        assertEquals("3.10.0", c.getConfig("slowpath.policy.oom").getConfig("\"stock-3.10\"").getString("root-bonus"));
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> ConfigLoader.load(null, List.of("policy.oom.\"stock-3.10.x=1")));
        assertTrue(e.getMessage().contains("policy.oom.\"stock-3.10.x"), e.getMessage());
    }

    @Test
    void explicitZonesOverrideTheLayout() {
        Config c = ConfigLoader.load(null, List.of(
            "machine.zones=[{node=0, zone=DMA, start_pfn=1, spanned=4095, present=3998, managed=3977},"
                + "{node=0, zone=DMA32, start_pfn=4096, spanned=126944, present=126944, managed=121485}]"));
        MachineConfig mc = MachineConfig.from(c);
        assertEquals(List.of(new ZoneSpec(0, ZoneType.DMA, 1, 4095, 3998, 3977),
            new ZoneSpec(0, ZoneType.DMA32, 4096, 126944, 126944, 121485)), mc.zones());
    }

    @Test
    void explicitZoneErrorsNameTheProblem() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> MachineConfig.from(
            ConfigLoader.load(null, List.of("machine.zones=[{node=0, zone=Highmem, start_pfn=1, spanned=10, present=10, managed=10}]"))));
        assertTrue(e.getMessage().contains("unknown zone name 'Highmem'"), e.getMessage());
        e = assertThrows(SlowpathConfigException.class, () -> MachineConfig.from(
            ConfigLoader.load(null, List.of("machine.zones=[{node=0, zone=DMA, start_pfn=1, spanned=10, present=20, managed=10}]"))));
        assertTrue(e.getMessage().contains("managed <= present <= spanned"), e.getMessage());
    }

    @Test
    void configBuiltInCodeIsCheckedForTypos() {
        Config user = com.typesafe.config.ConfigFactory.parseString("slowpath.machine.memroy = 8G");
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> ConfigLoader.validate(user, List.of()));
        assertTrue(e.getMessage().contains("did you mean slowpath.machine.memory?"), e.getMessage());
        Config ok = ConfigLoader.validate(com.typesafe.config.ConfigFactory.parseString("slowpath.machine.cpus = 3"),
            List.of("machine.nodes=1"));
        assertEquals(3, MachineConfig.from(ok).settings().cpus());
    }

    private static void assertBad(String set, String expected) {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> MachineConfig.from(ConfigLoader.load(null, List.of(set))), set);
        assertTrue(e.getMessage().contains(expected), set + " -> " + e.getMessage());
    }
}
