package io.slowpath.policy.oom.report;

/**
 * {@code "%s: Kill process %d (%s) score %d or sacrifice child"}: the task {@code select_bad_process} chose.
 *
 * @param message {@code Out of memory}, {@code Memory cgroup out of memory}, ...
 * @param pid     its pid (a thread id when a thread other than the leader was chosen)
 * @param name    its comm
 * @param score   the printed 0..1000 score
 * @param line    the line number
 */
public record KillLine(String message, int pid, String name, long score, int line) {
}
