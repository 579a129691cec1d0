package io.slowpath.policy.reclaim.stock310;

import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneType;
import io.slowpath.api.ZoneView;

/** The per-zone /proc/vmstat events of reclaim ({@code __count_zone_vm_events}), looked up once. */
final class ZoneEvents {
    private static final VmEvent[] PGSCAN_KSWAPD = table("pgscan_kswapd");
    private static final VmEvent[] PGSCAN_DIRECT = table("pgscan_direct");
    private static final VmEvent[] PGSTEAL_KSWAPD = table("pgsteal_kswapd");
    private static final VmEvent[] PGSTEAL_DIRECT = table("pgsteal_direct");
    private static final VmEvent[] PGREFILL = table("pgrefill");

    private ZoneEvents() {
    }

    private static VmEvent[] table(String prefix) {
        VmEvent[] t = new VmEvent[ZoneType.MAX_NR_ZONES];
        for (ZoneType z : ZoneType.values()) {
            t[z.index()] = VmEvent.perZone(prefix, z);
        }
        return t;
    }

    /** {@code pgscan_kswapd_<zone>} or {@code pgscan_direct_<zone>}. */
    static VmEvent pgscan(ZoneView z, boolean kswapd) {
        return (kswapd ? PGSCAN_KSWAPD : PGSCAN_DIRECT)[z.type().index()];
    }

    /** {@code pgsteal_kswapd_<zone>} or {@code pgsteal_direct_<zone>}. */
    static VmEvent pgsteal(ZoneView z, boolean kswapd) {
        return (kswapd ? PGSTEAL_KSWAPD : PGSTEAL_DIRECT)[z.type().index()];
    }

    /** {@code pgrefill_<zone>}. */
    static VmEvent pgrefill(ZoneView z) {
        return PGREFILL[z.type().index()];
    }
}
