package io.slowpath.core.scenario;

import io.slowpath.api.Gfp;
import io.slowpath.core.mm.Task;
import io.slowpath.core.sim.SimulatedKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What a run observes as it goes: allocation latency per gfp class (HdrHistogram), the failed allocations
 * {@code warn_alloc_failed} would report, the OOM kills with their victims' {@code oom_badness} scores, and the
 * kernel log with the kernel's time stamps.
 */
final class RunStats implements SimulatedKernel.Observer {
    private final SimulatedKernel kernel;
    private final RunListener listener;
    private final long totalPages;
    /** The gfp classes seen, in order of first sight, each with its histogram of non-zero latencies. */
    private final List<String> classNames = new ArrayList<>();
    private final List<Histogram> classHists = new ArrayList<>();
    /** Per class: allocations that took no simulated time (the fast path), counted rather than recorded. */
    private long[] classZeros = new long[8];
    /** Class index by (gfp, order) key: a short array searched linearly (a run uses a few dozen keys at most). */
    private int[] keys = new int[16];
    private int[] keyClass = new int[16];
    private int nkeys;
    private int lastKey = -1;
    private int lastClass;
    final List<OomKill> kills = new ArrayList<>();
    final List<AllocFailure> failures = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    /**
     * @param totalPages {@code totalram_pages + total_swap_pages}, what oom_badness normalises by
     */
    RunStats(SimulatedKernel kernel, RunListener listener, long totalPages) {
        this.kernel = kernel;
        this.listener = listener;
        this.totalPages = Math.max(1, totalPages);
    }

    @Override
    public void allocated(Task task, int gfp, int order, long pfn, long latencyNs) {
        int cls = classOf(gfp, order);
        // Most allocations take the fast path and no simulated time: a count is enough for them.
        if (latencyNs <= 0) {
            classZeros[cls]++;
        } else {
            classHists.get(cls).recordValue(latencyNs);
        }
        if (pfn < 0 && (gfp & Gfp.__GFP_NOWARN) == 0) {
            failures.add(new AllocFailure(kernel.clock().now(), task.pid(), task.name(), gfp, order));
        }
    }

    @Override
    public void allocatedFast(Task task, int gfp, int order, int[] pfns, int count) {
        classZeros[classOf(gfp, order)] += count;
    }

    private int classOf(int gfp, int order) {
        int key = gfp | (order << 25);
        if (key == lastKey) {
            return lastClass;
        }
        int cls = find(key, gfp);
        lastKey = key;
        lastClass = cls;
        return cls;
    }

    private int find(int key, int gfp) {
        for (int i = 0; i < nkeys; i++) {
            if (keys[i] == key) {
                return keyClass[i];
            }
        }
        if (nkeys == keys.length) {
            keys = java.util.Arrays.copyOf(keys, nkeys * 2);
            keyClass = java.util.Arrays.copyOf(keyClass, nkeys * 2);
        }
        String name = gfpClass(gfp);
        int cls = classNames.indexOf(name);
        if (cls < 0) {
            cls = classNames.size();
            classNames.add(name);
            classHists.add(new Histogram(3));
            if (cls == classZeros.length) {
                classZeros = java.util.Arrays.copyOf(classZeros, cls * 2);
            }
        }
        keys[nkeys] = key;
        keyClass[nkeys++] = cls;
        return cls;
    }

    @Override
    public void killed(Task victim) {
        kills.add(new OomKill(kernel.clock().now(), victim.pid(), victim.name(), score(victim)));
    }

    /**
     * Models mm/oom_kill.c: oom_badness (Linux 3.10) normalised as {@code /proc/<pid>/oom_score} prints it:
     * rss + page tables + swap entries, 3% off for root, plus oom_score_adj in thousandths of all pages, times
     * 1000 / totalpages.
     */
    private long score(Task t) {
        if (t.oomScoreAdj() == -1000) {
            return 0;
        }
        long points = t.anonRss() + t.fileRss() + t.nrPtes() + t.swapEntries();
        if (t.uid() == 0) {
            points -= points * 3 / 100;
        }
        points += (long) t.oomScoreAdj() * (totalPages / 1000);
        points = points > 0 ? points : 1;
        return points * 1000 / totalPages;
    }

    /** One printk line: stamped with the simulated time as {@code "[%5lu.%06lu] "}, kept and passed on. */
    void printk(String line) {
        long now = kernel.clock().now();
        String stamped = String.format(Locale.ROOT, "[%5d.%06d] %s", now / 1_000_000_000L,
            (now % 1_000_000_000L) / 1_000L, line);
        log.add(stamped);
        listener.kernelLog(stamped);
    }

    /**
     * The gfp class an allocation is counted under: {@code GFP_TRANSHUGE} for huge-page faults (with or without
     * {@code __GFP_WAIT}), otherwise the first name of {@link Gfp#toSymbolic}, e.g. {@code GFP_HIGHUSER_MOVABLE} for
     * anonymous faults and page cache, {@code GFP_KERNEL}, {@code GFP_TEMPORARY} (reclaimable slab),
     * {@code GFP_ATOMIC}.
     */
    static String gfpClass(int gfp) {
        int thp = Gfp.GFP_TRANSHUGE & ~Gfp.__GFP_WAIT;
        if ((gfp & thp) == thp) {
            return "GFP_TRANSHUGE";
        }
        String s = Gfp.toSymbolic(gfp);
        int bar = s.indexOf('|');
        return bar < 0 ? s : s.substring(0, bar);
    }

    /** The latency summaries by class, sorted by class name (fast-path allocations count as 0 ns). */
    Map<String, LatencySummary> latency() {
        Map<String, LatencySummary> out = new TreeMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            Histogram h = classHists.get(c).copy();
            if (classZeros[c] > 0) {
                h.recordValueWithCount(0, classZeros[c]);
            }
            out.put(classNames.get(c), new LatencySummary(h.getTotalCount(), h.getValueAtPercentile(50),
                h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue()));
        }
        return out;
    }
}
