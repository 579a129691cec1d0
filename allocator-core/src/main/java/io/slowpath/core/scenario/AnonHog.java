package io.slowpath.core.scenario;

import io.slowpath.api.PageOrder;
import io.slowpath.core.mm.Fault;
import io.slowpath.core.mm.Task;

/**
 * Anonymous memory written page by page: {@code anon-hog} (a task that maps {@code size} and touches all of it,
 * e.g. the seed's runaway process), {@code thp-hungry} (maps, faults and unmaps large areas round after round, as
 * mmtests' thpscale does, so every 2 MiB range is a huge-page fault when THP is on) and {@code leak} (grows by
 * {@code rate} bytes per simulated second up to {@code size}, never freeing). With {@code stride = N} an
 * {@code anon-hog} touches every N-th page only: {@code stride = 512} needs a page-table page for every data page
 * (a sparse heap: page-table pressure). A fault that returns {@code VM_FAULT_OOM} is retried after {@code retry}.
 */
final class AnonHog extends CommonPhaseSpec {
    private final Size size;
    private final boolean write;
    private final int rounds;
    private final boolean release;
    private final Size rate;
    private final int stride;

    private AnonHog(Common common, Size size, boolean write, int rounds, boolean release, Size rate, int stride) {
        super(common);
        this.size = size;
        this.write = write;
        this.rounds = rounds;
        this.release = release;
        this.rate = rate;
        this.stride = stride;
    }

    static AnonHog hog(Spec s) {
        return new AnonHog(Common.read(s, "anon-hog", 16, 0), s.size("size", null), s.bool("write", true),
            s.intValue("rounds", 1, 1, 1_000_000), s.bool("release", false), null,
            s.intValue("stride", 1, 1, 1 << 20));
    }

    static AnonHog thp(Spec s) {
        return new AnonHog(Common.read(s, "thp-hungry", 512, 0), s.size("size", null), s.bool("write", true),
            s.intValue("rounds", 4, 1, 1_000_000), s.bool("release", true), null, 1);
    }

    static AnonHog leak(Spec s) {
        return new AnonHog(Common.read(s, "leak", 1, 0), s.size("size", Size.ofPercent(200)), true, 1, false,
            s.size("rate", null), 1);
    }

    @Override
    public Phase create(TaskRun run) {
        long pages = size.pages(run.machinePages());
        long think = common.thinkNs();
        if (rate != null) {
            long bytesPerSecond = rate.pages(run.machinePages()) * PageOrder.PAGE_SIZE;
            think = Math.max(1, common.batch() * PageOrder.PAGE_SIZE * 1_000_000_000L / bytesPerSecond);
        }
        return new State(pages, think);
    }

    private final class State implements Phase {
        private final long pages;
        private final long think;
        private long start = -1;
        private long next;
        private int round;

        State(long pages, long think) {
            this.pages = pages;
            this.think = think;
        }

        @Override
        public long step(TaskRun run) {
            Task t = run.task();
            Ops ops = run.ops();
            if (start < 0) {
                start = ops.mmapAnon(t, pages);
                next = 0;
            }
            for (int n = 0; n < common.batch() && next < pages; n++) {
                Fault f = ops.touch(t, start + next, write);
                if (f == Fault.OOM || t.fatalSignalPending()) {
                    return run.backoff(common.retryNs());
                }
                next += stride;
            }
            if (next < pages) {
                return think;
            }
            round++;
            if (release) {
                ops.munmap(t, start, pages);
                start = -1;
            } else {
                next = 0;
            }
            return round >= rounds ? DONE : think;
        }
    }
}
