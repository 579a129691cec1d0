package io.slowpath.api;

/**
 * The zone types of an x86_64 Linux 3.10 kernel ({@code enum zone_type}, include/linux/mmzone.h), in index order.
 * There is no ZONE_HIGHMEM on x86_64, so {@code MAX_NR_ZONES} is 4.
 */
public enum ZoneType {
    /** {@code ZONE_DMA}: the first 16 MiB. */
    DMA("DMA"),
    /** {@code ZONE_DMA32}: below 4 GiB. */
    DMA32("DMA32"),
    /** {@code ZONE_NORMAL}: everything above 4 GiB. */
    NORMAL("Normal"),
    /** {@code ZONE_MOVABLE}: carved from the top of a node with {@code kernelcore=}/{@code movablecore=}. */
    MOVABLE("Movable");

    /** {@code MAX_NR_ZONES}. */
    public static final int MAX_NR_ZONES = 4;

    private static final ZoneType[] BY_INDEX = values();

    private final String kernelName;

    ZoneType(String kernelName) {
        this.kernelName = kernelName;
    }

    /** The zone index ({@code zone_idx}), 0 for DMA up to 3 for Movable. */
    public int index() {
        return ordinal();
    }

    /** The name the kernel prints in /proc and OOM reports ({@code zone_names[]}), e.g. {@code Normal}. */
    public String kernelName() {
        return kernelName;
    }

    /** The zone type with the given index. */
    public static ZoneType ofIndex(int index) {
        if (index < 0 || index >= BY_INDEX.length) {
            throw new IllegalArgumentException("zone index " + index + " is not in 0.." + (BY_INDEX.length - 1));
        }
        return BY_INDEX[index];
    }

    /** The zone type the kernel prints under this name ({@code DMA}, {@code DMA32}, {@code Normal}, {@code Movable}). */
    public static ZoneType ofKernelName(String name) {
        for (ZoneType t : BY_INDEX) {
            if (t.kernelName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown zone name '" + name + "' (known: DMA, DMA32, Normal, Movable)");
    }
}
