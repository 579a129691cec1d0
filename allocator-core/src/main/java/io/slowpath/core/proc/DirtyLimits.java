package io.slowpath.core.proc;

import io.slowpath.api.MachineView;
import io.slowpath.api.NodeView;
import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.ZoneType;
import io.slowpath.api.ZoneView;

/**
 * The global dirty-page thresholds /proc/vmstat prints as {@code nr_dirty_threshold} and
 * {@code nr_dirty_background_threshold}, in pages.
 *
 * <p>Models mm/page-writeback.c: global_dirty_limits and global_dirtyable_memory (Linux 3.10.108) with
 * {@code vm.dirty_bytes} and {@code vm.dirty_background_bytes} at 0, for a caller that is neither
 * {@code PF_LESS_THROTTLE} nor real-time (a reader of /proc/vmstat), on x86_64 (no highmem):
 * <pre>
 *   dirtyable  = free - min(free, dirty_balance_reserve) + inactive_file + active_file
 *   dirtyable -= min(dirtyable, min_free_kbytes / 4)           (pages)
 *   dirtyable += 1                                             (never 0)
 *   dirty      = dirty_ratio * dirtyable / 100
 *   background = dirty_background_ratio * dirtyable / 100, halved dirty if not below dirty
 * </pre>
 * where {@code dirty_balance_reserve} is {@code totalreserve_pages} (see {@link #totalReservePages(MachineView)}).
 * With the 3.10 defaults (20 and 10) this reproduces the real kernel's numbers at every boot size.
 *
 * @param background {@code nr_dirty_background_threshold}: pages dirty before background writeback starts
 * @param dirty {@code nr_dirty_threshold}: pages dirty before writers are throttled
 */
public record DirtyLimits(long background, long dirty) {
    /** The default {@code vm.dirty_ratio} ({@code vm_dirty_ratio}) of 3.10, in percent. */
    public static final int DEFAULT_DIRTY_RATIO = 20;
    /** The default {@code vm.dirty_background_ratio} of 3.10, in percent. */
    public static final int DEFAULT_DIRTY_BACKGROUND_RATIO = 10;

    /**
     * Checks the thresholds.
     *
     * @param background pages, not negative
     * @param dirty pages, not negative
     */
    public DirtyLimits {
        if (background < 0 || dirty < 0) {
            throw new IllegalArgumentException(
                    "dirty limits must not be negative: background " + background + ", dirty " + dirty);
        }
    }

    /** The thresholds under the default sysctls (dirty ratio 20 %, background ratio 10 %). */
    public static DirtyLimits of(MachineView machine) {
        return of(machine, DEFAULT_DIRTY_RATIO, DEFAULT_DIRTY_BACKGROUND_RATIO);
    }

    /**
     * The thresholds for given {@code vm.dirty_ratio} and {@code vm.dirty_background_ratio}.
     *
     * @param machine the machine
     * @param dirtyRatio {@code vm.dirty_ratio}, 0..100
     * @param backgroundRatio {@code vm.dirty_background_ratio}, 0..100
     * @return the thresholds
     */
    public static DirtyLimits of(MachineView machine, int dirtyRatio, int backgroundRatio) {
        checkRatio("vm.dirty_ratio", dirtyRatio);
        checkRatio("vm.dirty_background_ratio", backgroundRatio);
        long available = dirtyableMemory(machine);
        long dirty = dirtyRatio * available / 100;
        long background = backgroundRatio * available / 100;
        if (background >= dirty) {
            // global_dirty_limits keeps background below dirty
            background = dirty / 2;
        }
        return new DirtyLimits(background, dirty);
    }

    /**
     * Pages that could hold dirty page cache: free pages above the reserves plus the file LRU pages, less
     * {@code min_free_kbytes}, plus one. Models mm/page-writeback.c: global_dirtyable_memory (Linux 3.10.108, which
     * already subtracts {@code min_free_kbytes}); there is no highmem on x86_64.
     */
    public static long dirtyableMemory(MachineView machine) {
        ProcWalk.check(machine);
        long x = ProcWalk.globalPageState(machine, ZoneStatItem.NR_FREE_PAGES);
        x -= Math.min(x, totalReservePages(machine));
        x += ProcWalk.globalPageState(machine, ZoneStatItem.NR_INACTIVE_FILE);
        x += ProcWalk.globalPageState(machine, ZoneStatItem.NR_ACTIVE_FILE);
        long minFreePages = machine.minFreeKbytes() >> (PageOrder.PAGE_SHIFT - 10);
        x -= Math.min(x, minFreePages);
        return x + 1;
    }

    /**
     * {@code totalreserve_pages}, which 3.10 also uses as {@code dirty_balance_reserve}: for every zone of every node
     * (empty ones included), its largest lowmem reserve against itself or a higher zone plus its high watermark,
     * capped at its managed pages. Models mm/page_alloc.c: calculate_totalreserve_pages (Linux 3.10).
     */
    public static long totalReservePages(MachineView machine) {
        ProcWalk.check(machine);
        long reserve = 0;
        for (NodeView node : machine.nodes()) {
            for (ZoneView zone : node.zones()) {
                long max = 0;
                for (int j = zone.type().index(); j < ZoneType.MAX_NR_ZONES; j++) {
                    max = Math.max(max, zone.lowmemReserve(j));
                }
                max += zone.highWatermark();
                reserve += Math.min(max, zone.managedPages());
            }
        }
        return reserve;
    }

    private static void checkRatio(String name, int ratio) {
        if (ratio < 0 || ratio > 100) {
            throw new IllegalArgumentException(name + " is " + ratio + "; it must be in 0..100");
        }
    }
}
