package io.slowpath.api.compaction;

/** The return codes of compaction ({@code COMPACT_*}, include/linux/compaction.h, Linux 3.10), in kernel order. */
public enum CompactResult {
    /** Compaction did not run: not suitable, or not allowed for this gfp. */
    COMPACT_SKIPPED,
    /** Compaction should continue to another pageblock. */
    COMPACT_CONTINUE,
    /** Direct compaction freed a block of the order, or one was already there. */
    COMPACT_PARTIAL,
    /** The whole zone was scanned. */
    COMPACT_COMPLETE;

    /** The kernel's numeric value. */
    public int value() {
        return ordinal();
    }
}
