package io.slowpath.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The GFP ("get free pages") mask vocabulary of Linux 3.10: every flag bit and composite mask of
 * include/linux/gfp.h at its kernel value, the decoders the allocator applies to a mask ({@code gfp_zone},
 * {@code allocflags_to_migratetype}, {@code gfp_zonelist}, the "atomic" test of {@code gfp_to_alloc_flags}),
 * and conversions between masks and text.
 *
 * <p>A mask is a Java {@code int} holding the kernel's unsigned 32-bit {@code gfp_t}. Mainline 3.10 uses the low
 * {@value #__GFP_BITS_SHIFT} bits ({@link #__GFP_BITS_MASK}). The PaX/grsecurity vendor bit {@code ___GFP_USERCOPY}
 * (0x2000000) is not modelled, and masks printed by 4.x and later kernels use a different bit layout, so they
 * cannot be decoded with these constants.
 *
 * <p>Constants keep the kernel's names, including the leading underscores (for example {@code Gfp.__GFP_HIGHMEM}),
 * so code reads like the kernel it models. Zone decoding follows x86_64 (no ZONE_HIGHMEM) with CONFIG_NUMA=y.
 */
public final class Gfp {

    private Gfp() {
    }

    // ---------------------------------------------------------------------------------------------------------
    // Single bits (include/linux/gfp.h, ___GFP_* values)
    // ---------------------------------------------------------------------------------------------------------

    /** Zone modifier: allocate from ZONE_DMA (at most). */
    public static final int __GFP_DMA = 0x01;
    /** Zone modifier: allocate up to ZONE_HIGHMEM, which is ZONE_NORMAL on x86_64; with {@link #__GFP_MOVABLE} it means ZONE_MOVABLE. */
    public static final int __GFP_HIGHMEM = 0x02;
    /** Zone modifier: allocate from ZONE_DMA32 (at most). */
    public static final int __GFP_DMA32 = 0x04;
    /** Zone modifier and mobility: the page can be migrated; migratetype MIGRATE_MOVABLE. */
    public static final int __GFP_MOVABLE = 0x08;
    /** The caller may sleep: direct reclaim and compaction are allowed. */
    public static final int __GFP_WAIT = 0x10;
    /** The caller may use the emergency pool (becomes ALLOC_HIGH, the same value). */
    public static final int __GFP_HIGH = 0x20;
    /** The caller may start physical I/O. */
    public static final int __GFP_IO = 0x40;
    /** The caller may call into the filesystem; needed to reach the OOM killer. */
    public static final int __GFP_FS = 0x80;
    /** A cache-cold page is wanted: an order-0 page comes from the tail of the per-CPU list. */
    public static final int __GFP_COLD = 0x100;
    /** Do not print the "page allocation failure" report. */
    public static final int __GFP_NOWARN = 0x200;
    /** Retry costly orders while reclaim makes progress. */
    public static final int __GFP_REPEAT = 0x400;
    /** Retry for ever: the caller cannot handle failure. */
    public static final int __GFP_NOFAIL = 0x800;
    /** Never loop in the slow path and never invoke the OOM killer. */
    public static final int __GFP_NORETRY = 0x1000;
    /** Ignore watermarks (ALLOC_NO_WATERMARKS). */
    public static final int __GFP_MEMALLOC = 0x2000;
    /** Make a compound page (order above 0 only). */
    public static final int __GFP_COMP = 0x4000;
    /** Zero the page(s) in {@code prep_new_page}. */
    public static final int __GFP_ZERO = 0x8000;
    /** Never use the reserves; overrides {@link #__GFP_MEMALLOC}, PF_MEMALLOC and TIF_MEMDIE. */
    public static final int __GFP_NOMEMALLOC = 0x10000;
    /** Enforce the cpuset hardwall; the fast path always ORs it in. */
    public static final int __GFP_HARDWALL = 0x20000;
    /** This node only: use {@code node_zonelists[1]}, no fallback, no memory policy. */
    public static final int __GFP_THISNODE = 0x40000;
    /** Mobility: the page is reclaimable; migratetype MIGRATE_RECLAIMABLE. */
    public static final int __GFP_RECLAIMABLE = 0x80000;
    /** Charge the page to the memcg kmem counter. */
    public static final int __GFP_KMEMCG = 0x100000;
    /** kmemcheck: do not track the page. */
    public static final int __GFP_NOTRACK = 0x200000;
    /** The slow path does not wake kswapd (transparent huge pages). */
    public static final int __GFP_NO_KSWAPD = 0x400000;
    /** NUMA hit/miss accounting uses the preferred zone's node instead of the current CPU's node. */
    public static final int __GFP_OTHER_NODE = 0x800000;
    /** The page will be dirtied: spread over zones by dirty limit ({@code zone_dirty_ok}). */
    public static final int __GFP_WRITE = 0x1000000;

    /** Same as {@link #__GFP_NOTRACK}; the kernel uses this name to mark kmemcheck false positives. */
    public static final int __GFP_NOTRACK_FALSE_POSITIVE = __GFP_NOTRACK;

    /** Number of flag bits in a 3.10 {@code gfp_t}: 25 (it is a count, not a mask). */
    public static final int __GFP_BITS_SHIFT = 25;
    /** All flag bits of a 3.10 {@code gfp_t}: 0x1ffffff. */
    public static final int __GFP_BITS_MASK = (1 << __GFP_BITS_SHIFT) - 1;

    // ---------------------------------------------------------------------------------------------------------
    // Composite masks (include/linux/gfp.h)
    // ---------------------------------------------------------------------------------------------------------

    /** The four zone modifier bits: DMA|HIGHMEM|DMA32|MOVABLE = 0xf. */
    public static final int GFP_ZONEMASK = __GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE;
    /** Atomic and without the emergency pool: 0. */
    public static final int GFP_NOWAIT = 0;
    /** Cannot sleep, may use the emergency pool: __GFP_HIGH = 0x20. */
    public static final int GFP_ATOMIC = __GFP_HIGH;
    /** May sleep, but no I/O and no filesystem: __GFP_WAIT alone = 0x10. */
    public static final int GFP_NOIO = __GFP_WAIT;
    /** May sleep and start I/O, no filesystem: WAIT|IO = 0x50. */
    public static final int GFP_NOFS = __GFP_WAIT | __GFP_IO;
    /** Ordinary kernel allocation: WAIT|IO|FS = 0xd0. */
    public static final int GFP_KERNEL = __GFP_WAIT | __GFP_IO | __GFP_FS;
    /** Short-lived reclaimable kernel allocation: GFP_KERNEL|RECLAIMABLE = 0x800d0. */
    public static final int GFP_TEMPORARY = GFP_KERNEL | __GFP_RECLAIMABLE;
    /** User-space allocation from low memory: GFP_KERNEL|HARDWALL = 0x200d0. */
    public static final int GFP_USER = GFP_KERNEL | __GFP_HARDWALL;
    /** User-space allocation that may use highmem: GFP_USER|HIGHMEM = 0x200d2. */
    public static final int GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM;
    /** User pages and page cache: GFP_HIGHUSER|MOVABLE = 0x200da. */
    public static final int GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER | __GFP_MOVABLE;
    /** The I/O and filesystem bits: IO|FS = 0xc0 (cleared during suspend). */
    public static final int GFP_IOFS = __GFP_IO | __GFP_FS;
    /** Transparent huge page fault: GFP_HIGHUSER_MOVABLE|COMP|NOMEMALLOC|NORETRY|NOWARN|NO_KSWAPD = 0x4352da. */
    public static final int GFP_TRANSHUGE = GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NORETRY
            | __GFP_NOWARN | __GFP_NO_KSWAPD;
    /** This node only, quietly, without retrying: THISNODE|NOWARN|NORETRY = 0x41200 (the CONFIG_NUMA value). */
    public static final int GFP_THISNODE = __GFP_THISNODE | __GFP_NOWARN | __GFP_NORETRY;
    /** The mobility bits: RECLAIMABLE|MOVABLE = 0x80008. */
    public static final int GFP_MOVABLE_MASK = __GFP_RECLAIMABLE | __GFP_MOVABLE;
    /** The bits that steer reclaim: WAIT|HIGH|IO|FS|NOWARN|REPEAT|NOFAIL|NORETRY|MEMALLOC|NOMEMALLOC = 0x13ef0. */
    public static final int GFP_RECLAIM_MASK = __GFP_WAIT | __GFP_HIGH | __GFP_IO | __GFP_FS | __GFP_NOWARN
            | __GFP_REPEAT | __GFP_NOFAIL | __GFP_NORETRY | __GFP_MEMALLOC | __GFP_NOMEMALLOC;
    /** {@code gfp_allowed_mask} during early boot: every bit but WAIT|IO|FS = 0x1ffff2f. */
    public static final int GFP_BOOT_MASK = __GFP_BITS_MASK & ~(__GFP_WAIT | __GFP_IO | __GFP_FS);
    /** The allocation constraint bits: HARDWALL|THISNODE = 0x60000. */
    public static final int GFP_CONSTRAINT_MASK = __GFP_HARDWALL | __GFP_THISNODE;
    /** Bits a slab allocation must not carry: DMA32|HIGHMEM|~__GFP_BITS_MASK = 0xfe000006 (negative as an int). */
    public static final int GFP_SLAB_BUG_MASK = __GFP_DMA32 | __GFP_HIGHMEM | ~__GFP_BITS_MASK;
    /** DMA-able memory: __GFP_DMA = 0x1. */
    public static final int GFP_DMA = __GFP_DMA;
    /** Memory below 4 GiB: __GFP_DMA32 = 0x4. */
    public static final int GFP_DMA32 = __GFP_DMA32;

    // ---------------------------------------------------------------------------------------------------------
    // gfp_zone() tables (x86_64: ZONE_DMA 0, ZONE_DMA32 1, ZONE_NORMAL 2, ZONE_MOVABLE 3; ZONES_SHIFT 2)
    // ---------------------------------------------------------------------------------------------------------

    /** Bits per entry of {@link #GFP_ZONE_TABLE} ({@code ZONES_SHIFT}, 2 on x86_64 where MAX_NR_ZONES is 4). */
    static final int ZONES_SHIFT = 2;

    /**
     * {@code GFP_ZONE_TABLE} on x86_64 without CONFIG_HIGHMEM: the highest zone index for each of the 16 zone-bit
     * combinations, {@value #ZONES_SHIFT} bits per entry, entry {@code mask & GFP_ZONEMASK} = 0x1320122.
     */
    public static final int GFP_ZONE_TABLE = zoneEntry(0, ZoneType.NORMAL)
            | zoneEntry(__GFP_DMA, ZoneType.DMA)
            | zoneEntry(__GFP_HIGHMEM, ZoneType.NORMAL) // OPT_ZONE_HIGHMEM falls back to NORMAL on x86_64
            | zoneEntry(__GFP_DMA32, ZoneType.DMA32)
            | zoneEntry(__GFP_MOVABLE, ZoneType.NORMAL)
            | zoneEntry(__GFP_MOVABLE | __GFP_DMA, ZoneType.DMA)
            | zoneEntry(__GFP_MOVABLE | __GFP_HIGHMEM, ZoneType.MOVABLE)
            | zoneEntry(__GFP_MOVABLE | __GFP_DMA32, ZoneType.DMA32);

    /**
     * {@code GFP_ZONE_BAD}: one bit for each invalid zone-bit combination (0x3, 0x5, 0x6, 0x7, 0xb, 0xd, 0xe, 0xf),
     * = 0xe8e8.
     */
    public static final int GFP_ZONE_BAD = 1 << (__GFP_DMA | __GFP_HIGHMEM)
            | 1 << (__GFP_DMA | __GFP_DMA32)
            | 1 << (__GFP_DMA32 | __GFP_HIGHMEM)
            | 1 << (__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM)
            | 1 << (__GFP_MOVABLE | __GFP_HIGHMEM | __GFP_DMA)
            | 1 << (__GFP_MOVABLE | __GFP_DMA32 | __GFP_DMA)
            | 1 << (__GFP_MOVABLE | __GFP_DMA32 | __GFP_HIGHMEM)
            | 1 << (__GFP_MOVABLE | __GFP_DMA32 | __GFP_DMA | __GFP_HIGHMEM);

    /** {@code ___GFP_USERCOPY} of PaX/grsecurity vendor trees; not a mainline bit, only named in error messages. */
    static final int PAX_GFP_USERCOPY = 0x2000000;

    private static int zoneEntry(int zoneBits, ZoneType zone) {
        return zone.index() << (zoneBits * ZONES_SHIFT);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Decoders
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Whether every bit of {@code bits} is set in {@code mask} ({@code true} when {@code bits} is 0).
     *
     * @param mask a GFP mask
     * @param bits one flag or several ORed together, e.g. {@code __GFP_IO | __GFP_FS}
     */
    public static boolean has(int mask, int bits) {
        return (mask & bits) == bits;
    }

    /**
     * Whether the mask is "atomic" as {@code gfp_to_alloc_flags} defines it (mm/page_alloc.c, Linux 3.10): neither
     * {@link #__GFP_WAIT} nor {@link #__GFP_NO_KSWAPD} is set. Such a request gets ALLOC_HARDER (unless
     * {@link #__GFP_NOMEMALLOC}) and drops ALLOC_CPUSET. GFP_ATOMIC and GFP_NOWAIT are atomic; GFP_TRANSHUGE is not.
     *
     * @param mask a GFP mask
     */
    public static boolean isAtomic(int mask) {
        return (mask & (__GFP_WAIT | __GFP_NO_KSWAPD)) == 0;
    }

    /**
     * Models include/linux/gfp.h: gfp_zonelist (Linux 3.10, CONFIG_NUMA=y): the index into
     * {@code node_zonelists[]}, 1 (this node's zones only) with {@link #__GFP_THISNODE}, else 0 (full fallback list).
     *
     * @param mask a GFP mask
     */
    public static int zonelistIndex(int mask) {
        return (mask & __GFP_THISNODE) != 0 ? 1 : 0;
    }

    /**
     * Whether the zone bits of {@code mask} ({@code mask & GFP_ZONEMASK}) are a combination that
     * {@link #gfpZone(int)} accepts, i.e. not one of the {@link #GFP_ZONE_BAD} combinations.
     *
     * @param mask a GFP mask
     */
    public static boolean isValidZoneCombination(int mask) {
        return ((GFP_ZONE_BAD >>> (mask & GFP_ZONEMASK)) & 1) == 0;
    }

    /**
     * Models include/linux/gfp.h: gfp_zone (Linux 3.10, x86_64): the highest zone the allocation may use
     * ({@code high_zoneidx}), looked up in {@link #GFP_ZONE_TABLE}. None, {@code __GFP_HIGHMEM} and
     * {@code __GFP_MOVABLE} alone give NORMAL; {@code __GFP_DMA} gives DMA; {@code __GFP_DMA32} gives DMA32;
     * {@code __GFP_MOVABLE|__GFP_HIGHMEM} gives MOVABLE.
     *
     * @param mask a GFP mask; only its zone bits are looked at
     * @return the highest usable zone type
     * @throws IllegalArgumentException if the zone bits are an invalid combination ({@link #GFP_ZONE_BAD}); the
     *                                  kernel hits VM_BUG_ON there with CONFIG_DEBUG_VM and otherwise silently
     *                                  uses ZONE_DMA
     */
    public static ZoneType gfpZone(int mask) {
        int zoneBits = mask & GFP_ZONEMASK;
        if (!isValidZoneCombination(mask)) {
            throw badZoneCombination(mask);
        }
        return ZoneType.ofIndex((GFP_ZONE_TABLE >>> (zoneBits * ZONES_SHIFT)) & ((1 << ZONES_SHIFT) - 1));
    }

    /** Out of line: {@link #gfpZone} runs on every allocation and must stay small enough to inline. */
    private static IllegalArgumentException badZoneCombination(int mask) {
        int zoneBits = mask & GFP_ZONEMASK;
        return new IllegalArgumentException("gfp mask " + toHex(mask) + " (" + toSymbolic(mask)
                + ") has an invalid zone modifier combination " + toHex(zoneBits) + " (" + toSymbolic(zoneBits)
                + "): at most one of __GFP_DMA, __GFP_HIGHMEM, __GFP_DMA32 may be set (GFP_ZONE_BAD;"
                + " gfp_zone() would VM_BUG_ON with CONFIG_DEBUG_VM)");
    }

    /**
     * Models include/linux/gfp.h: allocflags_to_migratetype (Linux 3.10) with grouping by mobility on (every real
     * machine): {@code __GFP_MOVABLE} gives MOVABLE, {@code __GFP_RECLAIMABLE} gives RECLAIMABLE, neither gives
     * UNMOVABLE.
     *
     * @param mask a GFP mask
     * @throws IllegalArgumentException if both mobility bits are set (the kernel warns and returns MIGRATE_RESERVE)
     */
    public static MigrateType migrateType(int mask) {
        return migrateType(mask, false);
    }

    /**
     * Models include/linux/gfp.h: allocflags_to_migratetype (Linux 3.10).
     *
     * @param mask                         a GFP mask
     * @param pageGroupByMobilityDisabled  the kernel's {@code page_group_by_mobility_disabled} (set on machines with
     *                                     fewer than {@code pageblock_nr_pages * MIGRATE_TYPES} pages); when true the
     *                                     result is always UNMOVABLE
     * @throws IllegalArgumentException if both {@code __GFP_MOVABLE} and {@code __GFP_RECLAIMABLE} are set (checked
     *                                  first, as the kernel's WARN_ON is)
     */
    public static MigrateType migrateType(int mask, boolean pageGroupByMobilityDisabled) {
        if (has(mask, GFP_MOVABLE_MASK)) {
            throw bothMobilityBits(mask);
        }
        if (pageGroupByMobilityDisabled) {
            return MigrateType.UNMOVABLE;
        }
        int index = ((mask & __GFP_MOVABLE) != 0 ? 2 : 0) | ((mask & __GFP_RECLAIMABLE) != 0 ? 1 : 0);
        return MigrateType.ofIndex(index);
    }

    /** Out of line, as {@link #badZoneCombination}. */
    private static IllegalArgumentException bothMobilityBits(int mask) {
        return new IllegalArgumentException("gfp mask " + toHex(mask) + " (" + toSymbolic(mask)
                + ") sets both __GFP_MOVABLE and __GFP_RECLAIMABLE: allocflags_to_migratetype() warns"
                + " and would return MIGRATE_RESERVE; a page has one mobility class");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Printing
    // ---------------------------------------------------------------------------------------------------------

    /**
     * The mask as the kernel prints it with {@code 0x%x}, e.g. {@code 0x280da}; {@code 0x0} for zero. The int is
     * taken as unsigned, so {@code GFP_SLAB_BUG_MASK} prints as {@code 0xfe000006}.
     *
     * @param mask a GFP mask
     */
    public static String toHex(int mask) {
        return "0x" + Integer.toHexString(mask);
    }

    /**
     * A readable name for the mask that {@link #parse(String)} turns back into the same value (for masks within
     * {@link #__GFP_BITS_MASK}). Rule:
     * <ol>
     *   <li>0 is {@code GFP_NOWAIT}.</li>
     *   <li>Composite masks are tried in this order, and each one whose bits are all still unnamed is taken and
     *       its bits marked named: GFP_TRANSHUGE, GFP_HIGHUSER_MOVABLE, GFP_HIGHUSER, GFP_USER, GFP_TEMPORARY,
     *       GFP_KERNEL, GFP_NOFS, GFP_NOIO, GFP_THISNODE, GFP_ATOMIC. Two guards keep names honest: GFP_NOIO
     *       ({@code __GFP_WAIT} alone) is not used when the mask has {@code __GFP_FS}, and GFP_ATOMIC
     *       ({@code __GFP_HIGH} alone) is not used when the mask has {@code __GFP_WAIT}, so 0xf0 is
     *       {@code GFP_KERNEL|__GFP_HIGH}, not {@code GFP_KERNEL|GFP_ATOMIC}.</li>
     *   <li>The remaining flag bits follow by their {@code __GFP_*} names in bit order (GFP_DMA, GFP_DMA32, GFP_IOFS
     *       and the *_MASK constants are never used for printing).</li>
     *   <li>Bits above {@link #__GFP_BITS_MASK} are appended as one hex term, e.g. {@code GFP_KERNEL|0x2000000}.</li>
     * </ol>
     * Examples: 0x280da is {@code GFP_HIGHUSER_MOVABLE|__GFP_ZERO}, 0xd0 is {@code GFP_KERNEL}, 0x2d0 is
     * {@code GFP_KERNEL|__GFP_NOWARN}, 0x20 is {@code GFP_ATOMIC}. This is modelled on the kernel's trace output
     * ({@link #toTraceString(int)}) but names every bit and keeps the kernel macro names.
     *
     * @param mask a GFP mask
     */
    public static String toSymbolic(int mask) {
        if (mask == 0) {
            return "GFP_NOWAIT";
        }
        List<String> terms = new ArrayList<>();
        int left = mask;
        for (Composite c : SYMBOLIC_COMPOSITES) {
            if ((left & c.bits) == c.bits && (mask & c.notWith) == 0) {
                terms.add(c.name);
                left &= ~c.bits;
            }
        }
        for (int bit = 0; bit < __GFP_BITS_SHIFT; bit++) {
            if ((left & (1 << bit)) != 0) {
                terms.add(BIT_NAMES[bit]);
            }
        }
        int unknown = left & ~__GFP_BITS_MASK;
        if (unknown != 0) {
            terms.add(toHex(unknown));
        }
        return String.join("|", terms);
    }

    /**
     * The mask exactly as a 3.10 tracepoint prints it (include/trace/events/gfpflags.h: show_gfp_flags, through
     * {@code ftrace_print_flags_seq}), e.g. in {@code mm_page_alloc gfp_flags=GFP_HIGHUSER_MOVABLE|GFP_ZERO}.
     * Names drop the {@code __} prefix; bits the kernel's table lacks ({@code __GFP_FS}, {@code __GFP_DMA},
     * {@code __GFP_DMA32}, {@code __GFP_HIGHMEM}, {@code __GFP_WRITE}) are left over and printed as one hex
     * term, and 0xf0 prints as {@code GFP_KERNEL|GFP_ATOMIC}. Note that the trace name {@code GFP_THISNODE} stands
     * for the single bit {@code __GFP_THISNODE} there, whereas {@link #parse(String)} reads {@code GFP_THISNODE} as
     * the composite 0x41200.
     *
     * @param mask a GFP mask
     */
    public static String toTraceString(int mask) {
        if (mask == 0) {
            return "GFP_NOWAIT";
        }
        StringBuilder out = new StringBuilder();
        int left = mask;
        for (int i = 0; i < TRACE_MASKS.length && left != 0; i++) {
            int bits = TRACE_MASKS[i];
            if ((left & bits) == bits) {
                appendTerm(out, TRACE_NAMES[i]);
                left &= ~bits;
            }
        }
        if (left != 0) {
            appendTerm(out, toHex(left));
        }
        return out.toString();
    }

    private static void appendTerm(StringBuilder out, String term) {
        if (out.length() > 0) {
            out.append('|');
        }
        out.append(term);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Parsing
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Reads a GFP mask written as a number or as flag names, e.g. {@code 0x280da}, {@code 0X280DA}, {@code 208},
     * {@code GFP_KERNEL}, {@code GFP_KERNEL | __GFP_NOWARN}, {@code GFP_USER|0x8000}.
     * <ul>
     *   <li>Terms are joined by {@code |}, with optional spaces around them; their values are ORed.</li>
     *   <li>A number is hexadecimal with a {@code 0x}/{@code 0X} prefix, otherwise decimal (a leading 0 does not
     *       mean octal). It must fit in 32 bits.</li>
     *   <li>A name is any composite ({@code GFP_KERNEL}, {@code GFP_TRANSHUGE}, {@code GFP_RECLAIM_MASK}, ...) or
     *       flag ({@code __GFP_NOWARN}) of include/linux/gfp.h, also {@code ___GFP_*} and
     *       {@code __GFP_BITS_MASK}, in any letter case. A name may drop or add the {@code __} prefix when that
     *       leaves one meaning: {@code GFP_NOWARN} is {@code __GFP_NOWARN} (so tracepoint output parses). A name that
     *       exists as written always wins, so {@code GFP_THISNODE} is the composite 0x41200 and
     *       {@code __GFP_THISNODE} the bit 0x40000.</li>
     *   <li>No term may set bits above {@link #__GFP_BITS_MASK}: such masks come from PaX trees
     *       ({@code ___GFP_USERCOPY}, 0x2000000) or from kernels with another bit layout (4.x and later).</li>
     * </ul>
     *
     * @param text the text to read
     * @return the mask
     * @throws GfpParseException if the text is empty, a term is empty or malformed, a name is unknown (the message
     *                           suggests the closest known names) or a term has bits outside the 3.10 mask
     */
    public static int parse(String text) {
        return new Parser(text).parse();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Name tables
    // ---------------------------------------------------------------------------------------------------------

    /** A composite used by {@link #toSymbolic}: taken only if the whole mask has none of {@code notWith}. */
    private record Composite(String name, int bits, int notWith) {
    }

    private static final List<Composite> SYMBOLIC_COMPOSITES = List.of(
            new Composite("GFP_TRANSHUGE", GFP_TRANSHUGE, 0),
            new Composite("GFP_HIGHUSER_MOVABLE", GFP_HIGHUSER_MOVABLE, 0),
            new Composite("GFP_HIGHUSER", GFP_HIGHUSER, 0),
            new Composite("GFP_USER", GFP_USER, 0),
            new Composite("GFP_TEMPORARY", GFP_TEMPORARY, 0),
            new Composite("GFP_KERNEL", GFP_KERNEL, 0),
            new Composite("GFP_NOFS", GFP_NOFS, __GFP_FS),
            new Composite("GFP_NOIO", GFP_NOIO, __GFP_FS),
            new Composite("GFP_THISNODE", GFP_THISNODE, 0),
            new Composite("GFP_ATOMIC", GFP_ATOMIC, __GFP_WAIT));

    /** {@code __GFP_*} name of each bit number, 0 ({@code __GFP_DMA}) to 24 ({@code __GFP_WRITE}). */
    private static final String[] BIT_NAMES = {
        "__GFP_DMA", "__GFP_HIGHMEM", "__GFP_DMA32", "__GFP_MOVABLE", "__GFP_WAIT", "__GFP_HIGH", "__GFP_IO",
        "__GFP_FS", "__GFP_COLD", "__GFP_NOWARN", "__GFP_REPEAT", "__GFP_NOFAIL", "__GFP_NORETRY",
        "__GFP_MEMALLOC", "__GFP_COMP", "__GFP_ZERO", "__GFP_NOMEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE",
        "__GFP_RECLAIMABLE", "__GFP_KMEMCG", "__GFP_NOTRACK", "__GFP_NO_KSWAPD", "__GFP_OTHER_NODE", "__GFP_WRITE",
    };

    /** show_gfp_flags of include/trace/events/gfpflags.h (Linux 3.10), in its order. */
    private static final int[] TRACE_MASKS = {
        GFP_TRANSHUGE, GFP_HIGHUSER_MOVABLE, GFP_HIGHUSER, GFP_USER, GFP_TEMPORARY, GFP_KERNEL, GFP_NOFS,
        GFP_ATOMIC, GFP_NOIO, __GFP_HIGH, __GFP_WAIT, __GFP_IO, __GFP_COLD, __GFP_NOWARN, __GFP_REPEAT,
        __GFP_NOFAIL, __GFP_NORETRY, __GFP_COMP, __GFP_ZERO, __GFP_NOMEMALLOC, __GFP_MEMALLOC, __GFP_HARDWALL,
        __GFP_THISNODE, __GFP_RECLAIMABLE, __GFP_KMEMCG, __GFP_MOVABLE, __GFP_NOTRACK, __GFP_NO_KSWAPD,
        __GFP_OTHER_NODE,
    };
    private static final String[] TRACE_NAMES = {
        "GFP_TRANSHUGE", "GFP_HIGHUSER_MOVABLE", "GFP_HIGHUSER", "GFP_USER", "GFP_TEMPORARY", "GFP_KERNEL",
        "GFP_NOFS", "GFP_ATOMIC", "GFP_NOIO", "GFP_HIGH", "GFP_WAIT", "GFP_IO", "GFP_COLD", "GFP_NOWARN",
        "GFP_REPEAT", "GFP_NOFAIL", "GFP_NORETRY", "GFP_COMP", "GFP_ZERO", "GFP_NOMEMALLOC", "GFP_MEMALLOC",
        "GFP_HARDWALL", "GFP_THISNODE", "GFP_RECLAIMABLE", "GFP_KMEMCG", "GFP_MOVABLE", "GFP_NOTRACK",
        "GFP_NO_KSWAPD", "GFP_OTHER_NODE",
    };

    /** Every gfp.h name {@link #parse} knows, upper case, to its value; also what unknown names are compared with. */
    private static final Map<String, Integer> KNOWN_NAMES = knownNames();
    /** Names that parse exactly but are not offered as suggestions (the kernel's raw {@code ___GFP_*} spellings). */
    private static final Map<String, Integer> ALIAS_NAMES = aliasNames();

    private static Map<String, Integer> knownNames() {
        Map<String, Integer> names = new LinkedHashMap<>();
        names.put("GFP_NOWAIT", GFP_NOWAIT);
        names.put("GFP_ATOMIC", GFP_ATOMIC);
        names.put("GFP_NOIO", GFP_NOIO);
        names.put("GFP_NOFS", GFP_NOFS);
        names.put("GFP_KERNEL", GFP_KERNEL);
        names.put("GFP_TEMPORARY", GFP_TEMPORARY);
        names.put("GFP_USER", GFP_USER);
        names.put("GFP_HIGHUSER", GFP_HIGHUSER);
        names.put("GFP_HIGHUSER_MOVABLE", GFP_HIGHUSER_MOVABLE);
        names.put("GFP_IOFS", GFP_IOFS);
        names.put("GFP_TRANSHUGE", GFP_TRANSHUGE);
        names.put("GFP_THISNODE", GFP_THISNODE);
        names.put("GFP_DMA", GFP_DMA);
        names.put("GFP_DMA32", GFP_DMA32);
        names.put("GFP_ZONEMASK", GFP_ZONEMASK);
        names.put("GFP_MOVABLE_MASK", GFP_MOVABLE_MASK);
        names.put("GFP_RECLAIM_MASK", GFP_RECLAIM_MASK);
        names.put("GFP_BOOT_MASK", GFP_BOOT_MASK);
        names.put("GFP_CONSTRAINT_MASK", GFP_CONSTRAINT_MASK);
        names.put("GFP_SLAB_BUG_MASK", GFP_SLAB_BUG_MASK); // known, so its outside bits get the precise message
        for (int bit = 0; bit < BIT_NAMES.length; bit++) {
            names.put(BIT_NAMES[bit], 1 << bit);
        }
        names.put("__GFP_NOTRACK_FALSE_POSITIVE", __GFP_NOTRACK_FALSE_POSITIVE);
        names.put("__GFP_BITS_MASK", __GFP_BITS_MASK);
        return names;
    }

    private static Map<String, Integer> aliasNames() {
        Map<String, Integer> names = new LinkedHashMap<>();
        for (int bit = 0; bit < BIT_NAMES.length; bit++) {
            names.put("_" + BIT_NAMES[bit], 1 << bit);
        }
        return names;
    }

    /** Reads one text; positions in messages are 0-based offsets into it. */
    private static final class Parser {
        private final String text;

        Parser(String text) {
            this.text = text;
        }

        int parse() {
            if (text == null) {
                throw new GfpParseException(null, 0, "GFP mask is null");
            }
            if (text.isBlank()) {
                throw fail(0, "it is empty; expected a number (0x280da, 208) or flag names joined by '|'"
                        + " (GFP_KERNEL | __GFP_NOWARN)");
            }
            int mask = 0;
            int start = 0;
            while (true) {
                int bar = text.indexOf('|', start);
                int end = bar < 0 ? text.length() : bar;
                mask |= term(start, end);
                if (bar < 0) {
                    return mask;
                }
                start = bar + 1;
            }
        }

        private int term(int from, int to) {
            int s = from;
            while (s < to && Character.isWhitespace(text.charAt(s))) {
                s++;
            }
            int e = to;
            while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            if (s == e) {
                String where = from == 0 ? "before the first '|'"
                        : to == text.length() ? "after the last '|'" : "between two '|'";
                throw fail(from, "empty term at position " + from + " (nothing " + where
                        + "); expected a flag name or a number");
            }
            String term = text.substring(s, e);
            boolean numeric = asciiDigit(term.charAt(0), 10) >= 0;
            int value = numeric ? number(term, s) : name(term, s);
            int outside = value & ~__GFP_BITS_MASK;
            if (outside != 0) {
                throw fail(s, outsideBitsMessage(term, s, outside, numeric));
            }
            return value;
        }

        private int number(String term, int at) {
            boolean hex = term.length() > 1 && (term.charAt(1) == 'x' || term.charAt(1) == 'X')
                    && term.charAt(0) == '0';
            String digits = hex ? term.substring(2) : term;
            int radix = hex ? 16 : 10;
            int digitsAt = hex ? at + 2 : at;
            String kind = hex ? "hexadecimal" : "decimal";
            if (digits.isEmpty()) {
                throw fail(at, "hexadecimal number '" + term + "' at position " + at + " has no digits");
            }
            for (int i = 0; i < digits.length(); i++) {
                char c = digits.charAt(i);
                if (asciiDigit(c, radix) < 0) {
                    String hint = !hex && isHexDigits(digits) ? " (write hexadecimal with a 0x prefix, e.g. 0x"
                            + digits + ")" : "";
                    throw fail(digitsAt + i, "bad " + kind + " number '" + term + "' at position " + at + ": '"
                            + c + "' at position " + (digitsAt + i) + " is not a " + kind + " digit" + hint);
                }
            }
            String significant = digits.replaceFirst("^0+(?=.)", "");
            long value = significant.length() > 10 ? Long.MAX_VALUE : Long.parseLong(significant, radix);
            if (value > 0xffff_ffffL) {
                throw fail(at, kind + " number '" + term + "' at position " + at
                        + " does not fit in the 32 bits of a gfp_t");
            }
            return (int) value;
        }

        private int name(String term, int at) {
            for (int i = 0; i < term.length(); i++) {
                char c = term.charAt(i);
                if (!(c == '_' || (c < 128 && Character.isLetterOrDigit(c)))) {
                    throw fail(at + i, "unexpected character '" + c + "' at position " + (at + i) + " in term '"
                            + term + "' (a term is one flag name or number; join terms with '|')");
                }
            }
            String upper = term.toUpperCase(Locale.ROOT);
            String core = stripUnderscores(upper);
            if (core.equals("GFP_USERCOPY")) {
                throw fail(at, "'" + term + "' at position " + at + " is the PaX/grsecurity vendor bit "
                        + toHex(PAX_GFP_USERCOPY) + " (___GFP_USERCOPY), not part of mainline Linux 3.10 gfp_t;"
                        + " Slowpath does not model it, leave it out");
            }
            Integer exact = KNOWN_NAMES.containsKey(upper) ? KNOWN_NAMES.get(upper) : ALIAS_NAMES.get(upper);
            if (exact != null) {
                return exact;
            }
            // The same name with the other prefix: GFP_NOWARN -> __GFP_NOWARN, __GFP_KERNEL -> GFP_KERNEL.
            Map<String, Integer> found = new LinkedHashMap<>();
            for (String candidate : List.of(core, "__" + core)) {
                Integer v = KNOWN_NAMES.get(candidate);
                if (v != null && !found.containsValue(v)) {
                    found.put(candidate, v);
                }
            }
            if (found.size() == 1) {
                return found.values().iterator().next();
            }
            if (found.size() > 1) {
                List<String> meanings = new ArrayList<>();
                found.forEach((n, v) -> meanings.add(n + " (" + toHex(v) + ")"));
                throw fail(at, "'" + term + "' at position " + at + " is ambiguous: it could be "
                        + String.join(" or ", meanings) + "; write the exact name");
            }
            throw fail(at, "unknown GFP flag '" + term + "' at position " + at + "; " + suggest(core));
        }

        private GfpParseException fail(int position, String what) {
            return new GfpParseException(text, position, "bad GFP mask '" + text + "': " + what);
        }
    }

    private static String outsideBitsMessage(String term, int at, int outside, boolean numeric) {
        StringBuilder m = new StringBuilder();
        m.append("term '").append(term).append("' at position ").append(at).append(" sets bits ")
                .append(toHex(outside)).append(" outside __GFP_BITS_MASK ").append(toHex(__GFP_BITS_MASK))
                .append(" (Linux 3.10 gfp_t has ").append(__GFP_BITS_SHIFT).append(" flag bits)");
        if ((outside & PAX_GFP_USERCOPY) != 0) {
            m.append("; ").append(toHex(PAX_GFP_USERCOPY))
                    .append(" is ___GFP_USERCOPY of PaX/grsecurity vendor trees, which Slowpath does not model");
        }
        if (numeric) {
            m.append("; a mask printed by a 4.x or later kernel uses another bit layout and cannot be read with"
                    + " the 3.10 table");
        }
        return m.toString();
    }

    /** The value of an ASCII digit in {@code radix} (10 or 16), or -1; Unicode digits are not numbers here. */
    private static int asciiDigit(char c, int radix) {
        return c < 128 ? Character.digit(c, radix) : -1;
    }

    private static boolean isHexDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (asciiDigit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String stripUnderscores(String name) {
        int i = 0;
        while (i < name.length() && name.charAt(i) == '_') {
            i++;
        }
        return name.substring(i);
    }

    /** "did you mean ..." with the up to three known names closest to {@code core}, or the list of all names. */
    static String suggest(String core) {
        int limit = Math.max(2, core.length() / 3);
        record Scored(String name, int distance) {
        }
        List<Scored> close = new ArrayList<>();
        for (String known : KNOWN_NAMES.keySet()) {
            int d = Suggestions.editDistance(core, stripUnderscores(known));
            if (d <= limit) {
                close.add(new Scored(known, d));
            }
        }
        if (close.isEmpty()) {
            return "known names: " + String.join(", ", KNOWN_NAMES.keySet());
        }
        close.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
        List<String> best = new ArrayList<>();
        for (int i = 0; i < Math.min(3, close.size()); i++) {
            best.add(close.get(i).name());
        }
        return "did you mean " + String.join(", ", best) + "?";
    }
}
