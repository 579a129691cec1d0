package io.slowpath.policy.oom.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link OomReportParser} read from one OOM report: the header, the call trace, the machine (zones, sizes,
 * watermarks, free lists per order), the swap state, the memcg block, the task table, the kill lines, and the lines
 * it could not read ({@link #problems()}). A value the report did not print is -1 (numbers) or null (objects).
 */
public final class ParsedReport {
    String source = "";
    // dump_header
    String invokedBy;
    int gfpMask = -1;
    int order = -1;
    int invokerOomScoreAdj;
    int invokedLine = -1;
    String cpuset;
    String memsAllowed;
    // dump_stack
    int cpu = -1;
    int currentPid = -1;
    String currentComm;
    String kernelRelease;
    final List<String> frames = new ArrayList<>();
    // show_mem
    final Map<String, Long> globalCounters = new TreeMap<>();
    final List<ReportZone> zones = new ArrayList<>();
    final List<PerCpuLines> perCpu = new ArrayList<>();
    int cpus = -1;
    long pagecachePages = -1;
    long swapCachePages = -1;
    long[] swapCacheStats;
    long freeSwapKb = -1;
    long totalSwapKb = -1;
    long pagesRam = -1;
    long pagesHighMem = -1;
    long pagesReserved = -1;
    long pagesShared = -1;
    long pagesNonShared = -1;
    // memcg
    MemcgInfo memcg;
    // dump_tasks
    boolean taskTable;
    boolean nrPtesColumn = true;
    boolean nrPmdsColumn;
    boolean ptesInBytes;
    final List<ReportTask> tasks = new ArrayList<>();
    // oom_kill_process
    KillLine kill;
    KilledLine killed;
    final List<Integer> sharing = new ArrayList<>();
    String panic;
    final List<ReportProblem> problems = new ArrayList<>();

    ParsedReport() {
    }

    /** Where the report came from (a file name), for messages. */
    public String source() {
        return source;
    }

    /** The comm of the task that invoked the OOM killer, or null when the report has no {@code invoked} line. */
    public String invokedBy() {
        return invokedBy;
    }

    /** The gfp mask of the {@code invoked} line, or -1. */
    public int gfpMask() {
        return gfpMask;
    }

    /** The order of the {@code invoked} line, or -1. */
    public int order() {
        return order;
    }

    /** The invoker's oom_score_adj from the {@code invoked} line. */
    public int invokerOomScoreAdj() {
        return invokerOomScoreAdj;
    }

    /** The cpuset name of the {@code cpuset=} line, or null. */
    public String cpuset() {
        return cpuset;
    }

    /** The node list of {@code mems_allowed=}, or null. */
    public String memsAllowed() {
        return memsAllowed;
    }

    /** The CPU of the {@code CPU: N PID: N} line, or -1. */
    public int cpu() {
        return cpu;
    }

    /** The current task's pid from the {@code CPU:} (or {@code Pid:}) line, or -1. */
    public int currentPid() {
        return currentPid;
    }

    /** The kernel release of the {@code CPU:} line ({@code 3.10.0-862.el7.x86_64}), or null. */
    public String kernelRelease() {
        return kernelRelease;
    }

    /** The call-trace function names, innermost first; unreliable entries keep their {@code "? "} prefix. */
    public List<String> frames() {
        return Collections.unmodifiableList(frames);
    }

    /** The global counters of show_free_areas ({@code active_anon}, {@code free}, ...) in pages, by name. */
    public Map<String, Long> globalCounters() {
        return Collections.unmodifiableMap(globalCounters);
    }

    /** The zones, in the order of their summary lines. */
    public List<ReportZone> zones() {
        return Collections.unmodifiableList(zones);
    }

    /** The per-cpu pageset lines of each zone, in the printed order. */
    public List<PerCpuLines> perCpu() {
        return Collections.unmodifiableList(perCpu);
    }

    /** The per-cpu lines of a zone, or null. */
    public PerCpuLines perCpu(int node, String zone) {
        for (PerCpuLines p : perCpu) {
            if (p.node() == node && p.zone().equals(zone)) {
                return p;
            }
        }
        return null;
    }

    /** The CPUs of the per-cpu lines (highest id + 1), or -1 when the report has none. */
    public int cpus() {
        return cpus;
    }

    /** {@code N total pagecache pages}, or -1. */
    public long pagecachePages() {
        return pagecachePages;
    }

    /** {@code N pages in swap cache}, or -1. */
    public long swapCachePages() {
        return swapCachePages;
    }

    /** {@code Swap cache stats: add, delete, find success/total}, or null. */
    public long[] swapCacheStats() {
        return swapCacheStats == null ? null : swapCacheStats.clone();
    }

    /** {@code Free swap = NkB}, or -1. */
    public long freeSwapKb() {
        return freeSwapKb;
    }

    /** {@code Total swap = NkB}, or -1 (no swap lines: a kernel without CONFIG_SWAP, or a memcg report). */
    public long totalSwapKb() {
        return totalSwapKb;
    }

    /** {@code N pages RAM}, or -1. */
    public long pagesRam() {
        return pagesRam;
    }

    /** {@code N pages HighMem} (32-bit) or {@code HighMem/MovableOnly}, or -1. */
    public long pagesHighMem() {
        return pagesHighMem;
    }

    /** {@code N pages reserved}, or -1. */
    public long pagesReserved() {
        return pagesReserved;
    }

    /** {@code N pages shared}, or -1. */
    public long pagesShared() {
        return pagesShared;
    }

    /** {@code N pages non-shared}, or -1. */
    public long pagesNonShared() {
        return pagesNonShared;
    }

    /** The memory-cgroup block, or null for a global OOM. */
    public MemcgInfo memcg() {
        return memcg;
    }

    /** Whether this is a memory-cgroup OOM (a memcg block, or a {@code Memory cgroup out of memory} kill line). */
    public boolean isMemcg() {
        return memcg != null || (kill != null && kill.message().startsWith("Memory cgroup"));
    }

    /** Whether the report has a task table header. */
    public boolean hasTaskTable() {
        return taskTable;
    }

    /** The task table rows, in the printed (task-list) order. */
    public List<ReportTask> tasks() {
        return Collections.unmodifiableList(tasks);
    }

    /** The {@code Kill process ... or sacrifice child} line, or null. */
    public KillLine kill() {
        return kill;
    }

    /** The {@code Killed process} line, or null. */
    public KilledLine killed() {
        return killed;
    }

    /** The pids of {@code Kill process N (name) sharing same memory} lines. */
    public List<Integer> sharing() {
        return Collections.unmodifiableList(sharing);
    }

    /** The {@code Kernel panic - not syncing:} reason, or null. */
    public String panic() {
        return panic;
    }

    /** The lines the parser could not read, with why. */
    public List<ReportProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** The task table row of {@code pid}, or null. */
    public ReportTask task(int pid) {
        for (ReportTask t : tasks) {
            if (t.pid() == pid) {
                return t;
            }
        }
        return null;
    }
}
