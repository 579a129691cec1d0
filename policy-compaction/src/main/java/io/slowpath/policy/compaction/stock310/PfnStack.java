package io.slowpath.policy.compaction.stock310;

import java.util.Arrays;

/** A growable stack of pfns without boxing: a compaction list ({@code list_add} at the head, taken from the head). */
final class PfnStack {
    private long[] pfns = new long[64];
    private int size;

    void push(long pfn) {
        if (size == pfns.length) {
            pfns = Arrays.copyOf(pfns, size * 2);
        }
        pfns[size++] = pfn;
    }

    long pop() {
        if (size == 0) {
            throw new IllegalStateException("empty list");
        }
        return pfns[--size];
    }

    /** The i-th entry from the head (0 is the head). */
    long get(int i) {
        return pfns[size - 1 - i];
    }

    /** Removes the i-th entry from the head ({@code list_del}). */
    void remove(int i) {
        int at = size - 1 - i;
        System.arraycopy(pfns, at + 1, pfns, at, size - 1 - at);
        size--;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
