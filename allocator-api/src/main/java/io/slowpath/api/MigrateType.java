package io.slowpath.api;

/**
 * Page mobility classes ({@code enum migratetype}, include/linux/mmzone.h) of the reference 3.10.108 kernel, built
 * without CONFIG_CMA and CONFIG_MEMORY_ISOLATION, so {@code MIGRATE_TYPES} is 4.
 */
public enum MigrateType {
    /** {@code MIGRATE_UNMOVABLE}: kernel allocations that never move. */
    UNMOVABLE("Unmovable", 'U'),
    /** {@code MIGRATE_RECLAIMABLE}: reclaimable slab and similar. */
    RECLAIMABLE("Reclaimable", 'E'),
    /** {@code MIGRATE_MOVABLE}: user pages and page cache. */
    MOVABLE("Movable", 'M'),
    /** {@code MIGRATE_RESERVE}: the last-resort pageblocks set aside by {@code setup_zone_migrate_reserve}. */
    RESERVE("Reserve", 'R');

    /** {@code MIGRATE_PCPTYPES}: the types that have a per-CPU list (all but RESERVE). */
    public static final int MIGRATE_PCPTYPES = 3;
    /** {@code MIGRATE_TYPES}. */
    public static final int MIGRATE_TYPES = 4;

    private static final MigrateType[] BY_INDEX = values();

    private final String kernelName;
    private final char letter;

    MigrateType(String kernelName, char letter) {
        this.kernelName = kernelName;
        this.letter = letter;
    }

    /** The kernel's numeric value. */
    public int index() {
        return ordinal();
    }

    /** The name printed by /proc/pagetypeinfo ({@code migratetype_names[]}). */
    public String kernelName() {
        return kernelName;
    }

    /** The letter printed by {@code show_free_areas} in OOM reports (U, E, M, R). */
    public char letter() {
        return letter;
    }

    /** The migrate type with the given kernel value. */
    public static MigrateType ofIndex(int index) {
        if (index < 0 || index >= BY_INDEX.length) {
            throw new IllegalArgumentException("migrate type " + index + " is not in 0.." + (BY_INDEX.length - 1));
        }
        return BY_INDEX[index];
    }

    /** The migrate type for a {@code show_free_areas} letter. */
    public static MigrateType ofLetter(char letter) {
        for (MigrateType t : BY_INDEX) {
            if (t.letter == letter) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown migrate type letter '" + letter + "' (known: U, E, M, R)");
    }
}
