package io.slowpath.core.zone;

import io.slowpath.api.ZoneType;

/**
 * The boot-time size of one zone, as {@code free_area_init_nodes} and the memblock release leave it: where it starts,
 * what it spans, what is present and what the buddy allocator manages. An empty zone has all sizes 0.
 *
 * @param node          the node id
 * @param type          the zone type
 * @param startPfn      {@code zone_start_pfn}
 * @param spannedPages  {@code spanned_pages}
 * @param presentPages  {@code present_pages}
 * @param managedPages  {@code managed_pages}
 */
public record ZoneSpec(int node, ZoneType type, long startPfn, long spannedPages, long presentPages, long managedPages) {
    public ZoneSpec {
        if (spannedPages < 0 || presentPages < 0 || managedPages < 0) {
            throw new IllegalArgumentException("negative zone size in " + type + " of node " + node);
        }
        if (presentPages > spannedPages || managedPages > presentPages) {
            throw new IllegalArgumentException("zone " + type.kernelName() + " of node " + node
                + ": need managed <= present <= spanned, got managed=" + managedPages + " present=" + presentPages
                + " spanned=" + spannedPages);
        }
    }

    /** An empty zone of the given node and type. */
    public static ZoneSpec empty(int node, ZoneType type) {
        return new ZoneSpec(node, type, 0, 0, 0, 0);
    }

    /** {@code populated_zone}. */
    public boolean populated() {
        return presentPages != 0;
    }

    /** The first pfn past the zone. */
    public long endPfn() {
        return startPfn + spannedPages;
    }
}
