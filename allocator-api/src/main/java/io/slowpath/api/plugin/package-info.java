/**
 * How a policy jar plugs into the simulator, with nothing but {@code allocator-api} on its class path.
 *
 * <p>A jar implements {@link io.slowpath.api.plugin.PolicyPlugin}, lists the class in
 * {@code META-INF/services/io.slowpath.api.plugin.PolicyPlugin}, and registers one or more named
 * {@link io.slowpath.api.plugin.PolicyFactory factories} with the {@link io.slowpath.api.plugin.PolicyRegistrar}. The
 * simulator finds plugins on its class path and in its plugins directory ({@code slowpath.plugins.dir}), and the
 * configuration selects one policy of each kind by name ({@code slowpath.policies.kswapd}, {@code .reclaim},
 * {@code .compaction}, {@code .oom}). A selected policy is created once per simulated kernel, from its
 * {@link io.slowpath.api.plugin.PolicySettings}: the section {@code slowpath.policy.<kind>.<name>} and the sysctls.
 */
package io.slowpath.api.plugin;
