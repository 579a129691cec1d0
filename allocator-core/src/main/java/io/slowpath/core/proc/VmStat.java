package io.slowpath.core.proc;

import io.slowpath.api.MachineView;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneStatItem;
import java.util.Objects;

/**
 * /proc/vmstat: every zone counter summed over all zones, the two dirty thresholds, then every event counter, one
 * {@code "{name} {value}\n"} line each.
 *
 * <p>Models mm/vmstat.c: vmstat_start / vmstat_show (Linux 3.10). The kernel halves {@code pgpgin} and
 * {@code pgpgout} (sectors to kB) when it prints them; {@link MachineView#event(VmEvent)} is documented as the value
 * /proc/vmstat prints, so it is printed unchanged here.
 */
public final class VmStat {
    private VmStat() {
    }

    /**
     * Renders /proc/vmstat with the dirty thresholds computed by {@link DirtyLimits#of(MachineView)} (default sysctls).
     *
     * @param machine the machine
     * @return the whole file
     */
    public static String render(MachineView machine) {
        return render(machine, DirtyLimits.of(machine));
    }

    /**
     * Renders /proc/vmstat with given dirty thresholds.
     *
     * @param machine the machine
     * @param limits the values of {@code nr_dirty_threshold} and {@code nr_dirty_background_threshold}
     * @return the whole file
     */
    public static String render(MachineView machine, DirtyLimits limits) {
        ProcWalk.check(machine);
        Objects.requireNonNull(limits, "dirty limits must not be null");
        StringBuilder out = new StringBuilder(3072);
        for (ZoneStatItem item : ZoneStatItem.values()) {
            line(out, item.procName(), ProcWalk.globalPageState(machine, item));
        }
        line(out, "nr_dirty_threshold", limits.dirty());
        line(out, "nr_dirty_background_threshold", limits.background());
        for (VmEvent event : VmEvent.values()) {
            line(out, event.procName(), machine.event(event));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String name, long value) {
        out.append(name).append(' ').append(value).append('\n');
    }
}
