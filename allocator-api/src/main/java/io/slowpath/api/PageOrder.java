package io.slowpath.api;

/** Page size and order constants of x86_64 Linux 3.10 (include/linux/mmzone.h, pageblock-flags.h). */
public final class PageOrder {
    /** {@code PAGE_SHIFT}. */
    public static final int PAGE_SHIFT = 12;
    /** {@code PAGE_SIZE} in bytes. */
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /** {@code MAX_ORDER}: valid orders are 0 to {@code MAX_ORDER - 1}. */
    public static final int MAX_ORDER = 11;
    /** {@code MAX_ORDER_NR_PAGES}: pages in the largest buddy block. */
    public static final int MAX_ORDER_NR_PAGES = 1 << (MAX_ORDER - 1);
    /** {@code pageblock_order} ({@code HUGETLB_PAGE_ORDER} on x86_64). */
    public static final int PAGEBLOCK_ORDER = 9;
    /** {@code pageblock_nr_pages}. */
    public static final int PAGEBLOCK_NR_PAGES = 1 << PAGEBLOCK_ORDER;
    /** {@code PAGE_ALLOC_COSTLY_ORDER}: orders above this are "costly" to the slow path. */
    public static final int PAGE_ALLOC_COSTLY_ORDER = 3;
    /** The order of a transparent huge page ({@code HPAGE_PMD_ORDER}). */
    public static final int HPAGE_PMD_ORDER = 9;

    private PageOrder() {
    }

    /** Pages to kilobytes, the kernel's {@code K(x)}. */
    public static long pagesToKb(long pages) {
        return pages << (PAGE_SHIFT - 10);
    }

    /** Checks an order for an allocation or free; throws with the value when it is outside 0..MAX_ORDER-1. */
    public static int checkOrder(int order) {
        if (order < 0 || order >= MAX_ORDER) {
            throw new IllegalArgumentException("order " + order + " is not in 0.." + (MAX_ORDER - 1));
        }
        return order;
    }
}
