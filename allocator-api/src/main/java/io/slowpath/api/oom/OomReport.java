package io.slowpath.api.oom;

import io.slowpath.api.MachineView;
import io.slowpath.api.NodeView;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.mm.TaskView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The kernel's OOM report, line for line in the Linux 3.10 formats, for any {@link OomPolicy} to print: the header
 * {@code dump_header} prints, the task table of {@code dump_tasks}, and the two kill lines of
 * {@code oom_kill_process}. It lives in the API (not in a policy module) so that every OOM policy, stock or not,
 * can print the same report a 3.10 kernel would, and so that a report Slowpath prints reads back with the same parser
 * as a real one.
 *
 * <p>The blocks only the simulated kernel can render come through {@link MmServices}: the stack of the simulated path
 * ({@link MmServices#dumpStack}) and the memory block ({@link MmServices#showMem}). Everything here is a pure function
 * of its arguments; {@link #print} hands lines to {@link MmServices#log} ({@code printk}).
 */
public final class OomReport {
    /** The frames of the kill path above {@code out_of_memory}, innermost first, as {@code dump_stack} shows them. */
    public static final List<String> KILL_FRAMES = List.of("dump_stack", "dump_header", "oom_kill_process");
    /** The {@code dump_tasks} header, exact (mm/oom_kill.c, Linux 3.10). */
    public static final String TASK_TABLE_HEADER =
        "[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name";
    /** {@code OOM_SCORE_ADJ_MIN}: a task with this adjustment is never killed. */
    public static final int OOM_SCORE_ADJ_MIN = -1000;

    private OomReport() {
    }

    /**
     * The first line of {@code dump_header}: {@code "%s invoked oom-killer: gfp_mask=0x%x, order=%d,
     * oom_score_adj=%hd"} with current's comm and {@code oom_score_adj}.
     */
    public static String invokedLine(TaskView current, int gfp, int order) {
        return current.name() + " invoked oom-killer: gfp_mask=0x" + Integer.toHexString(gfp) + ", order=" + order
            + ", oom_score_adj=" + current.oomScoreAdj();
    }

    /**
     * {@code cpuset_print_task_mems_allowed}: {@code "%s cpuset=%s mems_allowed=%s"}. Slowpath has no cpusets, so
     * every task is in the root cpuset ({@code /}) and may use every node.
     */
    public static String cpusetLine(TaskView current, MachineView machine) {
        List<Integer> ids = new ArrayList<>();
        for (NodeView n : machine.nodes()) {
            ids.add(n.id());
        }
        return current.name() + " cpuset=/ mems_allowed=" + rangeList(ids);
    }

    /** A sorted node list in the kernel's range-list form ({@code 0}, {@code 0-1}, {@code 0,2-3}). */
    public static String rangeList(List<Integer> sortedIds) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sortedIds.size()) {
            int j = i;
            while (j + 1 < sortedIds.size() && sortedIds.get(j + 1) == sortedIds.get(j) + 1) {
                j++;
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(sortedIds.get(i));
            if (j > i) {
                out.append('-').append(sortedIds.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }

    /**
     * Models mm/oom_kill.c: dump_header (Linux 3.10) for a global OOM: the invoked line, the cpuset line,
     * {@code dump_stack()} (with {@link #KILL_FRAMES} above the simulated path, or {@code dump_stack, dump_header,
     * out_of_memory} when {@code fromOutOfMemory} is true as for the panic paths), {@code show_mem}, and the task
     * table when {@code dumpTasks} ({@code vm.oom_dump_tasks}).
     *
     * @param mm              the kernel
     * @param gfp             the allocation's gfp mask
     * @param order           its order
     * @param dumpTasks       whether to print the task table
     * @param fromOutOfMemory whether dump_header is called by out_of_memory itself (panic_on_oom, no killable
     *                        process) rather than by oom_kill_process
     * @return the lines
     */
    public static List<String> dumpHeader(MmServices mm, int gfp, int order, boolean dumpTasks,
                                          boolean fromOutOfMemory) {
        TaskView current = mm.current();
        List<String> out = new ArrayList<>();
        out.add(invokedLine(current, gfp, order));
        out.add(cpusetLine(current, mm.machine()));
        out.addAll(mm.dumpStack(fromOutOfMemory ? List.of("dump_stack", "dump_header") : KILL_FRAMES));
        out.addAll(mm.showMem());
        if (dumpTasks) {
            out.addAll(dumpTasks(mm.tasks()));
        }
        return out;
    }

    /**
     * Models mm/oom_kill.c: dump_tasks (Linux 3.10, no memcg, no nodemask): the header, then one row per process
     * (thread-group leader, in task-list order) that is not unkillable (init, kernel threads), printed for its first
     * thread that has an mm ({@code find_lock_task_mm}); a process none of whose threads has an mm is left out.
     */
    public static List<String> dumpTasks(List<? extends TaskView> tasks) {
        List<String> out = new ArrayList<>();
        out.add(TASK_TABLE_HEADER);
        for (TaskView p : tasks) {
            if (p.pid() != p.tgid() || unkillable(p)) {
                continue;
            }
            TaskView t = findLockTaskMm(p, tasks);
            if (t != null) {
                out.add(taskRow(t));
            }
        }
        return out;
    }

    /**
     * One {@code dump_tasks} row: {@code "[%5d] %5d %5d %8lu %8lu %7lu %8lu         %5hd %s"} with pid, uid, tgid,
     * total_vm, rss (anon + file), nr_ptes, swap entries, oom_score_adj and comm.
     */
    public static String taskRow(TaskView t) {
        return String.format(Locale.ROOT, "[%5d] %5d %5d %8d %8d %7d %8d         %5d %s", t.pid(), t.uid(), t.tgid(),
            t.totalVm(), t.anonRss() + t.fileRss(), t.nrPtes(), t.swapEntries(), t.oomScoreAdj(), t.name());
    }

    /** {@code "%s: Kill process %d (%s) score %d or sacrifice child"}, printed before the child is chosen. */
    public static String killLine(String message, TaskView p, long score) {
        return message + ": Kill process " + p.pid() + " (" + p.name() + ") score " + score + " or sacrifice child";
    }

    /**
     * The {@code Killed process} line: {@code "Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB,
     * file-rss:%lukB"} (3.10.108), or for the {@code el7} flavour the 3.10.0-1160 form {@code "Killed process %d
     * (%s), UID %d, total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB"} (Slowpath has no shmem, so
     * shmem-rss is 0).
     */
    public static String killedLine(TaskView victim, String kernelFlavour) {
        String sizes = "total-vm:" + kb(victim.totalVm()) + "kB, anon-rss:" + kb(victim.anonRss()) + "kB, file-rss:"
            + kb(victim.fileRss()) + "kB";
        if ("el7".equals(kernelFlavour)) {
            return "Killed process " + victim.pid() + " (" + victim.name() + "), UID " + victim.uid() + ", " + sizes
                + ", shmem-rss:0kB";
        }
        return "Killed process " + victim.pid() + " (" + victim.name() + ") " + sizes;
    }

    /** {@code "oom_kill_process: %d callbacks suppressed"}: the rate limiter's note when a new window opens. */
    public static String suppressedLine(int suppressed) {
        return "oom_kill_process: " + suppressed + " callbacks suppressed";
    }

    /** Prints {@code lines} to the kernel log, one {@code printk} each. */
    public static void print(MmServices mm, List<String> lines) {
        for (String line : lines) {
            mm.log(line);
        }
    }

    /**
     * Models mm/oom_kill.c: oom_unkillable_task (Linux 3.10) without memcg and nodemask: init ({@code pid 1}) and
     * kernel threads.
     */
    public static boolean unkillable(TaskView p) {
        return p.pid() == 1 || p.hasFlag(TaskView.PF_KTHREAD);
    }

    /**
     * Models mm/oom_kill.c: find_lock_task_mm (Linux 3.10): the first thread of {@code p}'s thread group (the leader
     * first, then the others in pid order) that still has an mm, or null.
     */
    public static TaskView findLockTaskMm(TaskView p, List<? extends TaskView> tasks) {
        if (p.hasMm()) {
            return p;
        }
        for (TaskView t : tasks) {
            if (t.tgid() == p.tgid() && t.hasMm()) {
                return t;
            }
        }
        return null;
    }

    private static long kb(long pages) {
        return pages * 4;
    }
}
