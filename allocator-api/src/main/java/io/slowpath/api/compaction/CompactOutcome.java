package io.slowpath.api.compaction;

/**
 * What {@code try_to_compact_pages} returns to the slow path.
 *
 * @param result    the best {@code COMPACT_*} status over the zones tried
 * @param contended whether asynchronous compaction gave up on contention (the slow path then stops THP attempts)
 */
public record CompactOutcome(CompactResult result, boolean contended) {
    /** An outcome that was not contended. */
    public static CompactOutcome of(CompactResult result) {
        return new CompactOutcome(result, false);
    }
}
