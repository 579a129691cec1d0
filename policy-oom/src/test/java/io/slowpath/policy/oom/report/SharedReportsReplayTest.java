package io.slowpath.policy.oom.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.oom.OomOutcome;
import io.slowpath.policy.oom.stock310.RootBonus;
import io.slowpath.policy.oom.stock310.Stock310OomPolicy;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every report of {@code ../shared/oom-reports} (see its INDEX.md) read and replayed with stock-3.10: where the report
 * allows it, the replayed victim and score equal the kernel's; where it does not, the explanation is asserted.
 */
class SharedReportsReplayTest {
    /** What each report allows, by its number. */
    private enum Expect {
        /** Same pid and score with the default (3.10.y) policy. */
        MATCH,
        /** Memcg limit known but not the swap: totalpages inferred from the printed score, then the same victim. */
        MATCH_INFERRED_TOTALPAGES,
        /** The kernel used the 3.10.0 root bonus: a match only with root-bonus = "3.10.0". */
        ROOT_BONUS_3_10_0,
        /** uid 0 without CAP_SYS_ADMIN (a container): no root-bonus form but "none" reproduces the score. */
        NO_CAP_SYS_ADMIN,
        /** The kernel panicked (panic_on_oom): no victim to compare. */
        PANIC
    }

    private static final Map<String, Expect> EXPECT = new TreeMap<>();

    static {
        EXPECT.put("01", Expect.MATCH);              // el7-862 global, root victim, 3.10.y bonus, 2 nodes, swap
        EXPECT.put("02", Expect.MATCH);              // no swap, folded zone lines, no call trace
        EXPECT.put("03", Expect.MATCH_INFERRED_TOTALPAGES);
        EXPECT.put("07", Expect.MATCH);              // el7-514, 85 tasks, rsyslog #012
        EXPECT.put("08", Expect.MATCH);              // 4.4: nr_pmds column, order 3
        EXPECT.put("10", Expect.NO_CAP_SYS_ADMIN);   // and the kernel's pick is a thread of the killed process
        EXPECT.put("11", Expect.MATCH);
        EXPECT.put("12", Expect.MATCH_INFERRED_TOTALPAGES);
        EXPECT.put("16", Expect.MATCH);
        EXPECT.put("17", Expect.ROOT_BONUS_3_10_0);  // 3.10.14 upstream: before the 778c14affaf9 backport
        EXPECT.put("18", Expect.ROOT_BONUS_3_10_0);  // 3.6
        EXPECT.put("19", Expect.PANIC);
        EXPECT.put("21", Expect.MATCH);              // SysRq-F, score 0: the 3.10.0 form would pick another task
        EXPECT.put("22", Expect.NO_CAP_SYS_ADMIN);   // docker: root without CAP_SYS_ADMIN
        EXPECT.put("29", Expect.MATCH_INFERRED_TOTALPAGES);
    }

    private static ReplayResult replay(ParsedReport r, RootBonus bonus) {
        return OomReplay.replay(r, new Stock310OomPolicy(bonus, 0, false, true), "stock-3.10", bonus);
    }

    private static boolean says(ReplayResult r, String text) {
        return r.explanations().stream().anyMatch(e -> e.contains(text));
    }

    @TestFactory
    Stream<DynamicTest> everyReport() {
        return SharedReports.each((file, text) -> {
            Expect expect = EXPECT.get(file.substring(0, 2));
            assertNotNull(expect, file + " is new: decide what its replay should show in " + getClass().getSimpleName());
            ParsedReport report = OomReportParser.parse(text, file);
            ReplayResult r = replay(report, RootBonus.STABLE);
            String all = file + ": " + r.kernel() + " / " + r.replay() + " / " + r.explanations();
            switch (expect) {
                case MATCH -> {
                    assertTrue(r.match(), all);
                    assertEquals(r.kernel().pid(), r.replay().pid(), all);
                    assertEquals(r.kernel().score(), r.replay().score(), all);
                }
                case MATCH_INFERRED_TOTALPAGES -> {
                    assertTrue(r.match(), all);
                    assertTrue(report.isMemcg(), all);
                    assertTrue(says(r, "does not print the total swap, so totalpages was inferred from the printed"
                        + " score"), all);
                    assertTrue(r.totalpagesSource().startsWith("inferred from the kernel's score"), all);
                }
                case ROOT_BONUS_3_10_0 -> {
                    assertFalse(r.match(), all);
                    assertEquals(r.kernel().pid(), r.replay().pid(), "same task, other score: " + all);
                    assertTrue(says(r, "matches the 3.10.0 form"), all);
                    assertTrue(says(r, "root-bonus=3.10.0"), all);
                    ReplayResult again = replay(report, RootBonus.RELEASE);
                    assertTrue(again.match(), "with root-bonus 3.10.0: " + again.kernel() + " / " + again.replay());
                }
                case NO_CAP_SYS_ADMIN -> {
                    assertFalse(r.match(), all);
                    assertTrue(says(r, "matches no bonus (uid 0 without CAP_SYS_ADMIN"), all);
                    ReplayResult.RootBonusCheck none = r.rootBonus().get(2);
                    assertEquals("none", none.form());
                    assertEquals(r.kernel().score(), none.score(), all);
                }
                case PANIC -> {
                    assertEquals(OomOutcome.Action.PANIC, r.kernel().action(), all);
                    assertTrue(says(r, "the kernel killed nobody: it panicked (Out of memory: compulsory"
                        + " panic_on_oom is enabled)"), all);
                    assertEquals(OomOutcome.Action.KILLED, r.replay().action(), all);
                }
                default -> throw new AssertionError(expect);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> theKernelsThreadVictimAndTheTruncatedTableAreExplained() {
        return SharedReports.each((file, text) -> {
            ReplayResult r = replay(OomReportParser.parse(text, file), RootBonus.STABLE);
            if (file.startsWith("10-")) {
                assertTrue(says(r, "the kernel selected 26074 (monocular), which has no row in the task table"),
                    r.explanations().toString());
                assertTrue(says(r, "is a thread of process 24518 (monocular), which was killed"));
                assertEquals(24518, r.replay().pid());
            }
            if (file.startsWith("21-")) {
                assertTrue(says(r, "with the 3.10.0 root bonus select_bad_process would choose 647 (polkitd)"),
                    r.explanations().toString());
                assertTrue(says(r, "SysRq-F (manual OOM): replayed with force_kill"));
            }
            if (file.startsWith("17-")) {
                assertTrue(says(r, "left out of the machine: Node 0 HighMem"), r.explanations().toString());
            }
        });
    }

    /** What the parser rebuilt of a few reports, checked against numbers read off the files by hand. */
    @TestFactory
    Stream<DynamicTest> theMachineIsRebuilt() {
        return SharedReports.each((file, text) -> {
            ParsedReport r = OomReportParser.parse(text, file);
            switch (file.substring(0, 2)) {
                case "01" -> {
                    assertEquals(0x280da, r.gfpMask());
                    assertEquals(List.of("Node 0 DMA", "Node 0 DMA32", "Node 0 Normal", "Node 1 Normal"),
                        r.zones().stream().map(z -> "Node " + z.node() + " " + z.name()).toList());
                    ReportZone n1 = r.zones().get(3);
                    assertEquals(45264, n1.kb("min"));
                    assertEquals(12024, n1.nrFree()[0]);
                    assertEquals("UEM", n1.types()[0]);
                    assertEquals(33554428, r.totalSwapKb());
                    assertEquals("0-1", r.memsAllowed());
                    assertEquals(14, r.tasks().size());
                    assertEquals("palo_be", r.task(53549).name(), "the author's '<====' marker is not part of it");
                    assertEquals(List.of(), r.problems());
                }
                case "02" -> {
                    ReportZone dma32 = r.zones().get(1);
                    assertEquals(2869240, dma32.kb("managed"), "the folded zone line was joined");
                    assertEquals(61560, dma32.kb("inactive_anon"));
                    assertEquals(36, r.tasks().size());
                    assertEquals(List.of(), r.problems());
                }
                case "03" -> {
                    assertEquals(524288, r.memcg().limitKb());
                    assertTrue(MemcgInfo.unlimited(r.memcg().memswLimitKb()));
                    assertEquals(9730, r.killed().uid(), "el7's 'Killed process N (name), UID N' form");
                    assertEquals(0, r.killed().shmemRssKb());
                }
                case "07" -> {
                    assertEquals(4, r.zones().size());
                    assertEquals(7355653, r.globalCounters().get("active_anon"), "#012 split the global block");
                    assertEquals(85, r.tasks().size());
                }
                case "08" -> {
                    assertEquals(3, r.order());
                    assertEquals(5, r.zones().get(0).lowmemReserve().length, "4.4 has five zone types");
                    assertEquals(119, r.tasks().size(), "rows with the nr_pmds column");
                }
                case "17" -> {
                    ReportZone normal = r.zones().get(0);
                    assertEquals(241940, normal.kb("managed"), "hard-wrapped at 120 columns and joined");
                    assertEquals(600, normal.kb("pagetables"), "a field split across two lines");
                    assertEquals(15, normal.nrFree().length, "MIPS has MAX_ORDER 15");
                    assertEquals(-1, r.totalSwapKb(), "CONFIG_SWAP off: no swap lines");
                    assertEquals(2, r.problems().size(), r.problems().toString());
                    assertEquals(9, r.problems().get(0).line());
                }
                case "18" -> {
                    assertEquals(List.of("dump_header", "oom_kill_process", "page_fault"), r.frames(),
                        "the frame after the poster's elision is still read");
                    assertEquals(1, r.problems().size());
                    assertEquals("not a call-trace frame; ignored", r.problems().get(0).why());
                }
                case "29" -> {
                    assertEquals(null, r.invokedBy(), "the quote starts at the CPU: line");
                    assertEquals(6306, r.currentPid());
                    assertEquals(List.of(), r.problems(), "the wrapped memcg stats line was joined");
                }
                default -> {
                    // the replay test covers the rest
                }
            }
        });
    }
}
