package io.slowpath.api.mm;

/**
 * What simulated work costs, in simulated nanoseconds. The simulated kernel charges these to the actor doing the
 * work; policies charge their own work through {@link MmServices#spend}.
 *
 * @param fastPathNs        one {@code get_page_from_freelist} attempt that succeeds
 * @param zoneScanNs        one zone looked at by a failed attempt
 * @param pageScanNs        one LRU page scanned by reclaim
 * @param pageReclaimNs     one clean page freed by reclaim (unmap and free)
 * @param pageMigrateNs     one page migrated by compaction (copy included)
 * @param compactScanNs     one pfn looked at by a compaction scanner
 * @param writebackIoNs     latency until a dirty page written back is clean
 * @param swapOutIoNs       latency until an anonymous page written to swap is freeable
 * @param swapInIoNs        latency of a major fault reading a page back from swap
 * @param fileReadIoNs      latency of reading a file page into the page cache
 * @param pageFaultNs       a minor fault's own cost (trap, page-table walk, zeroing a page)
 * @param congestionWaitNs  one {@code wait_iff_congested(HZ/50)} sleep when a device is congested
 * @param jiffyNs           one jiffy (1/HZ), for the 1-jiffy sleeps of the OOM path
 */
public record CostModel(long fastPathNs, long zoneScanNs, long pageScanNs, long pageReclaimNs, long pageMigrateNs,
                        long compactScanNs, long writebackIoNs, long swapOutIoNs, long swapInIoNs, long fileReadIoNs,
                        long pageFaultNs, long congestionWaitNs, long jiffyNs) {
    public CostModel {
        long[] all = {fastPathNs, zoneScanNs, pageScanNs, pageReclaimNs, pageMigrateNs, compactScanNs, writebackIoNs,
            swapOutIoNs, swapInIoNs, fileReadIoNs, pageFaultNs, congestionWaitNs, jiffyNs};
        for (long v : all) {
            if (v < 0) {
                throw new IllegalArgumentException("a cost must not be negative: " + v);
            }
        }
    }
}
