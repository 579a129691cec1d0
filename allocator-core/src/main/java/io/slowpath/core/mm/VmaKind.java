package io.slowpath.core.mm;

/** What a virtual memory area maps. */
public enum VmaKind {
    /** Private anonymous memory ({@code MAP_PRIVATE|MAP_ANONYMOUS}): zero-filled on first write, swap-backed. */
    ANON,
    /** A shared file mapping ({@code MAP_SHARED} of a file): page-cache pages mapped directly. */
    FILE
}
