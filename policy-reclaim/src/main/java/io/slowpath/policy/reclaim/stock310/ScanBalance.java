package io.slowpath.policy.reclaim.stock310;

/** Models mm/vmscan.c: enum scan_balance (Linux 3.10): how get_scan_count splits the scan between anon and file. */
enum ScanBalance {
    /** Scan both types by {@code size >> priority} alone (priority 0 with swappiness). */
    SCAN_EQUAL,
    /** Scan by the fractions of the swappiness and the recent scanned/rotated ratios. */
    SCAN_FRACT,
    /** Scan anonymous pages only. */
    SCAN_ANON,
    /** Scan page-cache pages only. */
    SCAN_FILE
}
