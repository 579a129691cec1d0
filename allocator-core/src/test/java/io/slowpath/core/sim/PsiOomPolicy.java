package io.slowpath.core.sim;

import io.slowpath.api.mm.MmServices;
import io.slowpath.api.mm.TaskView;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.oom.OomRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A pressure-stall OOM killer (userspace oomd-like, 3.10 has none) written against allocator-api only: a monitor
 * wakes every window and reads the cumulative slow-path stall time; when tasks stalled for more than
 * {@code threshold} of the window, it kills the task with the largest RSS before the kernel's OOM path is reached.
 * Called by the kernel's OOM path it kills the largest RSS too. While a victim is still dying nobody else is killed.
 */
final class PsiOomPolicy implements OomPolicy {
    /** One kill: why ("psi" or "oom"), the victim, and when. */
    record Kill(String why, int pid, long atNs) {
    }

    private final long windowNs;
    private final double threshold;
    private long lastStallNs;
    final List<Kill> kills = new ArrayList<>();
    int oomCalls;
    int windows;

    PsiOomPolicy(long windowNs, double threshold) {
        this.windowNs = windowNs;
        this.threshold = threshold;
    }

    /** Starts the monitor. */
    void start(MmServices mm) {
        lastStallNs = mm.memstallNs();
        tick(mm);
    }

    private void tick(MmServices mm) {
        mm.schedule(windowNs, () -> {
            check(mm);
            tick(mm);
        });
    }

    private void check(MmServices mm) {
        windows++;
        long stall = mm.memstallNs();
        long delta = stall - lastStallNs;
        lastStallNs = stall;
        if (delta > threshold * windowNs) {
            mm.log("psi: memory stall " + delta / 1_000_000 + " ms in a " + windowNs / 1_000_000 + " ms window");
            killLargest(mm, "psi");
        }
    }

    @Override
    public OomOutcome outOfMemory(MmServices mm, OomRequest request) {
        oomCalls++;
        return killLargest(mm, "oom");
    }

    private OomOutcome killLargest(MmServices mm, String why) {
        TaskView victim = null;
        for (TaskView t : mm.tasks()) {
            if (t.memdie()) {
                return OomOutcome.none(); // a victim is still on its way out
            }
            if (!t.hasMm() || t.oomScoreAdj() == -1000) {
                continue;
            }
            if (victim == null || rss(t) > rss(victim)) {
                victim = t;
            }
        }
        if (victim == null || !mm.killTask(victim.pid())) {
            return OomOutcome.none();
        }
        kills.add(new Kill(why, victim.pid(), mm.now()));
        mm.log("Killed process " + victim.pid() + " (" + victim.name() + ") by " + why);
        return OomOutcome.killed(victim.pid(), rss(victim));
    }

    private static long rss(TaskView t) {
        return t.anonRss() + t.fileRss();
    }
}
