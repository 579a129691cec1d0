package io.slowpath.core.inject;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import io.slowpath.core.config.SlowpathConfigException;
import io.slowpath.core.zone.Machine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numeric sysctls under {@code slowpath.vm} (kernel names, kernel defaults in reference.conf) with the ranges
 * kernel/sysctl.c of Linux 3.10 accepts, checked when a kernel is assembled so a bad value fails early with its origin.
 * The boot-shaping sysctls ({@code min_free_kbytes}, {@code lowmem_reserve_ratio}, {@code percpu_pagelist_fraction},
 * {@code numa_zonelist_order}) are read and checked by {@code MachineConfig}; this class only reports their values.
 */
final class Sysctls {
    static final String VM = "slowpath.vm.";
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long INT_MIN = Integer.MIN_VALUE;
    /** Linux 3.10 mm/vmscan.c: RECLAIM_DISTANCE; zone_reclaim_mode is switched on at boot beyond it. */
    private static final int RECLAIM_DISTANCE = 30;

    /** One ranged sysctl: values {@code min..max}; with {@code minNonZero > 0}, 0 or at least that. */
    private record Range(long min, long max, long minNonZero) {
        String describe() {
            return minNonZero > 0 ? "0 or " + minNonZero + ".." + max : min + ".." + max;
        }

        boolean contains(long v) {
            return v >= min && v <= max && (minNonZero == 0 || v == 0 || v >= minNonZero);
        }
    }

    /** Ranges as kernel/sysctl.c (3.10) has them; plain proc_dointvec entries get 0..INT_MAX where negatives are meaningless. */
    private static final Map<String, Range> RANGED = new LinkedHashMap<>();

    static {
        RANGED.put("swappiness", new Range(0, 100, 0));
        RANGED.put("vfs_cache_pressure", new Range(0, INT_MAX, 0));
        RANGED.put("zone_reclaim_mode", new Range(0, INT_MAX, 0));
        RANGED.put("min_unmapped_ratio", new Range(0, 100, 0));
        RANGED.put("min_slab_ratio", new Range(0, 100, 0));
        RANGED.put("extfrag_threshold", new Range(0, 1000, 0));
        RANGED.put("panic_on_oom", new Range(0, 2, 0));
        RANGED.put("oom_kill_allocating_task", new Range(INT_MIN, INT_MAX, 0));
        RANGED.put("oom_dump_tasks", new Range(INT_MIN, INT_MAX, 0));
        RANGED.put("dirty_ratio", new Range(0, 100, 0));
        RANGED.put("dirty_background_ratio", new Range(0, 100, 0));
        // dirty_bytes_min is 2 * PAGE_SIZE; 0 means "use dirty_ratio".
        RANGED.put("dirty_bytes", new Range(0, Long.MAX_VALUE, 8192));
        RANGED.put("dirty_background_bytes", new Range(0, Long.MAX_VALUE, 0));
        RANGED.put("dirty_writeback_centisecs", new Range(0, INT_MAX, 0));
        RANGED.put("dirty_expire_centisecs", new Range(0, INT_MAX, 0));
        RANGED.put("laptop_mode", new Range(0, INT_MAX, 0));
        RANGED.put("page-cluster", new Range(0, INT_MAX, 0));
        RANGED.put("overcommit_memory", new Range(0, 2, 0));
        RANGED.put("overcommit_ratio", new Range(0, INT_MAX, 0));
    }

    private Sysctls() {
    }

    /** Checks every ranged sysctl that the configuration holds. */
    static void validate(Config c) {
        for (String name : RANGED.keySet()) {
            if (c.hasPath(VM + name)) {
                ranged(c, name);
            }
        }
    }

    /**
     * The value the simulated kernel holds for sysctl {@code name} after boot.
     *
     * @throws SlowpathConfigException for an unknown or non-numeric sysctl
     */
    static long value(Config c, Machine machine, String name) {
        String n = name.startsWith("vm.") ? name.substring(3) : name;
        switch (n) {
            case "min_free_kbytes":
                return machine.minFreeKbytes();
            case "percpu_pagelist_fraction":
                return machine.settings().percpuPagelistFraction();
            case "lowmem_reserve_ratio":
                throw ConfigErrors.bad(c, VM + n, "is a list of 3 ratios (DMA, DMA32, Normal), not one number");
            case "numa_zonelist_order":
                throw ConfigErrors.bad(c, VM + n, "is a word (default, node or zone), not a number");
            default:
                break;
        }
        if (!RANGED.containsKey(n) || !c.hasPath(VM + n)) {
            throw new SlowpathConfigException(VM + n + ": no such numeric sysctl; known: "
                + String.join(", ", numericNames()));
        }
        if (n.equals("zone_reclaim_mode") && isDefault(c, VM + n)) {
            return defaultZoneReclaimMode(machine);
        }
        return ranged(c, n);
    }

    /** The sysctls {@link #value} answers, in reference.conf order. */
    static List<String> numericNames() {
        List<String> names = new ArrayList<>();
        names.add("min_free_kbytes");
        names.add("percpu_pagelist_fraction");
        names.addAll(RANGED.keySet());
        return names;
    }

    /**
     * Models mm/page_alloc.c: build_zonelists (Linux 3.10): zone_reclaim_mode becomes 1 when some node is farther than
     * RECLAIM_DISTANCE from another, and stays 0 otherwise (always on one node).
     */
    static long defaultZoneReclaimMode(Machine machine) {
        int[][] d = machine.settings().distance();
        if (d == null) {
            return 0; // the default 10 local / 20 remote is within RECLAIM_DISTANCE
        }
        for (int[] row : d) {
            for (int v : row) {
                if (v > RECLAIM_DISTANCE) {
                    return 1;
                }
            }
        }
        return 0;
    }

    private static long ranged(Config c, String name) {
        String path = VM + name;
        if (name.equals("zone_reclaim_mode") && isDefault(c, path)) {
            return 0; // resolved against the machine in value()
        }
        long v;
        try {
            v = c.getLong(path);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw ConfigErrors.bad(c, path, "expected a whole number"
                + (name.equals("zone_reclaim_mode") ? " or \"default\"" : "") + ", got " + c.getValue(path).render());
        }
        Range r = RANGED.get(name);
        if (!r.contains(v)) {
            throw ConfigErrors.bad(c, path, "must be " + r.describe() + " (as the 3.10 sysctl accepts), got " + v);
        }
        return v;
    }

    private static boolean isDefault(Config c, String path) {
        return c.getValue(path).valueType() == ConfigValueType.STRING && "default".equals(c.getString(path).trim());
    }
}
