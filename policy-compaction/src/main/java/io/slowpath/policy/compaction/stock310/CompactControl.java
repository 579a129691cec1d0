package io.slowpath.policy.compaction.stock310;

import io.slowpath.api.ZoneView;
import io.slowpath.api.mm.MmServices;

/**
 * One compaction run's {@code struct compact_control} (mm/internal.h, Linux 3.10): the isolated free pages and pages to
 * migrate, both scanners' positions, the mode and the flags the scanners leave for each other. The two page lists are
 * stacks, as the kernel's {@code list_add} puts each page at the head and the users take from the head.
 */
final class CompactControl {
    final MmServices mm;
    final ZoneView zone;
    final ZoneCompactState state;
    /** {@code order}; -1 compacts the whole zone. */
    final int order;
    /** {@code migratetype}: {@code allocflags_to_migratetype(gfp)}. */
    final int migratetype;
    /** {@code sync}: MIGRATE_SYNC_LIGHT rather than MIGRATE_ASYNC. */
    final boolean sync;
    /** {@code current_is_kswapd()}. */
    final boolean kswapd;
    /** Simulated time after which {@code need_resched()} is true (0: never). */
    private final long timesliceNs;
    private long sliceStart;

    final PfnStack freepages = new PfnStack();
    final PfnStack migratepages = new PfnStack();
    /**
     * {@code nr_migratepages}: set by the migrate scanner and recounted after {@code migrate_pages}
     * ({@code update_nr_listpages}), not while pages leave the list, so the free scanner isolates for the whole batch.
     */
    int nrMigratepages;
    long freePfn;
    long migratePfn;
    boolean finishedUpdateFree;
    boolean finishedUpdateMigrate;
    boolean contended;

    CompactControl(MmServices mm, ZoneView zone, ZoneCompactState state, int order, int migratetype, boolean sync,
                   boolean kswapd, long timesliceNs) {
        this.mm = mm;
        this.zone = zone;
        this.state = state;
        this.order = order;
        this.migratetype = migratetype;
        this.sync = sync;
        this.kswapd = kswapd;
        this.timesliceNs = timesliceNs;
        this.sliceStart = mm.now();
    }

    /** A fresh run over another zone that keeps the flags, as __compact_pgdat reuses its compact_control. */
    CompactControl forZone(ZoneView z, ZoneCompactState s) {
        CompactControl cc = new CompactControl(mm, z, s, order, migratetype, sync, kswapd, timesliceNs);
        cc.finishedUpdateFree = finishedUpdateFree;
        cc.finishedUpdateMigrate = finishedUpdateMigrate;
        cc.contended = contended;
        return cc;
    }

    /** {@code zone_end_pfn(zone)}. */
    long zoneEnd() {
        return zone.startPfn() + zone.spannedPages();
    }

    /**
     * {@code need_resched()}: the task has had the CPU for its timeslice and another task wants it. The simulator
     * runs nothing else on the CPU during a call, so this is a setting: true once {@code timesliceNs} of simulated
     * time passed since the run started or last rescheduled.
     */
    boolean needResched() {
        return timesliceNs > 0 && mm.now() - sliceStart >= timesliceNs;
    }

    /** {@code cond_resched()}: if {@code need_resched()}, the task lets others run and gets a new timeslice. */
    void condResched() {
        if (needResched()) {
            sliceStart = mm.now();
        }
    }

    /**
     * Models mm/compaction.c: compact_checklock_irqsave (Linux 3.10): whether the scanner holds (or may take) the
     * lock now. The simulated locks are never contended by another CPU, so {@code should_release_lock} is
     * {@code need_resched()}: async compaction then gives up ({@code contended}), sync reschedules and goes on.
     *
     * @return false when the scan must stop
     */
    boolean checkLock() {
        if (needResched()) {
            if (!sync) {
                contended = true;
                return false;
            }
            condResched();
        }
        return true;
    }
}
