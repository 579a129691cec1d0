package io.slowpath.core.zone;

import io.slowpath.api.ZoneType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Models mm/page_alloc.c: build_all_zonelists, build_zonelists, find_next_best_node and default_zonelist_order
 * (Linux 3.10, CONFIG_NUMA): each node's fallback zonelist in node or zone order, and its this-node list.
 */
public final class ZonelistBuilder {
    /** {@code numa_zonelist_order}. */
    public enum Order {
        /** Let {@code default_zonelist_order} choose. */
        DEFAULT,
        /** All of the nearest node's zones first. */
        NODE,
        /** The highest zone type of every node first. */
        ZONE;

        /** Parses {@code default}, {@code node} or {@code zone} (or their first letters, as the sysctl does). */
        public static Order parse(String s) {
            String v = s.trim().toLowerCase(Locale.ROOT);
            if (v.startsWith("d")) {
                return DEFAULT;
            }
            if (v.startsWith("n")) {
                return NODE;
            }
            if (v.startsWith("z")) {
                return ZONE;
            }
            throw new IllegalArgumentException("numa_zonelist_order '" + s + "' is not one of default, node, zone");
        }
    }

    private static final int PENALTY_FOR_NODE_WITH_CPUS = 1;
    /** MAX_NUMNODES for x86_64's default NODES_SHIFT (6); only scales the distance term. */
    private static final int MAX_NUMNODES = 64;

    private ZonelistBuilder() {
    }

    /**
     * Builds and installs the zonelists of every node.
     *
     * @param nodes     the nodes by id
     * @param distance  {@code node_distance(a, b)}
     * @param hasCpus   whether each node has CPUs
     * @param requested the configured order
     * @return the order used (DEFAULT resolved)
     */
    public static Order build(List<Node> nodes, int[][] distance, boolean[] hasCpus, Order requested) {
        Order order = requested == Order.DEFAULT ? defaultOrder(nodes) : requested;
        int online = nodes.size();
        int[] nodeLoad = new int[online];
        for (Node pgdat : nodes) {
            int local = pgdat.id();
            int load = online;
            int prev = local;
            boolean[] used = new boolean[online];
            List<Integer> nodeOrder = new ArrayList<>();
            List<Zone> list = new ArrayList<>();
            for (int node; (node = nextBestNode(local, used, nodes, distance, hasCpus, nodeLoad)) >= 0; ) {
                if (distance[local][node] != distance[local][prev]) {
                    nodeLoad[node] = load;
                }
                prev = node;
                load--;
                if (order == Order.NODE) {
                    appendNodeZones(list, nodes.get(node));
                } else {
                    nodeOrder.add(node);
                }
            }
            if (order == Order.ZONE) {
                for (int zt = ZoneType.MAX_NR_ZONES - 1; zt >= 0; zt--) {
                    for (int node : nodeOrder) {
                        Zone z = nodes.get(node).zone(zt);
                        if (z.populated()) {
                            list.add(z);
                        }
                    }
                }
            }
            List<Zone> own = new ArrayList<>();
            appendNodeZones(own, pgdat);
            pgdat.setZonelists(new Zonelist(list), new Zonelist(own));
        }
        return order;
    }

    /** {@code build_zonelists_node}: a node's populated zones, highest index first. */
    private static void appendNodeZones(List<Zone> list, Node node) {
        for (int zt = ZoneType.MAX_NR_ZONES - 1; zt >= 0; zt--) {
            Zone z = node.zone(zt);
            if (z.populated()) {
                list.add(z);
            }
        }
    }

    /** {@code find_next_best_node}. */
    private static int nextBestNode(int local, boolean[] used, List<Node> nodes, int[][] distance, boolean[] hasCpus,
                                    int[] nodeLoad) {
        if (!used[local]) {
            used[local] = true;
            return local;
        }
        int best = -1;
        long minVal = Long.MAX_VALUE;
        for (Node n : nodes) {
            int id = n.id();
            if (used[id] || !n.hasMemory()) {
                continue;
            }
            long val = distance[local][id];
            val += id < local ? 1 : 0;
            if (hasCpus[id]) {
                val += PENALTY_FOR_NODE_WITH_CPUS;
            }
            val *= (long) nodes.size() * MAX_NUMNODES;
            val += nodeLoad[id];
            if (val < minVal) {
                minVal = val;
                best = id;
            }
        }
        if (best >= 0) {
            used[best] = true;
        }
        return best;
    }

    /** {@code default_zonelist_order}. */
    static Order defaultOrder(List<Node> nodes) {
        long lowKmem = 0;
        long total = 0;
        for (Node n : nodes) {
            for (Zone z : n.zones()) {
                if (z.populated()) {
                    if (z.index() < ZoneType.NORMAL.index()) {
                        lowKmem += z.presentPages();
                    }
                    total += z.presentPages();
                } else if (z.index() == ZoneType.NORMAL.index()) {
                    return Order.NODE;
                }
            }
        }
        if (lowKmem == 0 || lowKmem > total / 2) {
            return Order.NODE;
        }
        int memoryNodes = 0;
        for (Node n : nodes) {
            if (n.hasMemory()) {
                memoryNodes++;
            }
        }
        long average = total / (memoryNodes + 1);
        for (Node n : nodes) {
            long low = 0;
            long all = 0;
            for (Zone z : n.zones()) {
                if (z.populated()) {
                    if (z.index() < ZoneType.NORMAL.index()) {
                        low += z.presentPages();
                    }
                    all += z.presentPages();
                }
            }
            if (low > 0 && all > average && low > all * 70 / 100) {
                return Order.NODE;
            }
        }
        return Order.ZONE;
    }
}
