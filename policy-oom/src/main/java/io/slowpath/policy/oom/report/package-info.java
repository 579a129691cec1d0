/**
 * Kernel OOM reports: {@link io.slowpath.policy.oom.report.OomReportParser} reads real ones (dmesg, journal, syslog;
 * 3.10 and later formats; global and memory-cgroup OOMs) into a {@link io.slowpath.policy.oom.report.ParsedReport},
 * and {@link io.slowpath.policy.oom.report.OomReplay} asks any OOM policy which task it would kill on that machine
 * ({@link io.slowpath.policy.oom.report.ReplayServices}) and compares with what the kernel did. The writer of
 * reports is {@link io.slowpath.api.oom.OomReport} in the API, so that every policy can print one.
 */
package io.slowpath.policy.oom.report;
