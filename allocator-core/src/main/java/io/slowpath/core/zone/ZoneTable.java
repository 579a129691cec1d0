package io.slowpath.core.zone;

import io.slowpath.api.ZoneType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * The zones of a machine in the kernel's {@code for_each_zone} order (node by node, zone index ascending), every node
 * with all {@code MAX_NR_ZONES} zones: the input of the boot arithmetic, checked once.
 */
final class ZoneTable {
    private final List<ZoneSpec> zones;

    private ZoneTable(List<ZoneSpec> zones) {
        this.zones = zones;
    }

    /**
     * Orders the zones and fills each node's missing zone types with empty zones.
     *
     * @throws IllegalArgumentException on no zones, a null entry, a negative node id, a zone given twice, or no managed
     *                                  page at all
     */
    static ZoneTable of(List<ZoneSpec> specs) {
        if (specs == null || specs.isEmpty()) {
            throw new IllegalArgumentException("the boot setup needs at least one zone, got none");
        }
        TreeMap<Integer, ZoneSpec[]> byNode = new TreeMap<>();
        for (ZoneSpec s : specs) {
            if (s == null) {
                throw new IllegalArgumentException("zone list contains null: " + specs);
            }
            if (s.node() < 0) {
                throw new IllegalArgumentException("zone " + s.type().kernelName() + " has negative node id " + s.node());
            }
            ZoneSpec[] row = byNode.computeIfAbsent(s.node(), n -> new ZoneSpec[ZoneType.MAX_NR_ZONES]);
            if (row[s.type().index()] != null) {
                throw new IllegalArgumentException("zone " + s.type().kernelName() + " of node " + s.node()
                    + " is given twice: " + row[s.type().index()] + " and " + s);
            }
            row[s.type().index()] = s;
        }
        List<ZoneSpec> out = new ArrayList<>();
        long managed = 0;
        for (var e : byNode.entrySet()) {
            for (ZoneType t : ZoneType.values()) {
                ZoneSpec s = e.getValue()[t.index()];
                ZoneSpec z = s != null ? s : ZoneSpec.empty(e.getKey(), t);
                out.add(z);
                managed += z.managedPages();
            }
        }
        if (managed == 0) {
            throw new IllegalArgumentException("no zone has managed pages, so there is nothing to set watermarks for: "
                + specs);
        }
        return new ZoneTable(Collections.unmodifiableList(out));
    }

    /** All zones, {@code for_each_zone} order. */
    List<ZoneSpec> zones() {
        return zones;
    }

    /** The number of zones (4 per node). */
    int size() {
        return zones.size();
    }

    /** Zone {@code i} of {@link #zones()}. */
    ZoneSpec get(int i) {
        return zones.get(i);
    }

    /** {@code managed_pages} summed over every zone: the {@code lowmem_pages} of {@code __setup_per_zone_wmarks}. */
    long lowmemPages() {
        long sum = 0;
        for (ZoneSpec z : zones) {
            sum += z.managedPages();
        }
        return sum;
    }

    /** {@code for_each_populated_zone}: how many zones have present pages. */
    int populatedCount() {
        int n = 0;
        for (ZoneSpec z : zones) {
            if (z.populated()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Models mm/page_alloc.c: nr_free_zone_pages (Linux 3.10): over the populated zones of index at most
     * {@code highestZone} of every node (the first zonelist reaches them all), the sum of {@code managed - high}
     * where managed exceeds the high watermark.
     *
     * @param high the high watermark of each zone in {@link #zones()} order
     */
    long nrFreeZonePages(ZoneType highestZone, long[] high) {
        long sum = 0;
        for (int i = 0; i < zones.size(); i++) {
            ZoneSpec z = zones.get(i);
            if (z.populated() && z.type().index() <= highestZone.index() && z.managedPages() > high[i]) {
                sum += z.managedPages() - high[i];
            }
        }
        return sum;
    }

    /** The managed pages of one node's zones by zone index, for the zone at table position {@code first}. */
    long[] nodeManaged(int first) {
        long[] m = new long[ZoneType.MAX_NR_ZONES];
        for (int j = 0; j < m.length; j++) {
            m[j] = zones.get(first + j).managedPages();
        }
        return m;
    }
}
