package io.slowpath.api;

import java.util.List;

/** A read-only view of one NUMA node ({@code pg_data_t}) of a simulated machine. */
public interface NodeView {
    /** {@code node_id}. */
    int id();

    /** All {@link ZoneType#MAX_NR_ZONES} zones of the node, empty ones included, by zone index. */
    List<? extends ZoneView> zones();

    /** The zone of the given type on this node (possibly empty). */
    default ZoneView zone(ZoneType type) {
        return zones().get(type.index());
    }
}
