package io.slowpath.policy.oom.report;

import java.util.Map;

/**
 * One zone of a report: its {@code show_free_areas} summary line, {@code lowmem_reserve[]} line and buddy line.
 * Sizes in kB as printed (pages = kB / 4).
 *
 * @param node          the node id (0 when the line has no {@code Node N})
 * @param name          the zone name as printed ({@code DMA}, {@code DMA32}, {@code Normal}, {@code HighMem}, ...)
 * @param fields        every {@code key:NkB} field of the summary line in order (kB), plus {@code pages_scanned}
 * @param allUnreclaimable the {@code all_unreclaimable?} flag (null when the format has none)
 * @param lowmemReserve the {@code lowmem_reserve[]} values in pages (null when absent)
 * @param nrFree        free blocks per order from the buddy line (null when absent)
 * @param types         per order, the migrate-type letters printed after the count ({@code ""} when none)
 * @param buddyTotalKb  the buddy line's {@code = NkB} total (-1 when absent)
 * @param line          the line number of the summary line (or of the buddy line when there is no summary)
 */
public record ReportZone(int node, String name, Map<String, Long> fields, Boolean allUnreclaimable,
                         long[] lowmemReserve, long[] nrFree, String[] types, long buddyTotalKb, int line) {
    /** A field in kB, or -1 when not printed. */
    public long kb(String field) {
        Long v = fields.get(field);
        return v == null ? -1 : v;
    }

    /** A field in pages (kB / 4), or -1 when not printed. */
    public long pages(String field) {
        long kb = kb(field);
        return kb < 0 ? -1 : kb / 4;
    }
}
