/**
 * Renders the allocator's /proc files and the allocator part of the OOM report byte for byte as Linux 3.10.108 prints
 * them, from the read-only views of {@link io.slowpath.api.MachineView}: /proc/buddyinfo ({@link
 * io.slowpath.core.proc.BuddyInfo}), /proc/pagetypeinfo ({@link io.slowpath.core.proc.PageTypeInfo}), /proc/zoneinfo
 * ({@link io.slowpath.core.proc.ZoneInfo}), /proc/vmstat ({@link io.slowpath.core.proc.VmStat}, with {@link
 * io.slowpath.core.proc.DirtyLimits}) and the free-area lines of {@code show_free_areas} ({@link
 * io.slowpath.core.proc.FreeAreaReport}), and the debugfs fragmentation views
 * /sys/kernel/debug/extfrag/extfrag_index ({@link io.slowpath.core.proc.ExtfragIndex}) and unusable_index ({@link
 * io.slowpath.core.proc.UnusableIndex}).
 *
 * <p>Renderers read everything through the views and keep no state, so they can be called on a live machine; the
 * result is then a recent snapshot, as on the kernel.
 */
package io.slowpath.core.proc;
