package io.slowpath.core.mm;

/** What a {@code read()} or {@code write()} of one file page through the page cache came to. */
public enum PageCacheResult {
    /** The page was in the page cache. */
    HIT,
    /** The page was not cached: a page was allocated and added (and read from disk for a read). */
    MISS,
    /** The page-cache allocation failed: the system call returns -ENOMEM. */
    ENOMEM
}
