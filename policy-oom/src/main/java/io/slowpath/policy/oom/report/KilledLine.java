package io.slowpath.policy.oom.report;

/**
 * {@code Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB} (3.10), with the el7 additions
 * {@code , UID %d} and {@code , shmem-rss:%lukB}: the task that got SIGKILL.
 *
 * @param pid        its pid
 * @param name       its comm
 * @param uid        the uid (el7-1160 form), or -1
 * @param totalVmKb  total-vm
 * @param anonRssKb  anon-rss
 * @param fileRssKb  file-rss
 * @param shmemRssKb shmem-rss (el7), or -1
 * @param line       the line number
 */
public record KilledLine(int pid, String name, int uid, long totalVmKb, long anonRssKb, long fileRssKb,
                         long shmemRssKb, int line) {
}
