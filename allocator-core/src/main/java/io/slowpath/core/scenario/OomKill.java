package io.slowpath.core.scenario;

/**
 * One task the OOM policy killed during a run.
 *
 * @param timeNs simulated time of the kill
 * @param pid    the victim's pid
 * @param name   the victim's comm
 * @param score  the victim's {@code oom_badness} score at the kill, normalised to 0..1000 as
 *               {@code /proc/<pid>/oom_score} prints it (mm/oom_kill.c, Linux 3.10), whichever policy chose it
 */
public record OomKill(long timeNs, int pid, String name, long score) {
}
