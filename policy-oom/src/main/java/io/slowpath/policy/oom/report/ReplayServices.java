package io.slowpath.policy.oom.report;

import io.slowpath.api.MachineView;
import io.slowpath.api.NodeView;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.compaction.CompactionOps;
import io.slowpath.api.mm.CostModel;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.mm.PageOps;
import io.slowpath.api.mm.PageState;
import io.slowpath.api.mm.TaskView;
import io.slowpath.api.reclaim.Shrinker;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel of a report as an OOM policy sees it: the report's machine ({@link ReplayMachine}), its task table as
 * the tasks (in the printed order, which is the kernel's task-list order), the invoking task as {@code current}, and
 * {@code totalram_pages}/{@code total_swap_pages} as the replay determined them. {@link #killTask} records the
 * policy's choice and kills nobody; {@link #log} collects what the policy prints. A policy that needs the pages or
 * page mechanics ({@link #pages()}, {@link #pageOps()}, compaction) cannot be replayed on a report: those throw
 * {@link UnsupportedOperationException}.
 */
public final class ReplayServices implements MmServices {
    private static final CostModel COSTS = new CostModel(150, 40, 60, 400, 3_000, 8, 10_000_000, 10_000_000,
        8_000_000, 5_000_000, 1_000, 20_000_000, 4_000_000);

    private final ReplayMachine machine;
    private final List<ReportTask> tasks;
    private final TaskView current;
    private final long totalram;
    private final long totalSwap;
    private final List<String> frames;
    private final List<Integer> killed = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private long now;

    /**
     * The kernel of {@code report}.
     *
     * @param report    the report
     * @param machine   its machine
     * @param totalram  {@code totalram_pages} to give the policy (for a memcg OOM: the part of totalpages that is
     *                  not swap)
     * @param totalSwap {@code total_swap_pages} to give the policy
     */
    public ReplayServices(ParsedReport report, ReplayMachine machine, long totalram, long totalSwap) {
        this.machine = machine;
        this.tasks = report.tasks();
        this.totalram = totalram;
        this.totalSwap = totalSwap;
        this.frames = report.frames();
        this.current = currentOf(report);
    }

    private static TaskView currentOf(ParsedReport report) {
        ReportTask row = report.currentPid() > 0 ? report.task(report.currentPid()) : null;
        if (row != null) {
            return row;
        }
        String name = report.invokedBy() != null ? report.invokedBy() : "unknown";
        boolean kthread = name.startsWith("kworker/") || name.startsWith("kswapd");
        return new Invoker(Math.max(0, report.currentPid()), name, report.invokerOomScoreAdj(), kthread);
    }

    /** The invoking task when the task table has no row for it (a thread, a kernel thread, or no pid printed). */
    private record Invoker(int pid, String name, int oomScoreAdj, boolean kthread) implements TaskView {
        @Override
        public int tgid() {
            return pid;
        }

        @Override
        public int ppid() {
            return 0;
        }

        @Override
        public int uid() {
            return 0;
        }

        @Override
        public int flags() {
            return kthread ? PF_KTHREAD : 0;
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
            return !kthread;
        }

        @Override
        public long totalVm() {
            return 0;
        }

        @Override
        public long anonRss() {
            return 0;
        }

        @Override
        public long fileRss() {
            return 0;
        }

        @Override
        public long swapEntries() {
            return 0;
        }

        @Override
        public long nrPtes() {
            return 0;
        }
    }

    /** The pids the policy killed, in order. */
    public List<Integer> killed() {
        return List.copyOf(killed);
    }

    /** What the policy printed. */
    public List<String> logLines() {
        return List.copyOf(log);
    }

    @Override
    public MachineView machine() {
        return machine;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public CostModel costs() {
        return COSTS;
    }

    @Override
    public void spend(long ns) {
        now += ns;
    }

    @Override
    public void countEvent(VmEvent event, long delta) {
        // a replay keeps no counters
    }

    @Override
    public void modZoneStat(ZoneView zone, ZoneStatItem item, long delta) {
        // a replay keeps no counters
    }

    @Override
    public boolean zoneWatermarkOk(ZoneView zone, int order, long mark, int classzoneIdx, int allocFlags) {
        throw unsupported("zone_watermark_ok");
    }

    @Override
    public void drainLocalPages() {
        // nothing to drain in a report
    }

    @Override
    public void drainAllPages() {
        // nothing to drain in a report
    }

    @Override
    public TaskView current() {
        return current;
    }

    @Override
    public List<? extends TaskView> tasks() {
        return tasks;
    }

    @Override
    public void log(String line) {
        log.add(line);
    }

    @Override
    public PageState pages() {
        throw unsupported("the pages");
    }

    @Override
    public PageOps pageOps() {
        throw unsupported("page mechanics");
    }

    @Override
    public boolean killTask(int pid) {
        if (killed.contains(pid)) {
            return false;
        }
        killed.add(pid);
        return true;
    }

    @Override
    public void schedule(long delayNs, Runnable action) {
        // a replay is one out_of_memory call: background work never runs
    }

    @Override
    public long memstallNs() {
        return 0;
    }

    @Override
    public long memstallNs(int pid) {
        return 0;
    }

    @Override
    public CompactResult compactionSuitable(ZoneView zone, int order) {
        throw unsupported("compaction");
    }

    @Override
    public void compactPgdat(NodeView node, int order) {
        throw unsupported("compaction");
    }

    @Override
    public boolean compactionDeferred(ZoneView zone, int order) {
        throw unsupported("compaction");
    }

    @Override
    public CompactionOps compactionOps() {
        throw unsupported("compaction");
    }

    @Override
    public void addPagesScanned(ZoneView zone, long pages) {
        throw unsupported("reclaim");
    }

    @Override
    public void setAllUnreclaimable(ZoneView zone, boolean unreclaimable) {
        throw unsupported("reclaim");
    }

    @Override
    public List<? extends Shrinker> shrinkers() {
        throw unsupported("reclaim");
    }

    @Override
    public long totalramPages() {
        return totalram;
    }

    @Override
    public long totalSwapPages() {
        return totalSwap;
    }

    @Override
    public List<String> dumpStack(List<String> innerFrames) {
        // The report's own trace from out_of_memory outwards, under the replayed policy's frames; addresses are not
        // kept by the reader, so they print as 0 as the simulator's do.
        List<String> out = new ArrayList<>();
        out.add("Call Trace:");
        List<String> all = new ArrayList<>(innerFrames);
        int skip = frames.indexOf("out_of_memory");
        all.addAll(frames.subList(Math.max(0, skip), frames.size()));
        for (String f : all) {
            String name = f.startsWith("? ") ? f.substring(2) : f;
            out.add(" [<0000000000000000>] " + (f.startsWith("? ") ? "? " : "") + name + "+0x0/0x0");
        }
        return out;
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("a replay of an OOM report has no " + what
            + ": this policy needs more than the report holds");
    }
}
