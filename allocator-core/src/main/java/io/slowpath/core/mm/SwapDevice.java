package io.slowpath.core.mm;

import java.util.Arrays;

/**
 * One swap area ({@code struct swap_info_struct}) of a configurable number of usable slots. Slot 0 holds the swap
 * header and is never handed out, so slots are {@code 1..pages}. Per slot the device keeps the swap count
 * ({@code swap_map[]}: page-table entries holding the slot), the owner and index of the page whose contents it holds
 * (the anon_vma and virtual page, for the reverse map), and the pfn of its swap-cache page or -1.
 *
 * <p>Models mm/swapfile.c: scan_swap_map (Linux 3.10) in a simplified form: next fit from {@code cluster_next},
 * wrapping at the end; the 256-slot cluster search and SSD discard are not modelled. A swap count is an {@code int},
 * so {@code SWAP_MAP_MAX} continuation pages are not needed. 16 bytes per slot.
 */
public final class SwapDevice {
    private final int pages;
    private final int[] count;
    private final int[] owner;
    private final int[] index;
    private final int[] cachePfn;
    /** Slots held by a page-table entry or the swap cache ({@code inuse_pages}). */
    private int inuse;
    private int clusterNext = 1;

    /** A swap area of {@code pages} usable slots (0 for none). */
    SwapDevice(long pages) {
        if (pages < 0 || pages >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("swap size must be 0.." + (Integer.MAX_VALUE - 1) + " pages, got " + pages);
        }
        this.pages = (int) pages;
        count = new int[this.pages + 1];
        owner = new int[this.pages + 1];
        index = new int[this.pages + 1];
        cachePfn = new int[this.pages + 1];
        Arrays.fill(cachePfn, -1);
    }

    /** {@code total_swap_pages}: usable slots. */
    public long totalPages() {
        return pages;
    }

    /** {@code nr_swap_pages}: free slots. */
    public long freePages() {
        return pages - inuse;
    }

    /** {@code vm_swap_full()}: more than half the slots are in use. */
    public boolean full() {
        return freePages() * 2 < pages;
    }

    /** The swap count of a slot: page-table entries holding it. */
    public int count(int slot) {
        return count[check(slot)];
    }

    /** Whether a slot is allocated. */
    public boolean inUse(int slot) {
        int s = check(slot);
        return count[s] > 0 || cachePfn[s] >= 0 || owner[s] != 0;
    }

    /** The anon_vma id of the page whose contents the slot holds. */
    public int owner(int slot) {
        return owner[check(slot)];
    }

    /** The virtual page of the page whose contents the slot holds. */
    public int index(int slot) {
        return index[check(slot)];
    }

    /** The pfn of the slot's swap-cache page, or -1. */
    public long cachePfn(int slot) {
        return cachePfn[check(slot)];
    }

    // ---- updates (the model only) -----------------------------------------------------------------------------

    /**
     * {@code get_swap_page}: a free slot for the contents of page (owner, index), its count still 0.
     *
     * @return the slot, or -1 when the device is full
     */
    int allocate(int ownerId, int idx) {
        if (inuse >= pages) {
            return -1;
        }
        int s = clusterNext;
        for (int n = 0; n < pages; n++) {
            if (s > pages) {
                s = 1;
            }
            if (owner[s] == 0 && count[s] == 0 && cachePfn[s] < 0) {
                owner[s] = ownerId;
                index[s] = idx;
                inuse++;
                clusterNext = s + 1;
                return s;
            }
            s++;
        }
        throw new IllegalStateException("swap in-use count " + inuse + " says a slot is free, but none is");
    }

    /** {@code swap_duplicate}: one more page-table entry holds the slot. */
    void dup(int slot) {
        requireAllocated(slot);
        count[slot]++;
    }

    /** {@code swap_entry_free}: one page-table entry less; returns the new count. */
    int put(int slot) {
        requireAllocated(slot);
        if (count[slot] == 0) {
            throw new IllegalStateException("swap slot " + slot + " freed more often than duplicated");
        }
        return --count[slot];
    }

    void setCache(int slot, long pfn) {
        requireAllocated(slot);
        cachePfn[slot] = (int) pfn;
    }

    void setOwner(int slot, int ownerId) {
        requireAllocated(slot);
        owner[slot] = ownerId;
    }

    /** Releases a slot nobody holds any more. */
    void release(int slot) {
        requireAllocated(slot);
        if (count[slot] != 0 || cachePfn[slot] >= 0) {
            throw new IllegalStateException("swap slot " + slot + " released while held (count " + count[slot]
                + ", cache pfn " + cachePfn[slot] + ")");
        }
        owner[slot] = 0;
        index[slot] = 0;
        inuse--;
    }

    private void requireAllocated(int slot) {
        check(slot);
        if (owner[slot] == 0) {
            throw new IllegalStateException("swap slot " + slot + " is not allocated");
        }
    }

    private int check(int slot) {
        if (slot < 1 || slot > pages) {
            throw new IllegalArgumentException("swap slot " + slot + " is not in 1.." + pages);
        }
        return slot;
    }
}
