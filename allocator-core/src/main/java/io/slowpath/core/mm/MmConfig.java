package io.slowpath.core.mm;

/**
 * The memory-management model's settings. Whether transparent huge pages are used at all comes from the machine
 * ({@code MachineSettings.thpEnabled}, {@code /sys/kernel/mm/transparent_hugepage/enabled}).
 *
 * @param swapPages      usable slots of the swap device (0: no swap)
 * @param thpDefrag      {@code transparent_hugepage/defrag}: huge-page faults may sleep in reclaim and compaction
 *                       ({@code GFP_TRANSHUGE} 0x4352da); off gives 0x4352ca without {@code __GFP_WAIT}
 * @param thpUseZeroPage {@code transparent_hugepage/use_zero_page} (3.10 default 1): a read fault on an empty
 *                       huge-page range maps the huge zero page
 */
public record MmConfig(long swapPages, boolean thpDefrag, boolean thpUseZeroPage) {
    public MmConfig {
        if (swapPages < 0) {
            throw new IllegalArgumentException("swap size must not be negative, got " + swapPages + " pages");
        }
    }

    /** No swap; the 3.10 defaults for THP defrag ({@code always}) and the huge zero page (on). */
    public static MmConfig defaults() {
        return new MmConfig(0, true, true);
    }

    /** The same settings with a swap device of {@code pages} slots. */
    public MmConfig withSwapPages(long pages) {
        return new MmConfig(pages, thpDefrag, thpUseZeroPage);
    }
}
