package io.slowpath.core.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Injector;
import io.slowpath.api.Gfp;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.trace.DecisionTrace;
import io.slowpath.api.trace.TraceStep;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.mm.Task;
import io.slowpath.core.sim.SimulatedKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example under examples/custom-policy, end to end: compiled against allocator-api alone, packed into a jar in a
 * plugins directory, selected by name, and seen at work in the slow path.
 */
class CustomPolicyExampleTest {
    /** 16 MiB in one DMA32 zone: quick to exhaust. */
    static final String SMALL_MACHINE = "machine.zones=[{node=0, zone=DMA32, start_pfn=4096, spanned=4096, "
        + "present=4096, managed=4000}]";

    @TempDir
    static Path work;
    static Path plugins;

    @BeforeAll
    static void buildTheExampleJar() throws IOException {
        Path example = exampleProject();
        Path classes = Jars.compile(example.resolve("src/main/java"), work.resolve("classes"));
        Map<String, byte[]> entries = new LinkedHashMap<>(Jars.tree(classes));
        entries.putAll(Jars.tree(example.resolve("src/main/resources")));
        assertTrue(entries.containsKey(PluginLoader.PLUGIN_SERVICE), "the example ships a services file: " + entries.keySet());
        plugins = work.resolve("plugins");
        Jars.write(plugins.resolve("custom-policy-0.1.0-SNAPSHOT.jar"), entries);
    }

    @Test
    void theExamplesPolicyTurnsDownCompactionAndLogsIt() {
        SimulatedKernel k = kernel("policies.compaction=never-compact");
        DecisionTrace trace = exhaustThenAllocateOrder2(k);

        List<String> pluginLines = k.log().stream().filter(l -> l.startsWith("never-compact:")).toList();
        assertFalse(pluginLines.isEmpty(), "the plugin logged nothing: " + k.log());
        // The first request is the async attempt of S11; the slow path then restarts (no reclaim, no OOM kill)
        // and asks again with sync migration, until max-slowpath-loops.
        assertEquals("never-compact: skipped order 2 (async, request 1)", pluginLines.get(0));
        assertTrue(pluginLines.stream().allMatch(l -> l.startsWith("never-compact: skipped order 2 (")), pluginLines.toString());

        List<TraceStep> compactions = trace.steps().stream()
            .filter(s -> s.function().equals("try_to_compact_pages")).toList();
        assertEquals("S11", compactions.get(0).step());
        assertEquals("async: COMPACT_SKIPPED", compactions.get(0).outcome());
        assertTrue(compactions.stream().allMatch(s -> s.outcome().endsWith("COMPACT_SKIPPED")), trace.render());
        // One log line per compaction request in the trace: the policy saw each one.
        assertEquals(compactions.size(), pluginLines.size(), trace.render() + k.log());
        assertEquals("LIVELOCK", trace.exit());
    }

    @Test
    void itsSettingIsReadFromItsOwnSection() {
        SimulatedKernel k = kernel("policies.compaction=never-compact", "policy.compaction.never-compact.log=false");
        DecisionTrace trace = exhaustThenAllocateOrder2(k);
        assertTrue(k.log().stream().noneMatch(l -> l.startsWith("never-compact:")), k.log().toString());
        assertTrue(trace.steps().stream().anyMatch(s -> s.outcome().equals("async: COMPACT_SKIPPED")), trace.render());
    }

    @Test
    void aTypoInItsSettingsIsAnError() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> kernel("policies.compaction=never-compact", "policy.compaction.never-compact.lgo=false"));
        assertTrue(e.getMessage().startsWith("unknown key slowpath.policy.compaction.never-compact.lgo (--set "
            + "policy.compaction.never-compact.lgo=false"), e.getMessage());
        assertTrue(e.getMessage().contains("compaction policy 'never-compact' reads only log"), e.getMessage());
    }

    @Test
    void theJarAddsItsNameToTheKnownOnes() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> kernel("policies.compaction=never-compacts"));
        assertTrue(e.getMessage().contains("known compaction policies: never-compact, off"), e.getMessage());
    }

    @Test
    void theJarIsLoadedOnceForManyKernels() {
        Class<?> first = injector("policies.compaction=never-compact").getInstance(CompactionPolicy.class).getClass();
        Class<?> second = injector("policies.compaction=never-compact").getInstance(CompactionPolicy.class).getClass();
        assertEquals("io.slowpath.examples.custompolicy.NeverCompactPolicy", first.getName());
        assertSame(first, second);
        assertNotSame(injector("policies.compaction=never-compact").getInstance(CompactionPolicy.class),
            injector("policies.compaction=never-compact").getInstance(CompactionPolicy.class), "a policy per kernel");
    }

    @Test
    void withoutThePolicyCompactionIsSkippedSilently() {
        SimulatedKernel k = kernel();
        DecisionTrace trace = exhaustThenAllocateOrder2(k);
        assertTrue(trace.steps().stream().anyMatch(s -> s.outcome().equals("async: COMPACT_SKIPPED")), trace.render());
        assertTrue(k.log().stream().noneMatch(l -> l.startsWith("never-compact:")), k.log().toString());
    }

    private static SimulatedKernel kernel(String... sets) {
        return Kernels.kernel(withMachine(sets));
    }

    private static Injector injector(String... sets) {
        return Kernels.builder().set(withMachine(sets)).injector();
    }

    private static String[] withMachine(String... sets) {
        List<String> all = new ArrayList<>(List.of(SMALL_MACHINE, "machine.cpus=1",
            "simulation.max-slowpath-loops=3", "plugins.dir=\"" + plugins.toString().replace("\\", "\\\\") + "\""));
        all.addAll(List.of(sets));
        return all.toArray(String[]::new);
    }

    /** Takes every order-0 page a GFP_KERNEL task may have, then asks for an order-2 block. */
    private static DecisionTrace exhaustThenAllocateOrder2(SimulatedKernel k) {
        Task task = new Task(1000, 1000, 1, "hog", 0, 0);
        k.addTask(task);
        int pages = 0;
        while (k.allocPages(task, Gfp.GFP_KERNEL, 0) >= 0) {
            pages++;
            assertTrue(pages <= 4096, "more pages than the machine has");
        }
        assertTrue(pages > 3000, "only " + pages + " pages before the min watermark");
        assertEquals(-1, k.allocPages(task, Gfp.GFP_KERNEL, 2));
        DecisionTrace trace = k.lastTrace();
        assertNotNull(trace);
        assertEquals(2, trace.order());
        return trace;
    }

    /** examples/custom-policy, from maven.multiModuleProjectDirectory or by walking up from the working directory. */
    static Path exampleProject() {
        List<Path> starts = new ArrayList<>();
        String mm = System.getProperty("maven.multiModuleProjectDirectory");
        if (mm != null) {
            starts.add(Path.of(mm));
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                Path example = p.resolve("examples/custom-policy");
                if (Files.isRegularFile(example.resolve("pom.xml"))) {
                    return example;
                }
            }
        }
        throw new AssertionError("examples/custom-policy not found above " + starts);
    }
}
