package io.slowpath.core.zone;

import java.util.List;

/**
 * An ordered list of zones the allocator walks ({@code struct zonelist}): the fallback list over all nodes
 * ({@code node_zonelists[0]}) or a node's own zones ({@code node_zonelists[1]}, for {@code __GFP_THISNODE}).
 */
public final class Zonelist {
    private final Zone[] zones;

    /** A zonelist of these zones, in walk order. */
    public Zonelist(List<Zone> zones) {
        this.zones = zones.toArray(new Zone[0]);
    }

    /** The number of entries. */
    public int size() {
        return zones.length;
    }

    /** Entry {@code i}. */
    public Zone get(int i) {
        return zones[i];
    }

    /**
     * {@code first_zones_zonelist}: the first zone whose index is at most {@code highZoneIdx} (the preferred zone),
     * or null.
     */
    public Zone firstZone(int highZoneIdx) {
        for (Zone z : zones) {
            if (z.index() <= highZoneIdx) {
                return z;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < zones.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(zones[i]);
        }
        return sb.append(']').toString();
    }
}
