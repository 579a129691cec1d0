package io.slowpath.policy.oom.stock310;

import io.slowpath.api.mm.TaskView;

/** A task with given counters, for the pure oom_badness tests. */
record FakeTask(int pid, int tgid, int ppid, String name, int uid, int oomScoreAdj, int flags, boolean memdie,
                boolean fatalSignalPending, boolean hasMm, long totalVm, long anonRss, long fileRss, long swapEntries,
                long nrPtes) implements TaskView {

    /** A process with {@code rss} anonymous pages, {@code ptes} page-table pages and {@code swap} swap entries. */
    static FakeTask process(int pid, int uid, int adj, long rss, long ptes, long swap) {
        return new FakeTask(pid, pid, 1, "p" + pid, uid, adj, 0, false, false, true, rss * 2, rss, 0, swap, ptes);
    }

    FakeTask withParent(int parent) {
        return new FakeTask(pid, tgid, parent, name, uid, oomScoreAdj, flags, memdie, fatalSignalPending, hasMm,
            totalVm, anonRss, fileRss, swapEntries, nrPtes);
    }

    FakeTask withFlags(int f) {
        return new FakeTask(pid, tgid, ppid, name, uid, oomScoreAdj, f, memdie, fatalSignalPending, hasMm, totalVm,
            anonRss, fileRss, swapEntries, nrPtes);
    }

    FakeTask dying() {
        return new FakeTask(pid, tgid, ppid, name, uid, oomScoreAdj, flags, true, true, hasMm, totalVm, anonRss,
            fileRss, swapEntries, nrPtes);
    }

    FakeTask withoutMm() {
        return new FakeTask(pid, tgid, ppid, name, uid, oomScoreAdj, flags, memdie, fatalSignalPending, false, 0, 0,
            0, 0, 0);
    }

    FakeTask thread(int tid) {
        return new FakeTask(tid, pid, ppid, name, uid, oomScoreAdj, flags, memdie, fatalSignalPending, true, totalVm,
            anonRss, fileRss, swapEntries, nrPtes);
    }
}
