package io.slowpath.cli.report;

/**
 * One OOM kill, as marked on the charts and listed in the report.
 *
 * @param timeNs simulated time of the kill
 * @param pid the victim's pid
 * @param name the victim's comm
 * @param score the victim's oom_badness points
 */
public record OomMark(long timeNs, int pid, String name, long score) {
}
