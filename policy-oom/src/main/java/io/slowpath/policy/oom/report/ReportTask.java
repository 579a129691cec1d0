package io.slowpath.policy.oom.report;

import io.slowpath.api.mm.TaskView;

/**
 * One row of a report's task table ({@code dump_tasks}), as a {@link TaskView}: the report has no flags, no parent
 * and no split of rss into anon and file pages, so the task has no flags, parent 0, and all its rss counted as anon
 * (oom_badness adds them anyway).
 *
 * @param pid         {@code [ pid ]}
 * @param uid         uid
 * @param tgid        tgid
 * @param totalVm     total_vm (pages)
 * @param rss         rss (pages)
 * @param nrPtes      nr_ptes (pages; -1 when the format has no such column)
 * @param swapEntries swapents (pages)
 * @param oomScoreAdj oom_score_adj
 * @param name        comm
 * @param line        the line number in the input
 */
public record ReportTask(int pid, int uid, int tgid, long totalVm, long rss, long nrPtes, long swapEntries,
                         int oomScoreAdj, String name, int line) implements TaskView {
    @Override
    public int ppid() {
        return 0;
    }

    @Override
    public int flags() {
        return 0;
    }

    @Override
    public boolean memdie() {
        return false;
    }

    @Override
    public boolean fatalSignalPending() {
        return false;
    }

    @Override
    public boolean hasMm() {
        return true;
    }

    @Override
    public long anonRss() {
        return rss;
    }

    @Override
    public long fileRss() {
        return 0;
    }

    @Override
    public long nrPtes() {
        return Math.max(0, nrPtes);
    }
}
