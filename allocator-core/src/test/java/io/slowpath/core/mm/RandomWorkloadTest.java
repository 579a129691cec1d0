package io.slowpath.core.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.Gfp;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.core.zone.MachineSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A seeded mix of every operation (spawn, mmap, faults, fork, munmap, exit, page-cache reads and writes, swap-out,
 * writeback, page drops, migration, huge-page splits) on a THP machine with swap, small enough to run into memory
 * pressure: the model's audit must find nothing at any point, exiting everyone must give every page back, and the
 * same seed must give the same counters bit for bit.
 */
class RandomWorkloadTest {
    private static final int OPS = 3_000;

    @Test
    void theModelStaysConsistentThroughARandomWorkload() {
        Run run = new Run(7, false);
        run.execute(true);
        assertTrue(run.f.event(VmEvent.PGFAULT) > 1000, "the workload faulted");
        assertTrue(run.f.event(VmEvent.PSWPOUT) > 0 && run.f.event(VmEvent.PSWPIN) > 0, "and swapped");
        assertTrue(run.f.event(VmEvent.THP_FAULT_ALLOC) > 0 && run.f.event(VmEvent.THP_SPLIT) > 0,
            "and used and split huge pages");
        releaseEverything(run);
    }

    @Test
    void theModelStaysConsistentUnderMemoryPressure() {
        Run run = new Run(5, true);
        run.execute(true);
        assertTrue(run.f.mm.pagefaultOoms().size() > 0, "faults ran out of memory");
        assertTrue(run.f.event(VmEvent.THP_FAULT_FALLBACK) > 0, "huge-page faults fell back");
        releaseEverything(run);
    }

    private static void releaseEverything(Run run) {
        for (Task t : new ArrayList<>(run.f.mm.tasks())) {
            run.f.mm.exit(t);
        }
        for (long s : run.slabs) {
            run.f.mm.freeSlab(Task.kernelThread(2, "kthreadd"), s);
        }
        run.f.mm.shrinkHugeZeroPage();
        for (int file : run.files) {
            for (long off = 0; off < 64; off++) {
                long pfn = run.f.mm.pageCachePfn(file, off);
                if (pfn >= 0) {
                    dropFilePage(run.f, pfn);
                }
            }
        }
        assertEquals(0, run.f.mm.pagesInUse(), "everything came back");
        assertEquals(run.f.mm.swap().totalPages(), run.f.mm.swap().freePages());
        run.f.check();
    }

    private static void dropFilePage(MmFixture f, long pfn) {
        if (f.mm.pages().isWriteback(pfn)) {
            f.mm.endWriteback(pfn);
        }
        if (f.mm.pages().isDirty(pfn)) {
            f.mm.startWriteback(pfn);
            f.mm.endWriteback(pfn);
        }
        assertTrue(f.mm.removeFilePage(pfn));
    }

    @Test
    void theSameSeedGivesTheSameCountersTwice() {
        Run a = new Run(11, true);
        a.execute(false);
        Run b = new Run(11, true);
        b.execute(false);
        assertEquals(a.fingerprint(), b.fingerprint());
        Run c = new Run(12, true);
        c.execute(false);
        assertTrue(!a.fingerprint().equals(c.fingerprint()), "another seed gives another run");
    }

    /** One seeded workload on a fresh kernel. */
    private static final class Run {
        final MmFixture f = new MmFixture(MachineSettings.defaults(1).withThp(true),
            MmConfig.defaults().withSwapPages(4096), 3);
        final SplittableRandom rnd;
        final List<Task> tasks = new ArrayList<>();
        final List<Integer> files = new ArrayList<>();
        final List<Long> slabs = new ArrayList<>();
        /** Less reclaim, bigger areas and runs of faults, fewer exits and munmaps: the machine fills up. */
        final boolean pressure;
        int nextPid = 100;

        Run(long seed, boolean pressure) {
            rnd = new SplittableRandom(seed);
            this.pressure = pressure;
        }

        void execute(boolean audit) {
            for (int op = 0; op < OPS; op++) {
                step();
                if (audit && op % 100 == 0) {
                    f.check();
                }
            }
            if (audit) {
                f.check();
            }
        }

        private Task anyTask() {
            return tasks.get(rnd.nextInt(tasks.size()));
        }

        private void step() {
            if (tasks.isEmpty() || (tasks.size() < 6 && rnd.nextInt(20) == 0)) {
                Task t = f.mm.spawn(nextPid++, "w", 1000, 0);
                if (t != null) {
                    tasks.add(t);
                }
                return;
            }
            Task t = anyTask();
            int r = rnd.nextInt(100);
            if (r < 8) {
                if (rnd.nextBoolean() || files.isEmpty()) {
                    f.mm.mmap(t, 1 + rnd.nextInt(pressure ? 6000 : 1500), VmaKind.ANON);
                } else {
                    int file = files.get(rnd.nextInt(files.size()));
                    f.mm.mmapFile(t, file, rnd.nextInt(32), 1 + rnd.nextInt(32));
                }
            } else if (r < 55) {
                touchSome(t);
            } else if (r < 58 && tasks.size() < 10) {
                Task child = f.mm.fork(t, nextPid++);
                if (child != null) {
                    tasks.add(child);
                }
            } else if (r < 61 && tasks.size() > 1 && (!pressure || rnd.nextInt(4) == 0)) {
                f.mm.exit(t);
                tasks.remove(t);
            } else if (r < 65 && (!pressure || rnd.nextInt(4) == 0)) {
                List<Vma> vmas = f.mm.vmas(t);
                if (!vmas.isEmpty()) {
                    Vma v = vmas.get(rnd.nextInt(vmas.size()));
                    long from = v.start() + rnd.nextLong(v.pages());
                    f.mm.munmap(t, from, 1 + rnd.nextLong(v.end() - from));
                }
            } else if (r < 72) {
                if (files.isEmpty() || rnd.nextInt(5) == 0) {
                    files.add(f.mm.createFile(64));
                }
                int file = files.get(rnd.nextInt(files.size()));
                if (rnd.nextBoolean()) {
                    f.mm.readFile(t, file, rnd.nextInt(64));
                } else {
                    f.mm.writeFile(t, file, rnd.nextInt(64));
                }
            } else if (r < (pressure ? 73 : 85)) {
                reclaimSome(t);
            } else if (r < 90) {
                migrateOne(t);
            } else if (r < 92) {
                long s = f.mm.allocSlab(t, rnd.nextBoolean() ? Gfp.GFP_KERNEL : Gfp.GFP_TEMPORARY, 0);
                if (s >= 0) {
                    slabs.add(s);
                }
                if (!slabs.isEmpty() && rnd.nextBoolean()) {
                    f.mm.freeSlab(t, slabs.remove(rnd.nextInt(slabs.size())));
                }
            } else {
                touchSome(t);
            }
        }

        private void touchSome(Task t) {
            List<Vma> vmas = f.mm.vmas(t);
            if (vmas.isEmpty()) {
                return;
            }
            Vma v = vmas.get(rnd.nextInt(vmas.size()));
            int n = 1 + rnd.nextInt(pressure ? 1024 : 64);
            long base = v.start() + rnd.nextLong(v.pages());
            boolean write = rnd.nextInt(3) > 0;
            for (int i = 0; i < n && base + i < v.end(); i++) {
                if (f.mm.touch(t, base + i, write) == Fault.OOM) {
                    return;
                }
            }
        }

        private void reclaimSome(Task t) {
            long[] pfns = f.mm.mappedPfns(t);
            for (int i = 0; i < Math.min(16, pfns.length); i++) {
                long pfn = pfns[rnd.nextInt(pfns.length)];
                PageMap pages = f.mm.pages();
                if (pages.kind(pfn) == PageFlags.KIND_NONE) {
                    continue;
                }
                f.mm.pageReferenced(pfn);
                if (pages.isHuge(pfn)) {
                    f.mm.splitHugePage(pfn);
                } else if (pages.isAnon(pfn)) {
                    f.mm.swapOut(pfn);
                } else if (pages.isWriteback(pfn)) {
                    f.mm.endWriteback(pfn);
                } else if (pages.isDirty(pfn)) {
                    f.mm.startWriteback(pfn);
                } else {
                    f.mm.removeFilePage(pfn);
                }
            }
        }

        private void migrateOne(Task t) {
            long[] pfns = f.mm.mappedPfns(t);
            if (pfns.length == 0) {
                return;
            }
            long pfn = pfns[rnd.nextInt(pfns.length)];
            PageMap pages = f.mm.pages();
            if (pages.isHuge(pfn) || pages.isWriteback(pfn)) {
                return;
            }
            long to = f.kernel.allocPages(t, Gfp.GFP_HIGHUSER_MOVABLE, 0);
            if (to >= 0) {
                f.mm.migratePage(pfn, to);
            }
        }

        String fingerprint() {
            StringBuilder sb = new StringBuilder();
            for (ZoneStatItem item : ZoneStatItem.all()) {
                sb.append(item.procName()).append('=').append(f.zone.stat(item)).append(' ');
            }
            for (VmEvent e : VmEvent.all()) {
                sb.append(e.procName()).append('=').append(f.event(e)).append(' ');
            }
            for (Task t : f.mm.tasks()) {
                sb.append(t.pid()).append(':').append(t.totalVm()).append('/').append(t.anonRss()).append('/')
                    .append(t.fileRss()).append('/').append(t.swapEntries()).append('/').append(t.nrPtes())
                    .append('/').append(java.util.Arrays.hashCode(f.mm.mappedPfns(t))).append(' ');
            }
            sb.append("clock=").append(f.kernel.clock().now()).append(" hooks=").append(f.hooks.hashCode())
                .append(" swapfree=").append(f.mm.swap().freePages());
            return sb.toString();
        }
    }
}
