package io.slowpath.api.oom;

import io.slowpath.api.ZoneView;
import java.util.List;

/**
 * The arguments of {@code out_of_memory(zonelist, gfp_mask, order, nodemask, force_kill)}.
 *
 * @param zonelist    the allocation's zonelist (empty for {@code pagefault_out_of_memory})
 * @param gfp         the allocation's gfp mask (0 from the page-fault path)
 * @param order       the order
 * @param highZoneIdx {@code gfp_zone(gfp)}
 * @param forceKill   SysRq-F: kill even when a victim is already dying
 */
public record OomRequest(List<? extends ZoneView> zonelist, int gfp, int order, int highZoneIdx, boolean forceKill) {
    public OomRequest {
        zonelist = List.copyOf(zonelist);
    }
}
