package io.slowpath.core.config;

import java.util.Locale;

/**
 * The 3.10 kernel being simulated ({@code slowpath.kernel.flavour}). Each behaviour that differs between the two
 * (see the project's el7-differences spec) is decided at one place by asking the flavour, never by a fork of a class.
 */
public enum KernelFlavour {
    /** kernel.org Linux 3.10.108. */
    MAINLINE_3_10_108("3.10.108"),
    /** CentOS/RHEL 7's 3.10.0-1160.el7. */
    EL7("el7");

    private final String configName;

    KernelFlavour(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration and reports. */
    public String configName() {
        return configName;
    }

    /** Upper clamp of the default {@code min_free_kbytes} ({@code init_per_zone_wmark_min}). */
    public long minFreeKbytesCap() {
        return this == EL7 ? 262144 : 65536;
    }

    /** Whether the fast path uses the fair zone allocation policy ({@code ALLOC_FAIR}, el7 only). */
    public boolean fairZoneAllocation() {
        return this == EL7;
    }

    /** The flavour for a configured name; throws listing the known names. */
    public static KernelFlavour ofConfigName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (KernelFlavour f : values()) {
            if (f.configName.equals(n)) {
                return f;
            }
        }
        if (n.startsWith("3.10.0-") && n.contains("el7")) {
            return EL7;
        }
        throw new IllegalArgumentException("unknown kernel flavour '" + name + "' (known: 3.10.108, el7)");
    }
}
