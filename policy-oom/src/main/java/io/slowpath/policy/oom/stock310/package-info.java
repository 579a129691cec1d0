/**
 * The stock Linux 3.10 OOM killer (mm/oom_kill.c): {@code out_of_memory}, {@code select_bad_process} with
 * {@code oom_scan_process_thread}, {@code oom_badness} with both forms of the 3.10 root bonus, and
 * {@code oom_kill_process} with the "sacrifice child" rule.
 */
package io.slowpath.policy.oom.stock310;
