/**
 * OOM-killer policies for Slowpath, built on {@code allocator-api} alone: the stock Linux 3.10 OOM killer
 * ({@link io.slowpath.policy.oom.stock310}) and the reader and replay of kernel OOM reports
 * ({@link io.slowpath.policy.oom.report}).
 */
package io.slowpath.policy.oom;
