/**
 * {@code slowpath compare}: the same workload, with the same seed, under several policy sets or settings, and the
 * report of the outcomes side by side (rendered by {@link io.slowpath.cli.report}).
 */
package io.slowpath.cli.compare;
