package io.slowpath.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import io.slowpath.api.ZoneType;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.MachineSettings;
import io.slowpath.core.zone.X86MemoryLayout;
import io.slowpath.core.zone.ZoneSpec;
import io.slowpath.core.zone.ZonelistBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Reads {@code slowpath.machine}, {@code slowpath.vm}, {@code slowpath.kernel} and
 * {@code slowpath.transparent_hugepage} into zone sizes and boot settings, with errors that name the key and where
 * its value came from.
 *
 * @param zones    every zone's boot size
 * @param settings the boot parameters and sysctls
 */
public record MachineConfig(List<ZoneSpec> zones, MachineSettings settings) {
    private static final String M = "slowpath.machine.";
    private static final String VM = "slowpath.vm.";

    /** Boots the configured machine. */
    public Machine boot() {
        try {
            return Machine.boot(zones, settings);
        } catch (IllegalArgumentException e) {
            throw new SlowpathConfigException("slowpath.machine: " + e.getMessage(), e);
        }
    }

    /** Reads a loaded configuration (see {@link ConfigLoader}). */
    public static MachineConfig from(Config c) {
        try {
            return read(c);
        } catch (ConfigException e) {
            throw new SlowpathConfigException(e.getMessage(), e);
        }
    }

    private static MachineConfig read(Config c) {
        KernelFlavour flavour;
        try {
            flavour = KernelFlavour.ofConfigName(c.getString("slowpath.kernel.flavour"));
        } catch (IllegalArgumentException e) {
            throw bad(c, "slowpath.kernel.flavour", e.getMessage());
        }
        int cpus = positiveInt(c, M + "cpus", 1, 4096);
        int threadSlots = positiveInt(c, M + "thread-slots", 0, 4096);
        String thp = c.getString("slowpath.transparent_hugepage.enabled").trim().toLowerCase(Locale.ROOT);
        if (!thp.equals("always") && !thp.equals("madvise") && !thp.equals("never")) {
            throw bad(c, "slowpath.transparent_hugepage.enabled", "'" + thp + "' is not one of always, madvise, never");
        }
        OptionalLong minFree = OptionalLong.empty();
        ConfigValue mf = c.getValue(VM + "min_free_kbytes");
        if (!"default".equals(String.valueOf(mf.unwrapped()))) {
            long kb;
            try {
                kb = c.getLong(VM + "min_free_kbytes");
            } catch (ConfigException.WrongType e) {
                throw bad(c, VM + "min_free_kbytes", "expected \"default\" or a number of kB, got " + mf.render());
            }
            if (kb < 1) {
                throw bad(c, VM + "min_free_kbytes", "must be at least 1 (the kernel refuses 0), got " + kb);
            }
            minFree = OptionalLong.of(kb);
        }
        List<Integer> ratioList = c.getIntList(VM + "lowmem_reserve_ratio");
        if (ratioList.size() != 3) {
            throw bad(c, VM + "lowmem_reserve_ratio", "needs 3 entries (DMA, DMA32, Normal), got " + ratioList.size());
        }
        int[] ratio = ratioList.stream().mapToInt(Integer::intValue).toArray();
        int fraction = c.getInt(VM + "percpu_pagelist_fraction");
        if (fraction != 0 && fraction < 8) {
            throw bad(c, VM + "percpu_pagelist_fraction", "must be 0 or at least 8, got " + fraction);
        }
        ZonelistBuilder.Order order;
        try {
            order = ZonelistBuilder.Order.parse(c.getString(VM + "numa_zonelist_order"));
        } catch (IllegalArgumentException e) {
            throw bad(c, VM + "numa_zonelist_order", e.getMessage());
        }
        List<ZoneSpec> zones = readZones(c);
        int nodes = 0;
        for (ZoneSpec z : zones) {
            nodes = Math.max(nodes, z.node() + 1);
        }
        int[][] distance = readDistance(c, nodes);
        MachineSettings settings = new MachineSettings(cpus, threadSlots, flavour, minFree, !thp.equals("never"),
            ratio, fraction, order, distance);
        return new MachineConfig(zones, settings);
    }

    private static List<ZoneSpec> readZones(Config c) {
        List<? extends Config> explicit = c.getConfigList(M + "zones");
        if (explicit.isEmpty()) {
            long memory = c.getBytes(M + "memory");
            int nodes = positiveInt(c, M + "nodes", 1, 64);
            long movable = c.getBytes(M + "movablecore");
            try {
                return X86MemoryLayout.qemuPc(memory, nodes, movable);
            } catch (IllegalArgumentException e) {
                throw bad(c, M + "memory", e.getMessage());
            }
        }
        List<ZoneSpec> out = new ArrayList<>();
        for (Config z : explicit) {
            try {
                ZoneType type = ZoneType.ofKernelName(z.getString("zone"));
                out.add(new ZoneSpec(z.getInt("node"), type, z.getLong("start_pfn"), z.getLong("spanned"),
                    z.getLong("present"), z.getLong("managed")));
            } catch (ConfigException e) {
                throw new SlowpathConfigException(M + "zones: " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new SlowpathConfigException(M + "zones: " + e.getMessage() + " (" + z.origin().description() + ")", e);
            }
        }
        return out;
    }

    private static int[][] readDistance(Config c, int nodes) {
        List<? extends List<?>> rows = c.getList(M + "numa-distance").unwrapped().stream()
            .map(r -> r instanceof List<?> l ? l : null).toList();
        if (rows.isEmpty()) {
            return null;
        }
        if (rows.size() != nodes) {
            throw bad(c, M + "numa-distance", "needs " + nodes + " rows (one per node), got " + rows.size());
        }
        int[][] d = new int[nodes][nodes];
        for (int a = 0; a < nodes; a++) {
            List<?> row = rows.get(a);
            if (row == null || row.size() != nodes) {
                throw bad(c, M + "numa-distance", "row " + a + " must list " + nodes + " numbers");
            }
            for (int b = 0; b < nodes; b++) {
                if (!(row.get(b) instanceof Number n) || n.intValue() < 10) {
                    throw bad(c, M + "numa-distance", "entry [" + a + "][" + b + "] must be a number >= 10");
                }
                d[a][b] = ((Number) row.get(b)).intValue();
            }
        }
        return d;
    }

    private static int positiveInt(Config c, String path, int min, int max) {
        int v = c.getInt(path);
        if (v < min || v > max) {
            throw bad(c, path, "must be in " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    /** An error naming the key, the problem and the value's origin. */
    static SlowpathConfigException bad(Config c, String path, String problem) {
        String origin = c.hasPath(path) ? " (" + c.getValue(path).origin().description() + ")" : "";
        return new SlowpathConfigException(path + ": " + problem + origin);
    }
}
