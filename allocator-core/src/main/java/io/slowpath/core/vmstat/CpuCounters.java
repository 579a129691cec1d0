package io.slowpath.core.vmstat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A set of counters kept per CPU slot and summed when read, as the kernel keeps {@code vm_event_states} and the
 * per-CPU {@code vm_stat_diff}. Each slot has one writer (its CPU), so an increment is a plain add; the last slot is
 * shared by every thread that has no slot of its own and is updated atomically. Rows are padded so two CPUs never
 * write the same cache line.
 */
public final class CpuCounters {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int PAD = 8;

    private final int items;
    private final int stride;
    private final int slots;
    private final long[] values;

    /** Counters for {@code items} items over {@code slots} slots; slot {@code slots - 1} is the shared one. */
    public CpuCounters(int slots, int items) {
        if (slots < 1 || items < 1) {
            throw new IllegalArgumentException("need at least one slot and one item");
        }
        this.items = items;
        this.slots = slots;
        this.stride = ((items + PAD - 1) / PAD) * PAD + PAD;
        this.values = new long[slots * stride + PAD];
    }

    /** The slot every thread without a slot of its own shares. */
    public int sharedSlot() {
        return slots - 1;
    }

    /** Adds {@code delta} to {@code item} on behalf of {@code slot}. */
    public void add(int slot, int item, long delta) {
        int i = PAD + slot * stride + item;
        if (slot == slots - 1) {
            LONGS.getAndAdd(values, i, delta);
        } else {
            // A plain add, as the kernel's __this_cpu_add: the slot's one writer needs no ordering, and an opaque
            // access here costs the compiler barriers around it on every allocation. Readers sum with volatile reads;
            // once the writers are joined (quiescence) the sums are exact.
            values[i] += delta;
        }
    }

    /** The sum over all slots of {@code item}. */
    public long sum(int item) {
        long s = 0;
        for (int slot = 0; slot < slots; slot++) {
            s += (long) LONGS.getVolatile(values, PAD + slot * stride + item);
        }
        return s;
    }

    /** The value of {@code item} in one slot. */
    public long get(int slot, int item) {
        return (long) LONGS.getVolatile(values, PAD + slot * stride + item);
    }

    /** The number of items. */
    public int items() {
        return items;
    }
}
