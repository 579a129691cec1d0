package io.slowpath.core.inject;

import com.typesafe.config.Config;
import io.slowpath.core.config.SlowpathConfigException;

/** Configuration errors that name the key, the problem and where the value came from. */
final class ConfigErrors {
    private ConfigErrors() {
    }

    /** An error about {@code path}: {@code "path: problem (origin)"}. */
    static SlowpathConfigException bad(Config c, String path, String problem) {
        return new SlowpathConfigException(path + ": " + problem + origin(c, path));
    }

    /** {@code " (origin)"} of the value at {@code path}, or empty when it is not set. */
    static String origin(Config c, String path) {
        return c.hasPath(path) ? " (" + c.getValue(path).origin().description() + ")" : "";
    }
}
