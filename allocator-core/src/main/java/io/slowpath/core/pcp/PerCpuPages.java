package io.slowpath.core.pcp;

import io.slowpath.api.MigrateType;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One zone's per-CPU page lists on one CPU ({@code struct per_cpu_pages}): order-0 pages kept out of the buddy free
 * areas, one list per {@code MIGRATE_PCPTYPES} type, each entry stamped with its freepage migrate type.
 *
 * <p>A CPU owns its lists. Ownership is taken with one uncontended compare-and-set ({@link #tryOwn}) that never waits:
 * whoever fails (a drain from another CPU racing the owner, or two threads misusing one CPU id) goes straight to the
 * buddy lists instead. The kernel gets the same exclusion by disabling interrupts.
 */
public final class PerCpuPages {
    private static final int MT_BITS = 2;
    private static final int MT_MASK = (1 << MT_BITS) - 1;

    private final AtomicInteger owner = new AtomicInteger();
    private final IntDeque[] lists = new IntDeque[MigrateType.MIGRATE_PCPTYPES];
    private int count;
    private int[] scratch = new int[0];
    private volatile int high;
    private volatile int batch;

    /** Empty lists with the given {@code high} and {@code batch}. */
    public PerCpuPages(int high, int batch) {
        for (int i = 0; i < lists.length; i++) {
            lists[i] = new IntDeque();
        }
        setHighAndBatch(high, batch);
    }

    /** {@code setup_pageset} / {@code setup_pagelist_highmark}: new limits (the lists keep their pages). */
    public void setHighAndBatch(int high, int batch) {
        this.high = high;
        this.batch = Math.max(1, batch);
    }

    /** Takes ownership without waiting; false when another thread holds it. */
    public boolean tryOwn() {
        return owner.compareAndSet(0, 1);
    }

    /** Gives ownership back. */
    public void release() {
        owner.setRelease(0);
    }

    /** {@code pcp->count}: pages on all three lists. A racy read unless owned. */
    public int count() {
        return count;
    }

    /** {@code pcp->high}. */
    public int high() {
        return high;
    }

    /** {@code pcp->batch}. */
    public int batch() {
        return batch;
    }

    /** Whether the list of this type is empty. Owner only. */
    public boolean isEmpty(int mt) {
        return lists[mt].isEmpty();
    }

    /** Pages on the list of this type. Owner only. */
    public int size(int mt) {
        return lists[mt].size();
    }

    /** A scratch array of at least {@code n} ints for {@code rmqueue_bulk}'s pages. Owner only. */
    public int[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new int[n];
        }
        return scratch;
    }

    /** Appends a page taken by {@code rmqueue_bulk} ({@code cold}: so the list reads pN..p1, else p1..pN). Owner only. */
    public void addBulk(int mt, int pfn, int stampMt, boolean cold) {
        if (cold) {
            lists[mt].addFirst(encode(pfn, stampMt));
        } else {
            lists[mt].addLast(encode(pfn, stampMt));
        }
        count++;
    }

    /** {@code free_hot_cold_page}: hot pages go to the head, cold to the tail. Owner only. */
    public void addFreed(int mt, int pfn, int stampMt, boolean cold) {
        if (cold) {
            lists[mt].addLast(encode(pfn, stampMt));
        } else {
            lists[mt].addFirst(encode(pfn, stampMt));
        }
        count++;
    }

    /** Takes a page for an allocation: cold from the tail, hot from the head; returns the encoded entry. Owner only. */
    public int take(int mt, boolean cold) {
        count--;
        return cold ? lists[mt].pollLast() : lists[mt].pollFirst();
    }

    /** Takes the tail page of a list for {@code free_pcppages_bulk}; returns the encoded entry. Owner only. */
    public int takeTail(int mt) {
        count--;
        return lists[mt].pollLast();
    }

    /** The pfn of an encoded entry. */
    public static int pfnOf(int entry) {
        return entry >>> MT_BITS;
    }

    /** The freepage migrate type stamped on an encoded entry ({@code get_freepage_migratetype}). */
    public static int stampOf(int entry) {
        return entry & MT_MASK;
    }

    private static int encode(int pfn, int stampMt) {
        return (pfn << MT_BITS) | stampMt;
    }

    /** The largest pfn an entry can hold. */
    public static final int MAX_PFN = Integer.MAX_VALUE >>> MT_BITS;
}
