package io.slowpath.core.alloc;

/** What the allocator does when {@code get_page_from_freelist} at the low watermark finds nothing. */
@FunctionalInterface
public interface SlowPath {
    /**
     * Tries harder for {@code req}.
     *
     * @return the pfn of the block, or -1
     */
    int allocate(AllocRequest req);
}
