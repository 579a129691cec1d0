package io.slowpath.core.mm;

import io.slowpath.api.mm.TaskView;

/**
 * One simulated task ({@code task_struct}): identity, the flags the allocator and OOM killer read, and the RSS
 * counters of its address space as the kernel keeps them ({@code MM_ANONPAGES}, {@code MM_FILEPAGES},
 * {@code MM_SWAPENTS}, {@code nr_ptes}, {@code total_vm}). Tasks are driven by the single simulation thread.
 */
public final class Task implements TaskView {
    private final int pid;
    private final int tgid;
    private final int ppid;
    private final String name;
    private final int uid;
    private int oomScoreAdj;
    private int flags;
    private boolean memdie;
    private boolean fatalSignal;
    private boolean hasMm;
    private int cpu;
    long totalVm;
    long anonRss;
    long fileRss;
    long swapEntries;
    long nrPtes;
    /** {@code task->mm}: this task's address space in the model that spawned it, or null. */
    AddressSpace mm;

    /** A user task with an address space. */
    public Task(int pid, int tgid, int ppid, String name, int uid, int oomScoreAdj) {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive, got " + pid);
        }
        if (oomScoreAdj < -1000 || oomScoreAdj > 1000) {
            throw new IllegalArgumentException("oom_score_adj " + oomScoreAdj + " of pid " + pid + " is not in -1000..1000");
        }
        this.pid = pid;
        this.tgid = tgid;
        this.ppid = ppid;
        this.name = name.length() > 15 ? name.substring(0, 15) : name;
        this.uid = uid;
        this.oomScoreAdj = oomScoreAdj;
        this.hasMm = true;
    }

    /** A kernel thread (no mm), e.g. kswapd0. */
    public static Task kernelThread(int pid, String name) {
        Task t = new Task(pid, pid, 2, name, 0, 0);
        t.hasMm = false;
        t.flags = PF_KTHREAD;
        return t;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public int tgid() {
        return tgid;
    }

    @Override
    public int ppid() {
        return ppid;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int uid() {
        return uid;
    }

    @Override
    public int oomScoreAdj() {
        return oomScoreAdj;
    }

    /** Sets {@code oom_score_adj}. */
    public void setOomScoreAdj(int adj) {
        if (adj < -1000 || adj > 1000) {
            throw new IllegalArgumentException("oom_score_adj " + adj + " is not in -1000..1000");
        }
        oomScoreAdj = adj;
    }

    @Override
    public int flags() {
        return flags;
    }

    /** Sets {@code PF_*} bits. */
    public void setFlags(int bits) {
        flags |= bits;
    }

    /** Clears {@code PF_*} bits. */
    public void clearFlags(int bits) {
        flags &= ~bits;
    }

    @Override
    public boolean memdie() {
        return memdie;
    }

    /** Sets or clears {@code TIF_MEMDIE}. */
    public void setMemdie(boolean v) {
        memdie = v;
    }

    @Override
    public boolean fatalSignalPending() {
        return fatalSignal;
    }

    /** Delivers SIGKILL. */
    public void sendSigkill() {
        fatalSignal = true;
    }

    @Override
    public boolean hasMm() {
        return hasMm;
    }

    @Override
    public long totalVm() {
        return totalVm;
    }

    @Override
    public long anonRss() {
        return anonRss;
    }

    @Override
    public long fileRss() {
        return fileRss;
    }

    @Override
    public long swapEntries() {
        return swapEntries;
    }

    @Override
    public long nrPtes() {
        return nrPtes;
    }

    /** The simulated CPU the task runs on. */
    public int cpu() {
        return cpu;
    }

    /** Moves the task to another simulated CPU. */
    public void setCpu(int cpu) {
        if (cpu < 0) {
            throw new IllegalArgumentException("cpu must not be negative, got " + cpu);
        }
        this.cpu = cpu;
    }

    @Override
    public String toString() {
        return pid + " (" + name + ")";
    }
}
