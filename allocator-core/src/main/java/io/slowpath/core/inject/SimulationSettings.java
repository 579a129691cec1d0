package io.slowpath.core.inject;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/**
 * The simulation's own settings, {@code slowpath.simulation}.
 *
 * @param maxSlowpathLoops passes after which an allocation that 3.10 would retry for ever is given up and recorded
 *                         as a livelock ({@code max-slowpath-loops})
 * @param seed             the seed of every pseudo-random choice of a run ({@code seed}): the same configuration
 *                         and seed give the same run
 */
public record SimulationSettings(int maxSlowpathLoops, long seed) {
    /** The section read. */
    public static final String SECTION = "slowpath.simulation";

    /**
     * Checks the settings.
     *
     * @param maxSlowpathLoops at least 1
     * @param seed             any value
     */
    public SimulationSettings {
        if (maxSlowpathLoops < 1) {
            throw new IllegalArgumentException("max-slowpath-loops must be at least 1, got " + maxSlowpathLoops);
        }
    }

    /**
     * Reads {@code slowpath.simulation} of a loaded configuration.
     *
     * @throws io.slowpath.core.config.SlowpathConfigException naming the key, the problem and its origin
     */
    public static SimulationSettings from(Config c) {
        String loopsPath = SECTION + ".max-slowpath-loops";
        String seedPath = SECTION + ".seed";
        int loops;
        long seed;
        try {
            loops = c.getInt(loopsPath);
        } catch (ConfigException.WrongType e) {
            throw ConfigErrors.bad(c, loopsPath, "expected a whole number, got " + c.getValue(loopsPath).render());
        }
        if (loops < 1) {
            throw ConfigErrors.bad(c, loopsPath, "must be at least 1, got " + loops);
        }
        try {
            seed = c.getLong(seedPath);
        } catch (ConfigException.WrongType e) {
            throw ConfigErrors.bad(c, seedPath, "expected a whole number, got " + c.getValue(seedPath).render());
        }
        return new SimulationSettings(loops, seed);
    }
}
