package io.slowpath.policy.oom.stock310;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.mm.TaskView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** oom_badness and select_bad_process edge cases, worked by hand from mm/oom_kill.c (Linux 3.10.108). */
class OomBadnessTest {
    private static final long TOTAL = 2_097_152; // 8 GiB, no swap: 2097 pages per oom_score_adj unit

    @Test
    void pointsAreRssPlusPageTablesPlusSwapEntries() {
        FakeTask t = FakeTask.process(100, 1000, 0, 221_345, 1_880, 7);
        assertEquals(221_345 + 1_880 + 7, OomBadness.badness(t, List.of(t), TOTAL, RootBonus.STABLE));
        // the spec's worked example: 223225 * 1000 / 254370 = 877
        assertEquals(877, OomBadness.score(223_225, 254_370));
    }

    @Test
    void minusOneThousandIsNeverAndEveryOtherEligibleTaskScoresAtLeastOne() {
        FakeTask never = FakeTask.process(100, 1000, -1000, 500_000, 100, 0);
        assertEquals(0, OomBadness.badness(never, List.of(never), TOTAL, RootBonus.STABLE));
        FakeTask tiny = FakeTask.process(101, 1000, -999, 500, 1, 0);
        assertEquals(1, OomBadness.badness(tiny, List.of(tiny), TOTAL, RootBonus.STABLE), "clamped to 1");
    }

    @Test
    void adjIsScaledByTotalpagesOverOneThousandDividedFirst() {
        FakeTask t = FakeTask.process(100, 1000, 500, 1000, 0, 0);
        assertEquals(1000 + 500L * 2097, OomBadness.badness(t, List.of(t), TOTAL, RootBonus.STABLE));
        assertEquals(1000 + 500L * 2, OomBadness.badness(t, List.of(t), 2999, RootBonus.STABLE),
            "2999 / 1000 = 2 before the multiplication");
    }

    @Test
    void theTwoRootBonusesOf310() {
        FakeTask root = FakeTask.process(100, 0, 0, 100_000, 200, 0);
        FakeTask user = FakeTask.process(101, 1000, 0, 100_000, 200, 0);
        // 3.10.y: 3% of the task's own points, integer division
        assertEquals(100_200 - 100_200 * 3 / 100, OomBadness.badness(root, List.of(root), TOTAL, RootBonus.STABLE));
        // 3.10.0: 30 oom_score_adj units, i.e. 3% of totalpages
        assertEquals(100_200 - 30L * 2097, OomBadness.badness(root, List.of(root), TOTAL, RootBonus.RELEASE));
        assertEquals(100_200, OomBadness.badness(user, List.of(user), TOTAL, RootBonus.RELEASE), "uid != 0: no bonus");
        FakeTask smallRoot = FakeTask.process(102, 0, 0, 1000, 2, 0);
        assertEquals(1, OomBadness.badness(smallRoot, List.of(smallRoot), TOTAL, RootBonus.RELEASE),
            "3.10.0's bonus can push a small root task to the floor of 1");
        assertEquals(RootBonus.RELEASE, RootBonus.of("3.10.0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RootBonus.of("3.10"));
        assertTrue(e.getMessage().contains("\"3.10.y\", \"3.10.0\""), e.getMessage());
    }

    @Test
    void unkillableTasksAndTasksWithoutMmScoreZero() {
        FakeTask init = FakeTask.process(1, 0, 0, 5000, 10, 0);
        FakeTask kthread = FakeTask.process(2, 0, 0, 5000, 10, 0).withFlags(TaskView.PF_KTHREAD);
        FakeTask zombieLeader = FakeTask.process(300, 1000, 0, 5000, 10, 0).withoutMm();
        List<FakeTask> all = List.of(init, kthread, zombieLeader);
        for (FakeTask t : all) {
            assertEquals(0, OomBadness.badness(t, all, TOTAL, RootBonus.STABLE), t.toString());
        }
    }

    @Test
    void aLeaderWithoutMmIsScoredThroughItsFirstThreadThatHasOne() {
        FakeTask leader = FakeTask.process(300, 1000, 0, 5000, 10, 0);
        FakeTask thread = leader.thread(301);
        List<TaskView> tasks = List.of(leader.withoutMm(), thread);
        assertEquals(5010, OomBadness.badness(tasks.get(0), tasks, TOTAL, RootBonus.STABLE));
    }

    @Test
    void theFirstOfEqualTasksWinsAndATaskWithTifMemdieAbortsTheScan() {
        FakeTask a = FakeTask.process(100, 1000, 0, 5000, 10, 0);
        FakeTask b = FakeTask.process(200, 1000, 0, 5000, 10, 0);
        FakeTask c = FakeTask.process(300, 1000, 0, 4000, 10, 0);
        Stock310OomPolicy.Selection s = Stock310OomPolicy.selectBadProcess(List.of(a, b, c), TOTAL, false,
            RootBonus.STABLE);
        assertSame(a, s.task(), "strictly greater: the earlier of two equals");
        assertEquals(5010, s.points());

        FakeTask dying = c.dying();
        s = Stock310OomPolicy.selectBadProcess(List.of(a, b, dying), TOTAL, false, RootBonus.STABLE);
        assertTrue(s.aborted(), "a victim still dying stops the scan");
        assertSame(dying, s.task());
        s = Stock310OomPolicy.selectBadProcess(List.of(a, b, dying), TOTAL, true, RootBonus.STABLE);
        assertFalse(s.aborted(), "SysRq-F (force_kill) scans past it");
        assertSame(a, s.task());

        FakeTask exiting = c.withFlags(TaskView.PF_EXITING);
        assertTrue(Stock310OomPolicy.selectBadProcess(List.of(a, exiting), TOTAL, false, RootBonus.STABLE).aborted());
    }

    @Test
    void noEligibleTaskMeansNoVictim() {
        FakeTask never = FakeTask.process(100, 1000, -1000, 5000, 10, 0);
        FakeTask init = FakeTask.process(1, 0, 0, 5000, 10, 0);
        Stock310OomPolicy.Selection s = Stock310OomPolicy.selectBadProcess(List.of(init, never), TOTAL, false,
            RootBonus.STABLE);
        assertNull(s.task());
        assertFalse(s.aborted());
    }

    @Test
    void sacrificeCandidatesAreChildProcessesOfEveryThreadNotSharingTheMm() {
        FakeTask parent = FakeTask.process(100, 1000, 0, 5000, 10, 0);
        FakeTask thread = parent.thread(101);
        FakeTask child1 = FakeTask.process(200, 1000, 0, 10, 1, 0).withParent(100);
        FakeTask child2 = FakeTask.process(300, 1000, 0, 10, 1, 0).withParent(101);
        FakeTask grandchild = FakeTask.process(400, 1000, 0, 10, 1, 0).withParent(200);
        List<TaskView> tasks = List.of(parent, thread, child1, child2, grandchild);
        assertEquals(List.of(child1, child2), Stock310OomPolicy.sacrificeCandidates(parent, tasks));
    }
}
