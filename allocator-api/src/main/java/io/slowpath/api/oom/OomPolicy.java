package io.slowpath.api.oom;

import io.slowpath.api.mm.MmServices;

/**
 * The OOM killer, called by {@code __alloc_pages_may_oom} (slow path step S15c) with the zone OOM lock held, after
 * the last-chance high-watermark attempt failed and the costly-order, lowmem and {@code __GFP_THISNODE} exemptions
 * did not apply. The stock 3.10 policy is {@code out_of_memory}: select a victim by {@code oom_badness}, print the
 * report, kill it. A policy may also decline ({@link OomOutcome#none()}).
 */
public interface OomPolicy {
    /** {@code out_of_memory}: chooses and kills a victim, or not. */
    OomOutcome outOfMemory(MmServices mm, OomRequest request);
}
