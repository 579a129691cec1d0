package io.slowpath.api.compaction;

import io.slowpath.api.PageOrder;
import io.slowpath.api.ZoneView;

/**
 * A zone's external fragmentation for one order, from its free area counts: the numbers behind the fragmentation
 * index that {@code compaction_suitable} compares with {@code vm.extfrag_threshold}, and the unusable free space
 * index of {@code /sys/kernel/debug/extfrag/unusable_index}.
 *
 * <p>Models mm/vmstat.c: struct contig_page_info and fill_contig_page_info (Linux 3.10). Like the kernel it reads
 * {@code free_area[order].nr_free} without a lock, so on a zone in use the three sums are a snapshot taken order by
 * order.
 *
 * @param freePages free base pages in the buddy free areas
 * @param freeBlocksTotal free blocks of every order
 * @param freeBlocksSuitable free blocks of the requested order that the free areas of that order and above hold
 *     (a free block of a higher order counts as {@code 2^(higher - order)} blocks)
 * @param order the requested order
 */
public record Fragmentation(long freePages, long freeBlocksTotal, long freeBlocksSuitable, int order) {
    /** Models fill_contig_page_info: the sums for an allocation of {@code order} from {@code zone}. */
    public static Fragmentation of(ZoneView zone, int order) {
        PageOrder.checkOrder(order);
        long pages = 0;
        long total = 0;
        long suitable = 0;
        for (int o = 0; o < PageOrder.MAX_ORDER; o++) {
            long blocks = zone.nrFree(o);
            total += blocks;
            pages += blocks << o;
            if (o >= order) {
                suitable += blocks << (o - order);
            }
        }
        return new Fragmentation(pages, total, suitable, order);
    }

    /**
     * Models __fragmentation_index: 0 when nothing is free; -1000 when a block of the order is free (the index only
     * means something when the allocation would fail); otherwise {@code 1000 - (1000 + freePages * 1000 / 2^order) /
     * freeBlocksTotal} in integer arithmetic: towards 0 the failure is a lack of memory (reclaim helps), towards 1000
     * it is fragmentation (compaction helps).
     */
    public int fragmentationIndex() {
        if (freeBlocksTotal == 0) {
            return 0;
        }
        if (freeBlocksSuitable != 0) {
            return -1000;
        }
        long requested = 1L << order;
        return (int) (1000 - (1000 + freePages * 1000 / requested) / freeBlocksTotal);
    }

    /**
     * Models unusable_free_index: the share of free memory, in thousandths, that is in blocks too small for the
     * order; 1000 when nothing is free.
     */
    public int unusableFreeIndex() {
        if (freePages == 0) {
            return 1000;
        }
        return (int) ((freePages - (freeBlocksSuitable << order)) * 1000 / freePages);
    }
}
