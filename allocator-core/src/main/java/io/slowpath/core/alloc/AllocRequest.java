package io.slowpath.core.alloc;

import io.slowpath.core.zone.Zone;
import io.slowpath.core.zone.Zonelist;

/**
 * One allocation that missed the fast path, with what {@code __alloc_pages_nodemask} hands to
 * {@code __alloc_pages_slowpath}.
 *
 * @param allocator     the allocator, to retry {@code get_page_from_freelist}
 * @param slot          the CPU slot of the caller
 * @param gfp           the GFP mask (after {@code gfp_allowed_mask})
 * @param order         the order
 * @param zonelist      the zonelist walked
 * @param highZoneIdx   {@code gfp_zone(gfp)}
 * @param preferredZone the first usable zone; its index is the classzone
 * @param migratetype   {@code allocflags_to_migratetype(gfp)}
 */
public record AllocRequest(BuddyAllocator allocator, int slot, int gfp, int order, Zonelist zonelist, int highZoneIdx,
                           Zone preferredZone, int migratetype) {
}
