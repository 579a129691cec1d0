package io.slowpath.core.inject;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.slowpath.api.PageOrder;
import io.slowpath.core.mm.MmConfig;
import java.util.Locale;

/**
 * The memory-management model's settings from a configuration: {@code slowpath.swap.size} (the swap device, in
 * bytes, 0 for none) and {@code slowpath.transparent_hugepage.defrag} ({@code always}, {@code madvise} or
 * {@code never}; without madvise()d areas in the model, {@code madvise} behaves as {@code never}).
 */
final class MmSettings {
    static final String SWAP = "slowpath.swap.size";
    static final String DEFRAG = "slowpath.transparent_hugepage.defrag";

    private MmSettings() {
    }

    /** Reads the settings; errors name the key and where it was set. */
    static MmConfig from(Config c) {
        long bytes;
        try {
            bytes = c.getBytes(SWAP);
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw ConfigErrors.bad(c, SWAP, "expected a size such as 0, 512M or 2G, got " + c.getValue(SWAP).render());
        }
        if (bytes < 0) {
            throw ConfigErrors.bad(c, SWAP, "must not be negative, got " + bytes);
        }
        long pages = bytes / PageOrder.PAGE_SIZE;
        if (pages > Integer.MAX_VALUE) {
            throw ConfigErrors.bad(c, SWAP, "at most " + Integer.MAX_VALUE + " pages of swap are simulated, got "
                + pages);
        }
        String defrag = c.getString(DEFRAG).trim().toLowerCase(Locale.ROOT);
        boolean always = switch (defrag) {
            case "always" -> true;
            case "madvise", "never" -> false;
            default -> throw ConfigErrors.bad(c, DEFRAG, "'" + defrag + "' is not one of always, madvise, never");
        };
        return new MmConfig(pages, always, true);
    }
}
