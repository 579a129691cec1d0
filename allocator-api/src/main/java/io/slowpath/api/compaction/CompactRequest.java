package io.slowpath.api.compaction;

import io.slowpath.api.ZoneView;
import java.util.List;

/**
 * The arguments of {@code try_to_compact_pages(zonelist, order, gfp_mask, nodemask, sync, &contended)}.
 *
 * @param zonelist    the allocation's zonelist, in walk order
 * @param order       the order wanted
 * @param gfp         the allocation's gfp mask
 * @param highZoneIdx {@code gfp_zone(gfp)}
 * @param migratetype the allocation's migrate type
 * @param sync        synchronous (light) migration rather than asynchronous
 */
public record CompactRequest(List<? extends ZoneView> zonelist, int order, int gfp, int highZoneIdx, int migratetype,
                             boolean sync) {
    public CompactRequest {
        zonelist = List.copyOf(zonelist);
    }
}
