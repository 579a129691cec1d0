package io.slowpath.api.plugin;

/**
 * A set of named policies, found with {@link java.util.ServiceLoader}: a public class with a public no-argument
 * constructor, listed in {@code META-INF/services/io.slowpath.api.plugin.PolicyPlugin} of its jar. Drop the jar into
 * the simulator's plugins directory (or put it on the class path) and select a policy by name in the configuration.
 *
 * <pre>{@code
 * public final class MyPlugin implements PolicyPlugin {
 *     public void register(PolicyRegistrar r) {
 *         r.compaction("never-compact", settings -> new NeverCompact(settings.getBoolean("log", true)));
 *     }
 * }
 * }</pre>
 *
 * <p>Being a single-method interface, a plugin can also be a lambda when research code hands it to the embedding API.
 */
@FunctionalInterface
public interface PolicyPlugin {
    /**
     * Registers this plugin's policies. Called once per simulated kernel that is assembled; it should do nothing but
     * register (policies are created later, only if selected).
     *
     * @param registrar where the named factories go
     */
    void register(PolicyRegistrar registrar);
}
