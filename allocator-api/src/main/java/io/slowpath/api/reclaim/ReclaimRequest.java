package io.slowpath.api.reclaim;

import io.slowpath.api.ZoneView;
import java.util.List;

/**
 * The arguments of {@code try_to_free_pages(zonelist, order, gfp_mask, nodemask)}.
 *
 * @param zonelist    the allocation's zonelist, in walk order
 * @param order       the order being allocated
 * @param gfp         the allocation's gfp mask
 * @param highZoneIdx {@code gfp_zone(gfp)}: zones above it are not reclaimed for this allocation
 */
public record ReclaimRequest(List<? extends ZoneView> zonelist, int order, int gfp, int highZoneIdx) {
    public ReclaimRequest {
        zonelist = List.copyOf(zonelist);
    }
}
