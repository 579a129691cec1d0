package io.slowpath.core.alloc;

/** The allocator's internal {@code ALLOC_*} flags (mm/internal.h, Linux 3.10), with el7's {@code ALLOC_FAIR}. */
public final class AllocFlags {
    /** Use the min watermark. */
    public static final int ALLOC_WMARK_MIN = 0x00;
    /** Use the low watermark. */
    public static final int ALLOC_WMARK_LOW = 0x01;
    /** Use the high watermark. */
    public static final int ALLOC_WMARK_HIGH = 0x02;
    /** Do not check watermarks at all. */
    public static final int ALLOC_NO_WATERMARKS = 0x04;
    /** The bits that index {@code zone->watermark[]}. */
    public static final int ALLOC_WMARK_MASK = ALLOC_NO_WATERMARKS - 1;
    /** Try to alloc harder: the watermark is cut by a quarter. */
    public static final int ALLOC_HARDER = 0x10;
    /** {@code __GFP_HIGH} set: the watermark is halved. */
    public static final int ALLOC_HIGH = 0x20;
    /** Check the cpuset. */
    public static final int ALLOC_CPUSET = 0x40;
    /** Allow CMA pageblocks (unused: CMA is off). */
    public static final int ALLOC_CMA = 0x80;
    /** el7 only: the fair zone allocation pass ({@code ALLOC_FAIR}, from 3.12). */
    public static final int ALLOC_FAIR = 0x100;

    private AllocFlags() {
    }

    /** The flags as a readable string, e.g. {@code ALLOC_WMARK_LOW|ALLOC_CPUSET}. */
    public static String toString(int flags) {
        StringBuilder sb = new StringBuilder();
        switch (flags & ALLOC_WMARK_MASK) {
            case ALLOC_WMARK_LOW -> sb.append("ALLOC_WMARK_LOW");
            case ALLOC_WMARK_HIGH -> sb.append("ALLOC_WMARK_HIGH");
            default -> sb.append("ALLOC_WMARK_MIN");
        }
        String[] names = {"ALLOC_NO_WATERMARKS", null, "ALLOC_HARDER", "ALLOC_HIGH", "ALLOC_CPUSET", "ALLOC_CMA",
            "ALLOC_FAIR"};
        for (int bit = 2, i = 0; i < names.length; bit++, i++) {
            if (names[i] != null && (flags & (1 << bit)) != 0) {
                sb.append('|').append(names[i]);
            }
        }
        return sb.toString();
    }
}
