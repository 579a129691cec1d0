package io.slowpath.api.plugin;

/**
 * Read-only access to one policy's configuration: its own section {@code slowpath.policy.<kind>.<name>} (HOCON, keys
 * relative to the section; a dotted key reaches into nested objects) and the sysctls under {@code slowpath.vm}.
 *
 * <p>Every error is an unchecked configuration exception whose message names the full key (e.g.
 * {@code slowpath.policy.compaction.never-compact.log}), what is wrong, and where the value came from (file and line,
 * or the {@code --set}).
 */
public interface PolicySettings {
    /** The policy kind: {@code kswapd}, {@code reclaim}, {@code compaction} or {@code oom}. */
    String kind();

    /** The policy's registered name. */
    String name();

    /** The full path of the policy's section, e.g. {@code slowpath.policy.compaction.never-compact}. */
    String path();

    /**
     * Whether the section sets {@code key}. Asking counts as reading the key (see {@link PolicyFactory#create}).
     *
     * @param key a key relative to the section
     * @return true when the key is set (to anything but null)
     */
    boolean has(String key);

    /**
     * A whole number.
     *
     * @param key a key relative to the section
     * @return its value
     * @throws RuntimeException when the key is missing or not a whole number
     */
    long getLong(String key);

    /**
     * A whole number, or {@code defaultValue} when the key is not set.
     *
     * @param key          a key relative to the section
     * @param defaultValue the value when the key is not set
     * @return its value
     * @throws RuntimeException when the key is set but not a whole number
     */
    long getLong(String key, long defaultValue);

    /**
     * A string (a number or boolean is returned as written).
     *
     * @param key a key relative to the section
     * @return its value
     * @throws RuntimeException when the key is missing or is an object or list
     */
    String getString(String key);

    /**
     * A string, or {@code defaultValue} when the key is not set.
     *
     * @param key          a key relative to the section
     * @param defaultValue the value when the key is not set
     * @return its value
     * @throws RuntimeException when the key is set to an object or list
     */
    String getString(String key, String defaultValue);

    /**
     * A boolean ({@code true}/{@code false}, or HOCON's {@code yes}/{@code no}/{@code on}/{@code off}).
     *
     * @param key a key relative to the section
     * @return its value
     * @throws RuntimeException when the key is missing or not a boolean
     */
    boolean getBoolean(String key);

    /**
     * A boolean, or {@code defaultValue} when the key is not set.
     *
     * @param key          a key relative to the section
     * @param defaultValue the value when the key is not set
     * @return its value
     * @throws RuntimeException when the key is set but not a boolean
     */
    boolean getBoolean(String key, boolean defaultValue);

    /**
     * A numeric sysctl of the simulated kernel, {@code slowpath.vm.<name>} under its kernel name, as the kernel would
     * hold it after boot: e.g. {@code sysctl("swappiness")} is 60 by default, and {@code sysctl("min_free_kbytes")} is
     * the value the boot computed when the configuration says {@code default}. The {@code vm.} prefix is optional.
     *
     * @param name the sysctl's kernel name, e.g. {@code swappiness}, {@code extfrag_threshold}, {@code panic_on_oom}
     * @return its value
     * @throws RuntimeException when there is no such numeric sysctl (the message lists the known ones)
     */
    long sysctl(String name);
}
