package io.slowpath.api.mm;

import io.slowpath.api.MachineView;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneView;
import java.util.List;

/**
 * The simulated kernel as a policy sees it: the machine, the simulated clock, the counters, the tasks, and the
 * primitives a policy acts through. Policies depend on this interface only, never on the core.
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
}
