package io.slowpath.core.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.slowpath.api.Gfp;
import io.slowpath.core.config.ConfigLoader;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.mm.Task;
import io.slowpath.core.sim.SimulatedKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API: a kernel from --set strings, a Config, a file, or a builder. */
class KernelsTest {
    @TempDir
    Path dir;

    @Test
    void fromSetStrings() {
        SimulatedKernel k = Kernels.kernel("machine.memory=256M", "machine.cpus=3", "policies.oom=off");
        assertEquals(3, k.machine().cpus());
        // The real 3.10.108 kernel computed min_free_kbytes 1975 at 256 MiB.
        assertEquals(1975, k.machine().minFreeKbytes());
        Task t = new Task(10, 10, 1, "t", 0, 0);
        k.addTask(t);
        long pfn = k.allocPages(t, Gfp.GFP_KERNEL, 3);
        assertTrue(pfn >= 0);
        k.freePages(t, pfn, 3);
    }

    @Test
    void fromALoadedConfig() {
        Config c = ConfigLoader.load(null, List.of("machine.memory=128M", "simulation.max-slowpath-loops=7"));
        SimulatedKernel k = Kernels.kernel(c);
        assertEquals(1355, k.machine().minFreeKbytes());
    }

    @Test
    void fromAPartialConfigTheRestComesFromTheDefaults() {
        SimulatedKernel k = Kernels.kernel(ConfigFactory.parseString("slowpath.machine { memory = 128M, cpus = 4 }"));
        assertEquals(4, k.machine().cpus());
    }

    @Test
    void fromAFileWithOverrides() throws IOException {
        Path f = Files.writeString(dir.resolve("box.conf"), "slowpath.machine { memory = 128M, cpus = 4 }\n");
        SimulatedKernel k = Kernels.builder().configFile(f).set("machine.cpus=2").build();
        assertEquals(2, k.machine().cpus());
    }

    @Test
    void eachBuildIsANewKernel() {
        Kernels.Builder b = Kernels.builder().set("machine.memory=128M");
        assertNotSame(b.build(), b.build());
    }

    @Test
    void aConfigCannotBeMixedWithSets() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> Kernels.builder().config(ConfigLoader.defaults()).set("machine.cpus=2").build());
        assertTrue(e.getMessage().startsWith("give either a loaded Config or a config file"), e.getMessage());
    }

    @Test
    void configurationErrorsComeOutAsTheyAreThrown() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> Kernels.kernel("machine.cpus=0"));
        assertTrue(e.getMessage().startsWith("slowpath.machine.cpus: must be in 1..4096, got 0"), e.getMessage());
        e = assertThrows(SlowpathConfigException.class, () -> Kernels.kernel("machine.zones=[{node=0, zone=DMA32, "
            + "start_pfn=4096, spanned=4096, present=4096, managed=4096}, {node=0, zone=Normal, start_pfn=8000, "
            + "spanned=4096, present=4096, managed=4096}]"));
        assertTrue(e.getMessage().startsWith("slowpath.machine: zones "), e.getMessage());
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
        e = assertThrows(SlowpathConfigException.class, () -> Kernels.kernel("machine.memroy=1G"));
        assertTrue(e.getMessage().contains("did you mean slowpath.machine.memory?"), e.getMessage());
    }

    @Test
    void theSimulationSettingsAreChecked() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> Kernels.kernel("simulation.max-slowpath-loops=0"));
        assertEquals("slowpath.simulation.max-slowpath-loops: must be at least 1, got 0 "
            + "(--set simulation.max-slowpath-loops=0: 1)", e.getMessage());
        assertEquals(new SimulationSettings(10_000, 1), SimulationSettings.from(ConfigLoader.defaults()));
    }
}
