package io.slowpath.core.scenario;

import io.slowpath.core.mm.Fault;
import io.slowpath.core.mm.PageCacheResult;
import io.slowpath.core.mm.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fragmenter}: fragments memory as mmtests' thpscale does before faulting huge pages: it interleaves
 * anonymous faults with page-cache reads over {@code size} (half anonymous, half file), so the two kinds of page
 * alternate in physical memory, then unmaps the anonymous half. The anonymous memory is mapped in areas of 256
 * pages, too small for a huge page, so it is faulted in 4 KiB pages even with THP on. The free pages left are
 * scattered between page-cache pages, so no pageblock is free without reclaim or compaction.
 */
final class Fragmenter extends CommonPhaseSpec {
    /** Pages per anonymous area: below HPAGE_PMD_NR, so no huge page can back it. */
    static final long CHUNK = 256;

    private final Size size;

    Fragmenter(Spec s) {
        super(Common.read(s, "fragmenter", 16, 0));
        this.size = s.size("size", Size.ofPercent(60));
    }

    @Override
    public Phase create(TaskRun run) {
        long half = Math.max(1, size.pages(run.machinePages()) / 2);
        return new Phase() {
            private final List<long[]> areas = new ArrayList<>();
            private int file = -1;
            private long next;
            private boolean fileDone;

            private long anonPage(TaskRun r, long i) {
                int area = (int) (i / CHUNK);
                if (area == areas.size()) {
                    long pages = Math.min(CHUNK, half - i);
                    areas.add(new long[] {r.ops().mmapAnon(r.task(), pages), pages});
                }
                return areas.get(area)[0] + i % CHUNK;
            }

            @Override
            public long step(TaskRun r) {
                Task t = r.task();
                Ops ops = r.ops();
                if (file < 0) {
                    file = ops.createFile(t, half);
                }
                for (int n = 0; n < common.batch() && next < half; n++) {
                    if (!fileDone) {
                        PageCacheResult res = ops.read(t, file, next);
                        if (res == PageCacheResult.ENOMEM || t.fatalSignalPending()) {
                            return r.backoff(common.retryNs());
                        }
                        fileDone = true;
                    }
                    Fault f = ops.touch(t, anonPage(r, next), true);
                    if (f == Fault.OOM || t.fatalSignalPending()) {
                        return r.backoff(common.retryNs());
                    }
                    fileDone = false;
                    next++;
                }
                if (next < half) {
                    return common.thinkNs();
                }
                for (long[] a : areas) {
                    ops.munmap(t, a[0], a[1]);
                }
                return DONE;
            }
        };
    }
}
