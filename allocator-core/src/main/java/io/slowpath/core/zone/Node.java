package io.slowpath.core.zone;

import io.slowpath.api.NodeView;
import java.util.List;

/** One NUMA node ({@code pg_data_t}): its four zones (empty ones included) and its two zonelists. */
public final class Node implements NodeView {
    private final int id;
    private final List<Zone> zones;
    private Zonelist fallback;
    private Zonelist thisNode;

    /** A node with its zones, indexed by zone type. */
    public Node(int id, List<Zone> zones) {
        this.id = id;
        this.zones = List.copyOf(zones);
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public List<Zone> zones() {
        return zones;
    }

    /** Zone by index. */
    public Zone zone(int idx) {
        return zones.get(idx);
    }

    /** Whether any zone of the node has memory ({@code N_MEMORY}). */
    public boolean hasMemory() {
        for (Zone z : zones) {
            if (z.populated()) {
                return true;
            }
        }
        return false;
    }

    /** {@code node_zonelists[index]}: 0 for the fallback list, 1 for this node only. */
    public Zonelist zonelist(int index) {
        return index == 0 ? fallback : thisNode;
    }

    void setZonelists(Zonelist fallback, Zonelist thisNode) {
        this.fallback = fallback;
        this.thisNode = thisNode;
    }
}
