package io.slowpath.core.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slowpath.api.plugin.PolicySettings;
import io.slowpath.core.config.ConfigLoader;
import io.slowpath.core.config.SlowpathConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The sysctls under slowpath.vm: kernel defaults, kernel ranges, and the values a policy reads. */
class SysctlsTest {
    private static final String SMALL = "machine.memory=128M";

    @Test
    void theDefaultsAreThoseOfThe310Tree() {
        PolicySettings s = settings(SMALL);
        // mm/vmscan.c, fs/dcache.c, mm/compaction.c, mm/oom_kill.c, mm/page-writeback.c, mm/mmap.c, mm/swap.c
        assertEquals(60, s.sysctl("swappiness"));
        assertEquals(100, s.sysctl("vfs_cache_pressure"));
        assertEquals(0, s.sysctl("zone_reclaim_mode"));
        assertEquals(1, s.sysctl("min_unmapped_ratio"));
        assertEquals(5, s.sysctl("min_slab_ratio"));
        assertEquals(500, s.sysctl("extfrag_threshold"));
        assertEquals(0, s.sysctl("panic_on_oom"));
        assertEquals(0, s.sysctl("oom_kill_allocating_task"));
        assertEquals(1, s.sysctl("oom_dump_tasks"));
        assertEquals(20, s.sysctl("dirty_ratio"));
        assertEquals(10, s.sysctl("dirty_background_ratio"));
        assertEquals(0, s.sysctl("dirty_bytes"));
        assertEquals(0, s.sysctl("dirty_background_bytes"));
        assertEquals(500, s.sysctl("dirty_writeback_centisecs"));
        assertEquals(3000, s.sysctl("dirty_expire_centisecs"));
        assertEquals(0, s.sysctl("laptop_mode"));
        assertEquals(3, s.sysctl("page-cluster"));
        assertEquals(0, s.sysctl("overcommit_memory"));
        assertEquals(50, s.sysctl("overcommit_ratio"));
        assertEquals(0, s.sysctl("vm.percpu_pagelist_fraction"));
    }

    @Test
    void minFreeKbytesIsWhatTheBootComputedOrWhatWasSet() {
        // 128 MiB: the real 3.10.108 kernel computed 1355 kB (../shared/real-kernel-3.10.108/boot/thp-never/128M).
        assertEquals(1355, settings(SMALL).sysctl("min_free_kbytes"));
        assertEquals(4096, settings(SMALL, "vm.min_free_kbytes=4096").sysctl("min_free_kbytes"));
    }

    @Test
    void zoneReclaimModeDefaultsToOneOnlyBeyondReclaimDistance() {
        // build_zonelists: 1 when some node_distance > RECLAIM_DISTANCE (30).
        assertEquals(0, settings("machine.memory=1G", "machine.nodes=2").sysctl("zone_reclaim_mode"));
        assertEquals(0, settings("machine.memory=1G", "machine.nodes=2", "machine.numa-distance=[[10,30],[30,10]]")
            .sysctl("zone_reclaim_mode"));
        assertEquals(1, settings("machine.memory=1G", "machine.nodes=2", "machine.numa-distance=[[10,31],[31,10]]")
            .sysctl("zone_reclaim_mode"));
        assertEquals(4, settings("machine.memory=1G", "machine.nodes=2", "machine.numa-distance=[[10,40],[40,10]]",
            "vm.zone_reclaim_mode=4").sysctl("zone_reclaim_mode"));
    }

    @Test
    void valuesOutsideTheKernelsRangeAreRefusedWithTheirOrigin() {
        assertBad("vm.swappiness=101", "slowpath.vm.swappiness: must be 0..100 (as the 3.10 sysctl accepts), got 101 "
            + "(--set vm.swappiness=101: 1)");
        assertBad("vm.extfrag_threshold=1001", "slowpath.vm.extfrag_threshold: must be 0..1000");
        assertBad("vm.panic_on_oom=3", "slowpath.vm.panic_on_oom: must be 0..2");
        assertBad("vm.overcommit_memory=-1", "slowpath.vm.overcommit_memory: must be 0..2");
        assertBad("vm.dirty_bytes=4096", "slowpath.vm.dirty_bytes: must be 0 or 8192..");
        assertBad("vm.zone_reclaim_mode=sometimes", "slowpath.vm.zone_reclaim_mode: expected a whole number or "
            + "\"default\", got \"sometimes\"");
        assertBad("vm.swappiness=lots", "slowpath.vm.swappiness");
    }

    @Test
    void anUnknownOrNonNumericSysctlIsAnErrorListingTheKnownOnes() {
        PolicySettings s = settings(SMALL);
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> s.sysctl("swapiness"));
        assertTrue(e.getMessage().startsWith("slowpath.vm.swapiness: no such numeric sysctl; known: min_free_kbytes, "
            + "percpu_pagelist_fraction, swappiness, "), e.getMessage());
        e = assertThrows(SlowpathConfigException.class, () -> s.sysctl("lowmem_reserve_ratio"));
        assertTrue(e.getMessage().startsWith("slowpath.vm.lowmem_reserve_ratio: is a list of 3 ratios"), e.getMessage());
    }

    /** Every real boot: the sysctls the kernel printed equal what a policy reads from the same machine's config. */
    @TestFactory
    Stream<DynamicTest> defaultsMatchTheRealKernel() throws IOException {
        Path boots = Path.of(System.getProperty("slowpath.shared", "../shared")).resolve("real-kernel-3.10.108/boot");
        assumeTrue(Files.isDirectory(boots), boots + " absent: skipping");
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> flavours = Files.list(boots)) {
            for (Path f : flavours.sorted().toList()) {
                try (Stream<Path> sizes = Files.list(f)) {
                    folders.addAll(sizes.filter(Files::isDirectory).sorted().toList());
                }
            }
        }
        assertTrue(folders.size() >= 16, "boot folders: " + folders);
        return folders.stream().map(dir -> DynamicTest.dynamicTest(boots.relativize(dir).toString(), () -> {
            String flavour = dir.getParent().getFileName().toString();
            String memory = dir.getFileName().toString();
            PolicySettings s = settings("machine.memory=" + memory, "machine.nodes=" + (flavour.startsWith("numa2") ? 2 : 1),
                "transparent_hugepage.enabled=" + (flavour.endsWith("always") ? "always" : "never"));
            for (String name : List.of("extfrag_threshold", "overcommit_memory", "overcommit_ratio", "zone_reclaim_mode",
                "percpu_pagelist_fraction", "min_free_kbytes")) {
                long real = Long.parseLong(Files.readString(dir.resolve(name)).trim());
                assertEquals(real, s.sysctl(name), name + " of " + dir);
            }
        }));
    }

    private static void assertBad(String set, String expected) {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> settings(SMALL, set));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    /** The settings a policy of the kernel configured by {@code sets} sees. */
    private static PolicySettings settings(String... sets) {
        return Kernels.builder().set(sets).injector().getInstance(PolicySettingsSource.class)
            .settings(PolicyKind.KSWAPD, "off");
    }

    @Test
    void configLoaderAcceptsTheNewKeysAndRejectsTypos() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> ConfigLoader.load(null, List.of("vm.swapiness=10")));
        assertTrue(e.getMessage().contains("did you mean slowpath.vm.swappiness?"), e.getMessage());
    }
}
