package io.slowpath.core.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.core.config.SlowpathConfigException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading scenarios: the built-in ones, and clear errors for bad files. */
class ScenariosTest {
    private static final String OK_GROUP = "{ name = a, phases = [ { type = anon-hog, size = 10% } ] }";

    private static SlowpathConfigException bad(String text) {
        return assertThrows(SlowpathConfigException.class, () -> Scenarios.parse(text, "t", "t.conf"));
    }

    @Test
    void builtInScenariosAreSortedAndLoadWithADescription() {
        List<String> names = Scenarios.builtInNames();
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names);
        assertEquals(List.of("atomic-burst", "mixed-server", "pagecache-pressure", "seed-oom", "slow-leak",
            "thp-fragmentation"), names);
        for (String n : names) {
            Scenario s = Scenarios.load(n);
            assertEquals(n, s.name());
            assertTrue(s.description().startsWith(n + ": "), n + ": " + s.description());
            assertTrue(s.description().length() > 200, "the comment says what it shows: " + n);
            assertFalse(s.groupSummaries().isEmpty());
            assertTrue(s.durationNs() > 0 && s.sampleIntervalNs() > 0 && s.sampleIntervalNs() <= s.durationNs());
            assertFalse(s.isTrace());
        }
    }

    @Test
    void aScenarioFileParses() {
        Scenario s = Scenarios.parse("""
            # demo: a hog and a reader.
            # Second line.
            slowpath { machine.memory = 256M }
            scenario {
              duration = 2s
              groups = [
                { name = hog, count = 2, start = 10ms, oom_score_adj = 500, phases = [
                    { type = anon-hog, size = 20%, batch = 4 }, { type = sleep, duration = 1s } ] }
                { name = reader, phases = [ { type = file-stream, size = 64M, mode = write, passes = 0 } ] }
              ]
            }
            """, "demo", "demo.conf");
        assertEquals("demo: a hog and a reader.\nSecond line.", s.description());
        assertEquals(2_000_000_000L, s.durationNs());
        assertEquals(2_000_000L, s.sampleIntervalNs(), "default: a thousandth of the duration, at least 1 ms");
        assertEquals("256M", s.overrides().getString("slowpath.machine.memory"));
        assertEquals(List.of("hog x2: anon-hog, sleep", "reader x1: file-stream"), s.groupSummaries());
        assertEquals(500_000_000L, s.withDurationNs(500_000_000L).durationNs());
    }

    @Test
    void anUnknownKeyNamesItsPathLineAndTheNearestKey() {
        SlowpathConfigException e = bad("scenario {\n  duration = 1s\n  groups = [\n"
            + "    { name = a, phases = [ { type = anon-hog, sise = 1G } ] }\n  ]\n}\n");
        assertTrue(e.getMessage().startsWith("unknown key scenario.groups[0].phases[0].sise (t.conf: 4)"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean scenario.groups[0].phases[0].size?"), e.getMessage());
        e = bad("scenario { duraton = 1s, groups = [" + OK_GROUP + "] }");
        assertEquals("unknown key scenario.duraton (t.conf: 1); did you mean scenario.duration?", e.getMessage());
        e = bad("scenario { groups = [" + OK_GROUP + "] }");
        assertEquals("scenario.duration: missing (required) (t.conf: 1)", e.getMessage());
        e = bad("scenario { duration = 1s, sample-intervall = 1ms, groups = [" + OK_GROUP + "] }");
        assertTrue(e.getMessage().contains("unknown key scenario.sample-intervall (t.conf: 1); did you mean "
            + "scenario.sample-interval?"), e.getMessage());
        e = bad("scenarios { duration = 1s }");
        assertTrue(e.getMessage().contains("unknown key scenarios (t.conf: 1); did you mean scenario?"), e.getMessage());
    }

    @Test
    void wrongTypesAndRangesAreNamed() {
        SlowpathConfigException e = bad("scenario { duration = 5, groups = [" + OK_GROUP + "] }");
        assertTrue(e.getMessage().startsWith("scenario.duration: expected a duration with a unit"), e.getMessage());
        assertTrue(e.getMessage().contains("(t.conf: 1)"), e.getMessage());
        e = bad("scenario { duration = 1s, groups = [ { name = a, count = 0, phases = [ { type = sleep, "
            + "duration = 1s } ] } ] }");
        assertTrue(e.getMessage().startsWith("scenario.groups[0].count: must be in 1..100000, got 0"), e.getMessage());
        e = bad("scenario { duration = 1s, groups = [ { name = a, phases = [ { type = anon-hug } ] } ] }");
        assertTrue(e.getMessage().contains("scenario.groups[0].phases[0].type: 'anon-hug' is not one of anon-hog,"),
            e.getMessage());
        e = bad("scenario { duration = 1s, groups = [ { name = a, phases = [ { type = anon-hog, size = lots } ] } ] }");
        assertTrue(e.getMessage().contains("expected a size such as 512M, 2G or 150% (of memory), got \"lots\""),
            e.getMessage());
        e = bad("scenario { duration = 1s, groups = [ { name = \"a b\", phases = [ { type = sleep, duration = 1s } ] } ] }");
        assertTrue(e.getMessage().contains("'a b' is not a task name"), e.getMessage());
        e = bad("scenario { duration = 1s, groups = [ { name = a, phases = [ { type = slab, gfp = GFP_KERNAL } ] } ] }");
        assertTrue(e.getMessage().startsWith("scenario.groups[0].phases[0].gfp: 'GFP_KERNAL' is not a gfp mask"),
            e.getMessage());
        e = bad("scenario { duration = 1s, groups = [ { name = a, phases = [ { type = working-set, size = 1M, "
            + "pattern = zipf, write-ratio = 2 } ] } ] }");
        assertTrue(e.getMessage().contains("write-ratio: must be in 0.0..1.0, got 2.0"), e.getMessage());
        e = bad("scenario { duration = 1h, sample-interval = 1ms, groups = [" + OK_GROUP + "] }");
        assertTrue(e.getMessage().startsWith("scenario.sample-interval: gives 3600000 samples over the duration; at "
            + "most 1000000 (make it at least 3600000 ns) (t.conf: 1)"), e.getMessage());
        e = bad("scenario { duration = 1s, groups = [] }");
        assertTrue(e.getMessage().contains("scenario.groups: a scenario needs at least one task group"), e.getMessage());
    }

    @Test
    void configurationOverridesAreCheckedLikeAConfigFile() {
        SlowpathConfigException e = bad("slowpath { machine.memroy = 1G }\nscenario { duration = 1s, groups = ["
            + OK_GROUP + "] }");
        assertTrue(e.getMessage().contains("unknown key slowpath.machine.memroy (t.conf: 1)"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean slowpath.machine.memory?"), e.getMessage());
    }

    @Test
    void anUnknownNameSuggestsABuiltInOne() {
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> Scenarios.load("seed-om"));
        assertTrue(e.getMessage().contains("'seed-om' is neither a built-in scenario nor a file; did you mean "
            + "seed-oom?"), e.getMessage());
    }
}
