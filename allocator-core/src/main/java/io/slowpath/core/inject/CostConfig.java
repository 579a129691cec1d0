package io.slowpath.core.inject;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.slowpath.api.mm.CostModel;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Reads the cost model from {@code slowpath.cost}: one HOCON duration per kind of simulated work, e.g.
 * {@code fast-path = 150ns}, {@code jiffy = 4ms}. The reference.conf defaults equal
 * {@link io.slowpath.core.sim.SimulatedKernel#defaultCosts()}.
 */
public final class CostConfig {
    /** The section read. */
    public static final String SECTION = "slowpath.cost";
    /** A value without a unit, which HOCON would silently read as milliseconds. */
    private static final Pattern BARE_NUMBER = Pattern.compile("\\s*[-+]?[0-9.eE]+\\s*");

    private CostConfig() {
    }

    /**
     * The cost model of a loaded configuration.
     *
     * @param c a configuration loaded with {@link io.slowpath.core.config.ConfigLoader}
     * @return the cost model
     * @throws io.slowpath.core.config.SlowpathConfigException naming the key, the problem and its origin
     */
    public static CostModel from(Config c) {
        return new CostModel(ns(c, "fast-path"), ns(c, "zone-scan"), ns(c, "page-scan"), ns(c, "page-reclaim"),
            ns(c, "page-migrate"), ns(c, "compact-scan"), ns(c, "writeback-io"), ns(c, "swap-out-io"),
            ns(c, "swap-in-io"), ns(c, "file-read-io"), ns(c, "page-fault"), ns(c, "congestion-wait"),
            ns(c, "jiffy"));
    }

    private static long ns(Config c, String key) {
        String path = SECTION + "." + key;
        if (!c.hasPath(path)) {
            throw ConfigErrors.bad(c, path, "missing (a duration such as 150ns, 3us or 4ms)");
        }
        ConfigValue v = c.getValue(path);
        boolean bare = v.valueType() == ConfigValueType.NUMBER
            || v.valueType() == ConfigValueType.STRING && BARE_NUMBER.matcher((String) v.unwrapped()).matches();
        if (bare) {
            throw ConfigErrors.bad(c, path, "give a unit, e.g. " + v.unwrapped() + "ns (HOCON reads a bare number as "
                + "milliseconds)");
        }
        long ns;
        try {
            ns = c.getDuration(path, TimeUnit.NANOSECONDS);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw ConfigErrors.bad(c, path, "expected a duration such as 150ns, 3us or 4ms, got " + v.render());
        }
        if (ns < 0) {
            throw ConfigErrors.bad(c, path, "must not be negative, got " + v.render());
        }
        return ns;
    }
}
