package io.slowpath.policy.oom.stock310;

import io.slowpath.api.Ratelimit;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.mm.TaskView;
import io.slowpath.api.oom.OomOutcome;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.oom.OomReport;
import io.slowpath.api.oom.OomRequest;
import io.slowpath.api.plugin.PolicySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The stock Linux 3.10 OOM killer, policy {@code stock-3.10}. Models mm/oom_kill.c (Linux 3.10.108):
 * out_of_memory, select_bad_process, oom_scan_process_thread, oom_badness ({@link OomBadness}) and oom_kill_process,
 * printing the kernel's report ({@link OomReport}).
 *
 * <p>What Slowpath does not have, and so never happens here: OOM notifiers (virtio-balloon), cpusets and mempolicies
 * (every OOM is {@code CONSTRAINT_NONE} with the global totalpages), memory cgroups, {@code oom_task_origin}
 * (swapoff, KSM unmerge), zombies ({@code exit_state}: an exited task is gone), ptrace, and processes that share an
 * mm without being threads of one group (so no {@code Kill process N (name) sharing same memory} lines). A thread
 * group is the tasks of one {@code tgid}; they share one mm.
 *
 * <p>Settings ({@code slowpath.policy.oom.stock-3.10}): {@code root-bonus} ({@link RootBonus}). Sysctls:
 * {@code vm.panic_on_oom}, {@code vm.oom_kill_allocating_task}, {@code vm.oom_dump_tasks}.
 */
public final class Stock310OomPolicy implements OomPolicy {
    /** The policy's registered name. */
    public static final String NAME = "stock-3.10";

    private final RootBonus rootBonus;
    private final long panicOnOom;
    private final boolean killAllocatingTask;
    private final boolean dumpTasks;
    /** oom_kill_process's {@code oom_rs}: DEFAULT_RATELIMIT_INTERVAL (5 s) and DEFAULT_RATELIMIT_BURST (10). */
    private final Ratelimit ratelimit = new Ratelimit();

    /**
     * A 3.10 OOM killer.
     *
     * @param rootBonus          the root-bonus form
     * @param panicOnOom         {@code vm.panic_on_oom} (0, 1 or 2)
     * @param killAllocatingTask {@code vm.oom_kill_allocating_task != 0}
     * @param dumpTasks          {@code vm.oom_dump_tasks != 0}
     */
    public Stock310OomPolicy(RootBonus rootBonus, long panicOnOom, boolean killAllocatingTask, boolean dumpTasks) {
        if (panicOnOom < 0 || panicOnOom > 2) {
            throw new IllegalArgumentException("panic_on_oom must be 0, 1 or 2, got " + panicOnOom);
        }
        this.rootBonus = Objects.requireNonNull(rootBonus, "root bonus");
        this.panicOnOom = panicOnOom;
        this.killAllocatingTask = killAllocatingTask;
        this.dumpTasks = dumpTasks;
    }

    /** The policy with kernel defaults: the 3.10.y root bonus, no panic, scan for a victim, dump the task table. */
    public static Stock310OomPolicy defaults() {
        return new Stock310OomPolicy(RootBonus.STABLE, 0, false, true);
    }

    /**
     * The policy configured by {@code settings}: {@code root-bonus} of its section and the three OOM sysctls.
     *
     * @throws IllegalArgumentException naming the key when {@code root-bonus} is not a known form
     */
    public static Stock310OomPolicy fromSettings(PolicySettings settings) {
        String bonus = settings.getString("root-bonus", RootBonus.STABLE.configName());
        RootBonus rb;
        try {
            rb = RootBonus.of(bonus);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(settings.path() + ".root-bonus: " + e.getMessage(), e);
        }
        return new Stock310OomPolicy(rb, settings.sysctl("panic_on_oom"),
            settings.sysctl("oom_kill_allocating_task") != 0, settings.sysctl("oom_dump_tasks") != 0);
    }

    /** The root-bonus form in use. */
    public RootBonus rootBonus() {
        return rootBonus;
    }

    /** Models mm/oom_kill.c: out_of_memory (Linux 3.10.108). */
    @Override
    public OomOutcome outOfMemory(MmServices mm, OomRequest request) {
        TaskView current = mm.current();
        boolean el7 = "el7".equals(mm.machine().kernelFlavour());
        // 2. A caller that is dying anyway gets TIF_MEMDIE (access to the reserves) and nobody is killed.
        if ((current.fatalSignalPending() || current.hasFlag(TaskView.PF_EXITING)) && (!el7 || current.hasMm())) {
            mm.killTask(current.pid());
            return new OomOutcome(OomOutcome.Action.CURRENT_MEMDIE, current.pid(), 0);
        }
        // 3. constrained_alloc: no cpusets or mempolicies, so CONSTRAINT_NONE and the global totalpages.
        long totalpages = totalpages(mm);
        // 4. check_panic_on_oom
        if (panicOnOom != 0) {
            OomReport.print(mm, OomReport.dumpHeader(mm, request.gfp(), request.order(), dumpTasks, true));
            mm.log("Kernel panic - not syncing: Out of memory: " + (panicOnOom == 2 ? "compulsory" : "system-wide")
                + " panic_on_oom is enabled");
            return new OomOutcome(OomOutcome.Action.PANIC, 0, 0);
        }
        // 5. vm.oom_kill_allocating_task: the caller, unscored (score 0), and no sleep afterwards.
        if (killAllocatingTask && current.hasMm() && !OomReport.unkillable(current)
            && current.oomScoreAdj() != OomReport.OOM_SCORE_ADJ_MIN) {
            return oomKillProcess(mm, current, request, 0, 0, totalpages, "Out of memory (oom_kill_allocating_task)");
        }
        // 6. select_bad_process
        List<? extends TaskView> tasks = mm.tasks();
        Selection chosen = selectBadProcess(tasks, totalpages, request.forceKill(), rootBonus);
        if (chosen.aborted()) {
            return new OomOutcome(OomOutcome.Action.ABORTED, chosen.task() == null ? 0 : chosen.task().pid(), 0);
        }
        if (chosen.task() == null) {
            OomReport.print(mm, OomReport.dumpHeader(mm, request.gfp(), request.order(), dumpTasks, true));
            mm.log("Kernel panic - not syncing: Out of memory and no killable processes...");
            return new OomOutcome(OomOutcome.Action.PANIC, 0, 0);
        }
        OomOutcome out = oomKillProcess(mm, chosen.task(), request, chosen.points(),
            OomBadness.score(chosen.points(), totalpages), totalpages, "Out of memory");
        // 8. schedule_timeout_killable(1): let the victim run and exit.
        mm.spend(mm.costs().jiffyNs());
        return out;
    }

    /** {@code totalram_pages + total_swap_pages}, at least 1. */
    static long totalpages(MmServices mm) {
        return Math.max(1, mm.totalramPages() + mm.totalSwapPages());
    }

    /**
     * The result of {@code select_bad_process}.
     *
     * @param task    the chosen thread, or (when aborted) the task that made the scan abort, or null
     * @param points  its {@code oom_badness} points
     * @param aborted whether the scan returned {@code ERR_PTR(-1)} (a victim still dying)
     */
    public record Selection(TaskView task, long points, boolean aborted) {
    }

    /**
     * Models mm/oom_kill.c: select_bad_process and oom_scan_process_thread (Linux 3.10.108): every thread in task
     * order; unkillable threads and threads without an mm are skipped; a thread with {@code TIF_MEMDIE}, or one
     * exiting ({@code PF_EXITING}), aborts the scan unless {@code forceKill}; the others are scored with
     * {@link OomBadness#badness} and the first with the strictly highest points wins.
     */
    public static Selection selectBadProcess(List<? extends TaskView> tasks, long totalpages, boolean forceKill,
                                             RootBonus bonus) {
        TaskView chosen = null;
        long chosenPoints = 0;
        for (TaskView p : tasks) {
            if (OomReport.unkillable(p)) {
                continue;
            }
            if (p.memdie() && !forceKill) {
                return new Selection(p, 0, true);
            }
            if (!p.hasMm()) {
                continue;
            }
            if (p.hasFlag(TaskView.PF_EXITING) && !forceKill) {
                return new Selection(p, 0, true);
            }
            long points = OomBadness.badness(p, tasks, totalpages, bonus) & 0xffff_ffffL; // (unsigned int)
            if (points > chosenPoints) {
                chosen = p;
                chosenPoints = points;
            }
        }
        return new Selection(chosen, chosenPoints, false);
    }

    /**
     * Models mm/oom_kill.c: oom_kill_process (Linux 3.10.108): an exiting victim only gets TIF_MEMDIE; otherwise the
     * rate-limited report, {@code Kill process ... or sacrifice child}, the child sacrifice (the highest-scoring child
     * process with its own mm, first on ties), and {@code Killed process ...} with SIGKILL and TIF_MEMDIE for the
     * victim ({@link MmServices#killTask}: it exits one jiffy later and its memory is freed then).
     */
    private OomOutcome oomKillProcess(MmServices mm, TaskView p, OomRequest request, long points, long score,
                                      long totalpages, String message) {
        if (p.hasFlag(TaskView.PF_EXITING)) {
            mm.killTask(p.pid());
            return new OomOutcome(OomOutcome.Action.KILLED, p.pid(), points);
        }
        if (ratelimit.allow(mm.now())) {
            int suppressed = ratelimit.takeSuppressed();
            if (suppressed > 0) {
                mm.log(OomReport.suppressedLine(suppressed));
            }
            OomReport.print(mm, OomReport.dumpHeader(mm, request.gfp(), request.order(), dumpTasks, false));
        }
        mm.log(OomReport.killLine(message, p, score));
        List<? extends TaskView> tasks = mm.tasks();
        TaskView victim = p;
        long victimPoints = 0;
        for (TaskView child : sacrificeCandidates(p, tasks)) {
            long cp = OomBadness.badness(child, tasks, totalpages, rootBonus) & 0xffff_ffffL;
            if (cp > victimPoints) {
                victim = child;
                victimPoints = cp;
            }
        }
        if (victim == p) {
            victimPoints = points;
        }
        TaskView t = OomReport.findLockTaskMm(victim, tasks);
        if (t == null) {
            return OomOutcome.none();
        }
        boolean el7 = "el7".equals(mm.machine().kernelFlavour());
        if (el7) {
            // 3.10.0-1160.el7: SIGKILL and TIF_MEMDIE first, then the line.
            String line = OomReport.killedLine(t, mm.machine().kernelFlavour());
            mm.killTask(t.pid());
            mm.log(line);
        } else {
            mm.log(OomReport.killedLine(t, mm.machine().kernelFlavour()));
            mm.killTask(t.pid());
        }
        return OomOutcome.killed(t.pid(), victimPoints);
    }

    /**
     * The children {@code oom_kill_process} weighs against their parent, in order: for each thread of {@code p}'s
     * group, its child processes (thread-group leaders whose parent is that thread, oldest first) that are not in
     * {@code p}'s group (whose mm differs).
     */
    public static List<TaskView> sacrificeCandidates(TaskView p, List<? extends TaskView> tasks) {
        List<TaskView> out = new ArrayList<>();
        for (TaskView thread : tasks) {
            if (thread.tgid() != p.tgid()) {
                continue;
            }
            for (TaskView child : tasks) {
                if (child.ppid() == thread.pid() && child.pid() == child.tgid() && child.tgid() != p.tgid()) {
                    out.add(child);
                }
            }
        }
        return out;
    }
}
