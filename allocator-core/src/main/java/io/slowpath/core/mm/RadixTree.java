package io.slowpath.core.mm;

import java.util.Arrays;

/**
 * A map from page numbers to non-negative {@code long} values laid out as the kernel lays out its own page indexes:
 * a tree of fixed fan-out ({@link #SLOTS} per node) whose leaves are arrays indexed by the low bits of the key. An
 * address space's page-table entries (the PTE pages under a PMD, {@code PTRS_PER_PTE = 512}), its PTE pages by pmd
 * index, and a file's page cache ({@code mapping->page_tree}, lib/radix-tree.c) all live in one.
 *
 * <p>Why not a hash: page numbers come in runs (a fault walks an area, a read streams a file, exit tears an address
 * space down in order), and here a run of 512 keys is one array. A lookup is a compare against the last leaf used
 * and one array load; the tree below it is only walked when the run changes. Iteration is in ascending key order.
 *
 * <p>Levels: the root array, grown on demand, indexed by {@code key >>> 18}; middle nodes of {@link #SLOTS} leaves
 * ({@code key >>> 9 & 511}); leaves of {@link #SLOTS} values ({@code key & 511}). A leaf whose last entry goes is
 * dropped, as {@code free_pgtables} and {@code radix_tree_delete} drop empty nodes.
 */
final class RadixTree implements PageNumberMap {
    /** Slots per node and values per leaf. */
    static final int SLOTS = 512;
    private static final int SHIFT = 9;
    private static final int MASK = SLOTS - 1;
    /** Keys must stay below this: the root holds at most 2^22 middle nodes. */
    static final long KEY_LIMIT = 1L << 40;

    /** Middle nodes by {@code key >>> 18}; a middle node's leaves by {@code key >>> 9 & 511}. */
    private Node[] root = new Node[1];
    private int size;
    /** The leaf of the last lookup, for keys {@code lastRun << 9 ..}; {@code lastRun = -1} when none. */
    private long lastRun = -1;
    private long[] lastLeaf;

    /** A middle node: its leaves and the entries each holds. Values are stored plus one, so 0 is an empty slot. */
    private static final class Node {
        final long[][] leaves = new long[SLOTS][];
        final int[] counts = new int[SLOTS];
        int leafCount;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long get(long key) {
        long run = key >>> SHIFT;
        long[] leaf = run == lastRun ? lastLeaf : leaf(run);
        return leaf == null ? MISSING : leaf[(int) key & MASK] - 1;
    }

    /** As {@link PageNumberMap#put}, for keys below {@link #KEY_LIMIT}. */
    @Override
    public long put(long key, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        long run = key >>> SHIFT;
        long[] leaf = run == lastRun ? lastLeaf : leaf(run);
        if (leaf == null) {
            leaf = newLeaf(key);
        }
        int i = (int) key & MASK;
        long old = leaf[i];
        if (old == 0) {
            size++;
            root[(int) (key >>> 2 * SHIFT)].counts[(int) run & MASK]++;
        }
        leaf[i] = value + 1;
        return old - 1;
    }

    @Override
    public long remove(long key) {
        long run = key >>> SHIFT;
        long[] leaf = run == lastRun ? lastLeaf : leaf(run);
        if (leaf == null) {
            return MISSING;
        }
        int i = (int) key & MASK;
        long stored = leaf[i];
        if (stored == 0) {
            return MISSING;
        }
        leaf[i] = 0;
        size--;
        Node node = root[(int) (key >>> 2 * SHIFT)];
        int li = (int) run & MASK;
        if (--node.counts[li] == 0) {
            dropLeaf(node, li, key);
        }
        return stored - 1;
    }

    @Override
    public void clear() {
        root = new Node[1];
        size = 0;
        lastRun = -1;
        lastLeaf = null;
    }

    /** Visits every entry in ascending key order. */
    @Override
    public void forEach(Visitor v) {
        Node[] r = root;
        for (int ri = 0; ri < r.length; ri++) {
            Node node = r[ri];
            if (node == null) {
                continue;
            }
            for (int li = 0; li < SLOTS; li++) {
                long[] leaf = node.leaves[li];
                if (leaf == null) {
                    continue;
                }
                long base = ((long) ri << SHIFT | li) << SHIFT;
                for (int i = 0; i < SLOTS; i++) {
                    if (leaf[i] != 0) {
                        v.visit(base | i, leaf[i] - 1);
                    }
                }
            }
        }
    }

    @Override
    public long[] sortedKeys() {
        long[] out = new long[size];
        int[] n = {0};
        forEach((key, value) -> out[n[0]++] = key);
        return out;
    }

    private long[] leaf(long run) {
        long ri = run >>> SHIFT;
        if (ri >= root.length) {
            return null;
        }
        Node node = root[(int) ri];
        long[] leaf = node == null ? null : node.leaves[(int) run & MASK];
        if (leaf != null) {
            lastRun = run;
            lastLeaf = leaf;
        }
        return leaf;
    }

    private long[] newLeaf(long key) {
        if (key < 0 || key >= KEY_LIMIT) {
            throw new IllegalArgumentException("key " + key + " is outside [0, " + KEY_LIMIT + ")");
        }
        int ri = (int) (key >>> 2 * SHIFT);
        if (ri >= root.length) {
            root = Arrays.copyOf(root, Math.max(ri + 1, root.length * 2));
        }
        Node node = root[ri];
        if (node == null) {
            node = new Node();
            root[ri] = node;
        }
        long run = key >>> SHIFT;
        long[] leaf = new long[SLOTS];
        node.leaves[(int) run & MASK] = leaf;
        node.leafCount++;
        lastRun = run;
        lastLeaf = leaf;
        return leaf;
    }

    private void dropLeaf(Node node, int li, long key) {
        node.leaves[li] = null;
        if (lastRun == key >>> SHIFT) {
            lastRun = -1;
            lastLeaf = null;
        }
        if (--node.leafCount == 0) {
            root[(int) (key >>> 2 * SHIFT)] = null;
        }
    }
}
