package io.slowpath.api.mm;

/**
 * A read-only view of one simulated task ({@code struct task_struct} with its {@code mm}): identity, the flags the
 * allocator and OOM killer read, and the memory counters the OOM report prints. Sizes are in pages.
 */
public interface TaskView {
    /** {@code PF_EXITING}: getting shut down. */
    int PF_EXITING = 0x00000004;
    /** {@code PF_DUMPCORE}: dumped core. */
    int PF_DUMPCORE = 0x00000200;
    /** {@code PF_MEMALLOC}: allocating memory to free memory (reclaim, compaction): may use reserves, never recurses. */
    int PF_MEMALLOC = 0x00000800;
    /** {@code PF_KTHREAD}: a kernel thread (no mm of its own). */
    int PF_KTHREAD = 0x00200000;

    /** {@code pid}. */
    int pid();

    /** {@code tgid}: the thread group (process) id. */
    int tgid();

    /** The parent's pid (0 for init's parent). */
    int ppid();

    /** {@code comm}: the name printed in reports, at most 15 characters. */
    String name();

    /** The real uid. */
    int uid();

    /** {@code signal->oom_score_adj}, -1000..1000. */
    int oomScoreAdj();

    /** {@code task->flags} ({@code PF_*}). */
    int flags();

    /** Whether {@code TIF_MEMDIE} is set: an OOM victim on its way out, allowed below the watermarks. */
    boolean memdie();

    /** Whether a fatal signal (SIGKILL) is pending. */
    boolean fatalSignalPending();

    /** Whether the task has an address space ({@code task->mm != NULL}); kernel threads do not. */
    boolean hasMm();

    /** {@code mm->total_vm}. */
    long totalVm();

    /** {@code MM_ANONPAGES}. */
    long anonRss();

    /** {@code MM_FILEPAGES}. */
    long fileRss();

    /** {@code MM_SWAPENTS}. */
    long swapEntries();

    /** {@code mm->nr_ptes}: page-table pages. */
    long nrPtes();

    /** Whether {@code flag} ({@code PF_*}) is set. */
    default boolean hasFlag(int flag) {
        return (flags() & flag) != 0;
    }
}
