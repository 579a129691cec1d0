package io.slowpath.policy.oom.stock310;

import io.slowpath.api.mm.TaskView;
import io.slowpath.api.oom.OomReport;
import java.util.List;

/** Models mm/oom_kill.c: oom_badness (Linux 3.10), and the 0..1000 score the report prints. */
public final class OomBadness {
    private OomBadness() {
    }

    /**
     * {@code oom_badness(p, NULL, NULL, totalpages)}: 0 for an unkillable task (init, kernel threads), a process
     * none of whose threads has an mm, or {@code oom_score_adj == -1000}; otherwise the resident pages
     * ({@code MM_ANONPAGES + MM_FILEPAGES}) plus page-table pages plus swap entries, less the root bonus for uid 0
     * (see {@link RootBonus}), plus {@code oom_score_adj * (totalpages / 1000)} (integer division first), and at least 1.
     *
     * @param p          the task
     * @param tasks      every task (for {@code find_lock_task_mm})
     * @param totalpages {@code totalram_pages + total_swap_pages} (or the memcg limit)
     * @param bonus      which 3.10 root bonus
     * @return the points, in pages
     */
    public static long badness(TaskView p, List<? extends TaskView> tasks, long totalpages, RootBonus bonus) {
        if (OomReport.unkillable(p)) {
            return 0;
        }
        TaskView t = OomReport.findLockTaskMm(p, tasks);
        if (t == null) {
            return 0;
        }
        return points(t.uid() == 0, t.oomScoreAdj(), t.anonRss() + t.fileRss(), t.nrPtes(), t.swapEntries(),
            totalpages, bonus);
    }

    /**
     * The arithmetic of {@code oom_badness} for a task that has an mm.
     *
     * @param root       whether the task has {@code CAP_SYS_ADMIN} (Slowpath: uid 0)
     * @param oomScoreAdj its {@code oom_score_adj}
     * @param rss        {@code get_mm_rss}: resident anon + file pages
     * @param nrPtes     page-table pages
     * @param swapEntries swap entries
     * @param totalpages the OOM's totalpages
     * @param bonus      which 3.10 root bonus
     * @return the points (0 only for -1000)
     */
    public static long points(boolean root, int oomScoreAdj, long rss, long nrPtes, long swapEntries, long totalpages,
                              RootBonus bonus) {
        long adj = oomScoreAdj;
        if (adj == OomReport.OOM_SCORE_ADJ_MIN) {
            return 0;
        }
        long points = rss + nrPtes + swapEntries;
        if (root) {
            if (bonus == RootBonus.STABLE) {
                points -= points * 3 / 100;
            } else {
                adj -= 30;
            }
        }
        adj *= totalpages / 1000;
        points += adj;
        return points > 0 ? points : 1;
    }

    /**
     * The printed score: {@code chosen_points * 1000 / totalpages} (unsigned long arithmetic, truncated).
     *
     * @throws IllegalArgumentException when totalpages is not positive
     */
    public static long score(long points, long totalpages) {
        if (totalpages <= 0) {
            throw new IllegalArgumentException("totalpages must be positive, got " + totalpages);
        }
        return points * 1000 / totalpages;
    }
}
