package io.slowpath.core.pcp;

import java.util.Arrays;

/** A growable ring buffer of ints with head and tail access, for one per-CPU list; owned by one CPU at a time. */
final class IntDeque {
    private int[] items = new int[16];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void addFirst(int v) {
        grow();
        head = (head - 1) & (items.length - 1);
        items[head] = v;
        size++;
    }

    void addLast(int v) {
        grow();
        items[(head + size) & (items.length - 1)] = v;
        size++;
    }

    int pollFirst() {
        int v = items[head];
        head = (head + 1) & (items.length - 1);
        size--;
        return v;
    }

    int pollLast() {
        size--;
        return items[(head + size) & (items.length - 1)];
    }

    /** The i-th item from the head. */
    int get(int i) {
        return items[(head + i) & (items.length - 1)];
    }

    private void grow() {
        if (size < items.length) {
            return;
        }
        int[] bigger = new int[items.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = get(i);
        }
        items = bigger;
        head = 0;
    }

    @Override
    public String toString() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = get(i);
        }
        return Arrays.toString(out);
    }
}
