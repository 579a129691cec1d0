package io.slowpath.api.mm;

import io.slowpath.api.MachineView;
import io.slowpath.api.NodeView;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneView;
import io.slowpath.api.compaction.CompactResult;
import io.slowpath.api.compaction.CompactionOps;
import java.util.List;

/**
 * The simulated kernel as a policy sees it: the machine, the simulated clock, the counters, the tasks, and the
 * primitives a policy acts through. Policies depend on this interface only, never on the core.
 *
 * <p>Beyond the allocator's own services: the pages ({@link #pages()}: flags, kind, map count, owners,
 * {@code page_referenced}), the page mechanics ({@link #pageOps()}: LRU isolation, swap-out, dropping and writing back
 * page-cache pages, migration), killing a task ({@link #killTask}), a timer for background policies
 * ({@link #schedule}) and the time tasks stalled in the allocator's slow path ({@link #memstallNs()}), which is what a
 * pressure-stall (PSI) monitor watches.
 */
public interface MmServices {
    /** The machine: nodes, zones, free areas, watermarks. */
    MachineView machine();

    /** Simulated time now, in nanoseconds since boot. */
    long now();

    /** What simulated work costs. */
    CostModel costs();

    /** Charges {@code ns} of simulated time to the actor running now (the faulting task, or kswapd). */
    void spend(long ns);

    /** {@code count_vm_events}: adds to a /proc/vmstat event counter. */
    void countEvent(VmEvent event, long delta);

    /** {@code mod_zone_page_state}: adds to a zone counter. */
    void modZoneStat(ZoneView zone, ZoneStatItem item, long delta);

    /**
     * {@code zone_watermark_ok}: whether {@code zone} has more than {@code mark} free pages for an allocation of
     * {@code order} whose class zone is {@code classzoneIdx}, with the {@code ALLOC_*} reductions in {@code allocFlags}.
     */
    boolean zoneWatermarkOk(ZoneView zone, int order, long mark, int classzoneIdx, int allocFlags);

    /** {@code drain_local_pages}: returns the running CPU's per-CPU lists to the buddy lists. */
    void drainLocalPages();

    /** {@code drain_all_pages}: returns every CPU's per-CPU lists to the buddy lists. */
    void drainAllPages();

    /** The task running now ({@code current}). */
    TaskView current();

    /** Every task, in pid order ({@code for_each_process}). */
    List<? extends TaskView> tasks();

    /** Prints one line to the simulated kernel log, as {@code printk} would. */
    void log(String line);

    /** The pages, by pfn. */
    PageState pages();

    /** The page mechanics reclaim and compaction act through. */
    PageOps pageOps();

    /**
     * What {@code oom_kill_process} does to its victim: SIGKILL and {@code TIF_MEMDIE} now; the victim's exit (its
     * address space torn down, its memory freed) runs on the kernel's event loop a fixed delay later (the simulated
     * kernel's {@code victimExitDelayNs}, one jiffy by default), as the victim would get to run and exit.
     *
     * @return false (nothing done) when {@code pid} is no user task with an address space, or is already dying
     *     ({@code TIF_MEMDIE})
     */
    boolean killTask(int pid);

    /**
     * Runs {@code action} {@code delayNs} of simulated time from now on the kernel's event loop, as a kernel thread
     * of its own ({@code current()} is that thread while it runs). Background policies (kcompactd, a PSI monitor)
     * reschedule themselves from the action to run periodically.
     */
    void schedule(long delayNs, Runnable action);

    /**
     * Cumulative simulated nanoseconds all tasks spent in allocations that entered the slow path, from slow-path
     * entry to exit (direct reclaim, compaction, the OOM path and their sleeps).
     */
    long memstallNs();

    /** Cumulative slow-path stall of one task, as {@link #memstallNs()}; 0 for a pid never stalled. */
    long memstallNs(int pid);

    /**
     * {@code compaction_suitable(zone, order)} of the configured compaction policy (see
     * {@link io.slowpath.api.compaction.CompactionPolicy#compactionSuitable}): what reclaim and kswapd ask before
     * reclaiming more for a high-order allocation.
     */
    CompactResult compactionSuitable(ZoneView zone, int order);

    /**
     * Whether the kernel has {@code CONFIG_COMPACTION}: {@link io.slowpath.api.compaction.CompactionPolicy#configured}
     * of the configured compaction policy (false for the built-in {@code off}). The default says true.
     */
    default boolean compactionConfigured() {
        return true;
    }

    /**
     * {@code compact_pgdat(pgdat, order)} of the configured compaction policy (see
     * {@link io.slowpath.api.compaction.CompactionPolicy#compactPgdat}): kswapd's compaction after a high-order
     * wakeup, run as the task calling it.
     */
    void compactPgdat(NodeView node, int order);

    /**
     * {@code compaction_deferred(zone, order)} of the configured compaction policy (see
     * {@link io.slowpath.api.compaction.CompactionPolicy#compactionDeferred}): whether compaction of {@code zone} is
     * being skipped this time. As in 3.10 it counts the attempt ({@code compact_considered}); direct reclaim's
     * {@code compaction_ready} asks it.
     */
    boolean compactionDeferred(ZoneView zone, int order);

    /**
     * {@code zone->pages_scanned += pages}: what reclaim's isolation passes ({@code shrink_inactive_list},
     * {@code shrink_active_list}) add in global reclaim. The allocator resets it to 0 (with {@code all_unreclaimable})
     * whenever pages return to the zone's buddy lists ({@code free_one_page}, {@code free_pcppages_bulk}).
     *
     * @throws IllegalArgumentException when {@code zone} is not a zone of this machine or {@code pages} is negative
     */
    void addPagesScanned(ZoneView zone, long pages);

    /**
     * Sets or clears {@code zone->all_unreclaimable}: in 3.10 only kswapd sets it ({@code balance_pgdat}, after a
     * pass over the zone freed no slab and {@code zone_reclaimable} failed); the allocator clears it when pages return
     * to the zone. Direct reclaim reads it ({@link ZoneView#allUnreclaimable()}) to decide "no progress".
     *
     * @throws IllegalArgumentException when {@code zone} is not a zone of this machine
     */
    void setAllUnreclaimable(ZoneView zone, boolean unreclaimable);

    /**
     * The registered slab shrinkers ({@code shrinker_list}, in registration order), for {@code shrink_slab}. The
     * memory-management model registers one per reclaimable slab cache it keeps.
     */
    List<? extends io.slowpath.api.reclaim.Shrinker> shrinkers();

    /**
     * The physical-page mechanics of memory compaction: buddy state and pageblock flags by pfn, free blocks taken as
     * migration targets, migration to a chosen target (see {@link CompactionOps}).
     */
    CompactionOps compactionOps();

    // ---- what the OOM report needs (see io.slowpath.api.oom.OomReport) ----------------------------------------------

    /**
     * {@code totalram_pages}: the pages the buddy allocator manages (RAM less reserved and boot memory), the RAM part
     * of the OOM killer's {@code totalpages}. By default the sum of every zone's managed pages.
     */
    default long totalramPages() {
        long total = 0;
        for (NodeView n : machine().nodes()) {
            for (ZoneView z : n.zones()) {
                total += z.managedPages();
            }
        }
        return total;
    }

    /**
     * {@code total_swap_pages}: the size of the active swap areas in pages (not the free swap), the swap part of the
     * OOM killer's {@code totalpages}. By default {@link PageState#swapTotalPages()} of {@link #pages()}.
     */
    default long totalSwapPages() {
        return pages().swapTotalPages();
    }

    /**
     * What {@code dump_stack()} prints for {@link #current()} at this point of the simulation (x86_64 3.10 format):
     * the {@code CPU: N PID: N Comm: name Not tainted <release> #1} line, then {@code Call Trace:} and one
     * {@code " [<address>] symbol+0xoff/0xsize"} line per frame, innermost first: {@code innerFrames} (the frames of
     * the caller's own code, e.g. {@code dump_stack, dump_header, oom_kill_process}), then the frames of the simulated
     * path that led here (for an anonymous fault that ends in the OOM killer: {@code out_of_memory,
     * __alloc_pages_slowpath, __alloc_pages_nodemask, alloc_pages_vma, handle_mm_fault, __do_page_fault,
     * do_page_fault, page_fault}). A simulator has no kernel text: an implementation prints addresses and offsets it
     * does not know as 0.
     *
     * <p>Default: no lines (a services implementation without a call stack prints no stack).
     *
     * @param innerFrames function names innermost first, printed above the simulated path's frames
     * @return the lines, without line terminators
     */
    default List<String> dumpStack(List<String> innerFrames) {
        return List.of();
    }

    /**
     * What {@code show_mem(SHOW_MEM_FILTER_NODES)} prints in an OOM report (lib/show_mem.c with mm/page_alloc.c:
     * show_free_areas, Linux 3.10): {@code Mem-Info:}, the per-cpu, global, per-zone and buddy lines, the hugepage
     * lines, {@code N total pagecache pages}, the swap-cache and swap lines and the {@code pages RAM} block.
     *
     * <p>Default: no lines (a services implementation without /proc views prints no memory block).
     *
     * @return the lines, without line terminators
     */
    default List<String> showMem() {
        return List.of();
    }
}
