package io.slowpath.api;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Constants, decoders and printing of {@link Gfp}, checked against spec part 1 sections 2.1 to 2.5. */
class GfpTest {

    /** Spec 2.1: every single bit with its hex value, in bit order. */
    private static final Object[][] SINGLE_BITS = {
        {"__GFP_DMA", 0x01}, {"__GFP_HIGHMEM", 0x02}, {"__GFP_DMA32", 0x04}, {"__GFP_MOVABLE", 0x08},
        {"__GFP_WAIT", 0x10}, {"__GFP_HIGH", 0x20}, {"__GFP_IO", 0x40}, {"__GFP_FS", 0x80},
        {"__GFP_COLD", 0x100}, {"__GFP_NOWARN", 0x200}, {"__GFP_REPEAT", 0x400}, {"__GFP_NOFAIL", 0x800},
        {"__GFP_NORETRY", 0x1000}, {"__GFP_MEMALLOC", 0x2000}, {"__GFP_COMP", 0x4000}, {"__GFP_ZERO", 0x8000},
        {"__GFP_NOMEMALLOC", 0x10000}, {"__GFP_HARDWALL", 0x20000}, {"__GFP_THISNODE", 0x40000},
        {"__GFP_RECLAIMABLE", 0x80000}, {"__GFP_KMEMCG", 0x100000}, {"__GFP_NOTRACK", 0x200000},
        {"__GFP_NO_KSWAPD", 0x400000}, {"__GFP_OTHER_NODE", 0x800000}, {"__GFP_WRITE", 0x1000000},
    };

    /** Spec 2.1 and 2.2: composite masks with the hex values worked out there. */
    static Map<String, Integer> compositeTable() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("GFP_NOWAIT", 0x0);
        m.put("GFP_ATOMIC", 0x20);
        m.put("GFP_NOIO", 0x10);
        m.put("GFP_NOFS", 0x50);
        m.put("GFP_KERNEL", 0xd0);
        m.put("GFP_TEMPORARY", 0x800d0);
        m.put("GFP_USER", 0x200d0);
        m.put("GFP_HIGHUSER", 0x200d2);
        m.put("GFP_HIGHUSER_MOVABLE", 0x200da);
        m.put("GFP_IOFS", 0xc0);
        m.put("GFP_TRANSHUGE", 0x4352da);
        m.put("GFP_THISNODE", 0x41200);
        m.put("GFP_DMA", 0x01);
        m.put("GFP_DMA32", 0x04);
        m.put("GFP_RECLAIM_MASK", 0x13ef0);
        m.put("GFP_BOOT_MASK", 0x1ffff2f);
        m.put("GFP_CONSTRAINT_MASK", 0x60000);
        m.put("GFP_SLAB_BUG_MASK", 0xfe000006);
        m.put("GFP_ZONEMASK", 0x0f);
        m.put("GFP_MOVABLE_MASK", 0x80008);
        m.put("__GFP_BITS_MASK", 0x1ffffff);
        return m;
    }

    private static int constant(String name) throws ReflectiveOperationException {
        Field f = Gfp.class.getField(name);
        assertTrue(Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()), name);
        return f.getInt(null);
    }

    @Test
    void singleBitsHaveTheirKernelValuesInBitOrder() throws ReflectiveOperationException {
        for (int i = 0; i < SINGLE_BITS.length; i++) {
            String name = (String) SINGLE_BITS[i][0];
            int value = (Integer) SINGLE_BITS[i][1];
            assertEquals(1 << i, value, "spec table row " + name);
            assertEquals(value, constant(name), name);
        }
        assertEquals(SINGLE_BITS.length, Gfp.__GFP_BITS_SHIFT);
    }

    @Test
    void compositeMasksHaveTheSpecHexValues() throws ReflectiveOperationException {
        for (Map.Entry<String, Integer> e : compositeTable().entrySet()) {
            assertEquals(Gfp.toHex(e.getValue()), Gfp.toHex(constant(e.getKey())), e.getKey());
        }
        assertEquals(25, Gfp.__GFP_BITS_SHIFT);
        assertEquals(Gfp.__GFP_NOTRACK, Gfp.__GFP_NOTRACK_FALSE_POSITIVE);
    }

    @Test
    void zoneTableConstantsMatchSpec() {
        assertEquals(0x1320122, Gfp.GFP_ZONE_TABLE);
        // Invalid combinations 0x3, 0x5, 0x6, 0x7, 0xb, 0xd, 0xe, 0xf.
        assertEquals(0xe8e8, Gfp.GFP_ZONE_BAD);
    }

    @Test
    void classIsFinalWithPrivateConstructor() throws ReflectiveOperationException {
        assertTrue(Modifier.isFinal(Gfp.class.getModifiers()));
        Constructor<Gfp> c = Gfp.class.getDeclaredConstructor();
        assertTrue(Modifier.isPrivate(c.getModifiers()));
        assertEquals(1, Gfp.class.getDeclaredConstructors().length);
    }

    // ---- spec 2.3 worked decodes ----

    @Test
    void anonymousPageFault0x280da() {
        int mask = 0x280da;
        assertEquals(Gfp.__GFP_HARDWALL | Gfp.__GFP_ZERO | Gfp.__GFP_FS | Gfp.__GFP_IO | Gfp.__GFP_WAIT
                | Gfp.__GFP_MOVABLE | Gfp.__GFP_HIGHMEM, mask);
        assertEquals(Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_ZERO, mask);
        assertAll(
                () -> assertEquals("GFP_HIGHUSER_MOVABLE|__GFP_ZERO", Gfp.toSymbolic(mask)),
                () -> assertEquals("0x280da", Gfp.toHex(mask)),
                () -> assertEquals(ZoneType.MOVABLE, Gfp.gfpZone(mask)),
                () -> assertEquals(3, Gfp.gfpZone(mask).index()),
                () -> assertEquals(MigrateType.MOVABLE, Gfp.migrateType(mask)),
                () -> assertFalse(Gfp.isAtomic(mask)),
                () -> assertEquals(0, Gfp.zonelistIndex(mask)));
    }

    @Test
    void readaheadPageCache0x201da() {
        int mask = 0x201da;
        assertEquals(Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_COLD, mask);
        assertAll(
                () -> assertEquals("GFP_HIGHUSER_MOVABLE|__GFP_COLD", Gfp.toSymbolic(mask)),
                () -> assertEquals(ZoneType.MOVABLE, Gfp.gfpZone(mask)),
                () -> assertEquals(MigrateType.MOVABLE, Gfp.migrateType(mask)),
                () -> assertTrue(Gfp.has(mask, Gfp.__GFP_COLD)),
                () -> assertFalse(Gfp.isAtomic(mask)));
    }

    @Test
    void gfpKernel0xd0() {
        assertAll(
                () -> assertEquals("GFP_KERNEL", Gfp.toSymbolic(0xd0)),
                () -> assertEquals(ZoneType.NORMAL, Gfp.gfpZone(0xd0)),
                () -> assertEquals(MigrateType.UNMOVABLE, Gfp.migrateType(0xd0)),
                () -> assertFalse(Gfp.isAtomic(0xd0)));
    }

    @Test
    void gfpAtomic0x20() {
        assertAll(
                () -> assertEquals("GFP_ATOMIC", Gfp.toSymbolic(0x20)),
                () -> assertEquals(ZoneType.NORMAL, Gfp.gfpZone(0x20)),
                () -> assertEquals(MigrateType.UNMOVABLE, Gfp.migrateType(0x20)),
                () -> assertTrue(Gfp.isAtomic(0x20)));
    }

    // ---- toSymbolic / toHex ----

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0x0,       GFP_NOWAIT",
        "0x10,      GFP_NOIO",
        "0x50,      GFP_NOFS",
        "0xd0,      GFP_KERNEL",
        "0x2d0,     GFP_KERNEL|__GFP_NOWARN",
        "0x80d0,    GFP_KERNEL|__GFP_ZERO",
        "0xd1,      GFP_KERNEL|__GFP_DMA",
        "0xd4,      GFP_KERNEL|__GFP_DMA32",
        "0xf0,      GFP_KERNEL|__GFP_HIGH",
        "0x800d0,   GFP_TEMPORARY",
        "0x200d0,   GFP_USER",
        "0x200d2,   GFP_HIGHUSER",
        "0x200da,   GFP_HIGHUSER_MOVABLE",
        "0x201da,   GFP_HIGHUSER_MOVABLE|__GFP_COLD",
        "0x4352da,  GFP_TRANSHUGE",
        "0x4752da,  GFP_TRANSHUGE|__GFP_THISNODE",
        "0x412d0,   GFP_KERNEL|GFP_THISNODE",
        "0x2612da,  GFP_HIGHUSER_MOVABLE|GFP_THISNODE|__GFP_NOTRACK",
        "0x41200,   GFP_THISNODE",
        "0x20,      GFP_ATOMIC",
        "0x220,     GFP_ATOMIC|__GFP_NOWARN",
        "0x4020,    GFP_ATOMIC|__GFP_COMP",
        "0x30,      GFP_NOIO|__GFP_HIGH",
        "0x90,      __GFP_WAIT|__GFP_FS",
        "0xc0,      __GFP_IO|__GFP_FS",
        "0x200,     __GFP_NOWARN",
        "0x1,       __GFP_DMA",
        "0x80008,   __GFP_MOVABLE|__GFP_RECLAIMABLE",
        "0x1000000, __GFP_WRITE",
        "0x1ffffff, GFP_TRANSHUGE|__GFP_DMA|__GFP_DMA32|__GFP_HIGH|__GFP_COLD|__GFP_REPEAT|__GFP_NOFAIL|__GFP_MEMALLOC"
            + "|__GFP_ZERO|__GFP_THISNODE|__GFP_RECLAIMABLE|__GFP_KMEMCG|__GFP_NOTRACK|__GFP_OTHER_NODE|__GFP_WRITE",
        "0x20000d0, GFP_KERNEL|0x2000000",
        "0xfe000006, __GFP_HIGHMEM|__GFP_DMA32|0xfe000000",
    })
    void symbolicNames(String hex, String expected) {
        int mask = Integer.parseUnsignedInt(hex.substring(2), 16);
        assertEquals(expected, Gfp.toSymbolic(mask));
        assertEquals(hex, Gfp.toHex(mask));
    }

    @Test
    void hexIsUnsignedLowerCase() {
        assertEquals("0x0", Gfp.toHex(0));
        assertEquals("0x280da", Gfp.toHex(0x280da));
        assertEquals("0xfe000006", Gfp.toHex(Gfp.GFP_SLAB_BUG_MASK));
        assertEquals("0xffffffff", Gfp.toHex(-1));
    }

    /** include/trace/events/gfpflags.h order and leftovers, as mm_page_alloc prints them. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0x0,      GFP_NOWAIT",
        "0x280da,  GFP_HIGHUSER_MOVABLE|GFP_ZERO",
        "0x201da,  GFP_HIGHUSER_MOVABLE|GFP_COLD",
        "0xd0,     GFP_KERNEL",
        "0x2d0,    GFP_KERNEL|GFP_NOWARN",
        "0xf0,     GFP_KERNEL|GFP_ATOMIC",
        "0x4352da, GFP_TRANSHUGE",
        "0x90,     GFP_NOIO|0x80",
        "0xd1,     GFP_KERNEL|0x1",
        "0x1000050, GFP_NOFS|0x1000000",
        "0x40000,  GFP_THISNODE",
        "0x30,     GFP_ATOMIC|GFP_NOIO",
    })
    void traceStrings(String hex, String expected) {
        assertEquals(expected, Gfp.toTraceString(Integer.parseUnsignedInt(hex.substring(2), 16)));
    }

    // ---- gfp_zone (spec 2.4) ----

    @ParameterizedTest(name = "zone bits {0} -> {1}")
    @CsvSource({
        "0x0, NORMAL",
        "0x1, DMA",
        "0x2, NORMAL",
        "0x4, DMA32",
        "0x8, NORMAL",
        "0x9, DMA",
        "0xa, MOVABLE",
        "0xc, DMA32",
    })
    void gfpZoneForEveryValidCombination(String bits, ZoneType expected) {
        int zoneBits = Integer.parseInt(bits.substring(2), 16);
        assertTrue(Gfp.isValidZoneCombination(zoneBits));
        assertEquals(expected, Gfp.gfpZone(zoneBits));
        // Non-zone bits do not change the answer.
        assertEquals(expected, Gfp.gfpZone(zoneBits | Gfp.GFP_KERNEL | Gfp.__GFP_HARDWALL | Gfp.__GFP_ZERO));
        assertEquals(expected, Gfp.gfpZone(zoneBits | (Gfp.__GFP_BITS_MASK & ~Gfp.GFP_ZONEMASK)));
    }

    @ParameterizedTest(name = "zone bits {0} rejected")
    @CsvSource({"0x3", "0x5", "0x6", "0x7", "0xb", "0xd", "0xe", "0xf"})
    void gfpZoneRejectsEveryInvalidCombination(String bits) {
        int mask = Integer.parseInt(bits.substring(2), 16) | Gfp.GFP_KERNEL;
        assertFalse(Gfp.isValidZoneCombination(mask));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gfp.gfpZone(mask));
        assertTrue(e.getMessage().contains("gfp mask " + Gfp.toHex(mask)), e.getMessage());
        assertTrue(e.getMessage().contains("combination " + bits), e.getMessage());
        assertTrue(e.getMessage().contains("GFP_ZONE_BAD"), e.getMessage());
    }

    @Test
    void exactlyEightValidZoneCombinations() {
        int valid = 0;
        for (int bits = 0; bits <= Gfp.GFP_ZONEMASK; bits++) {
            if (Gfp.isValidZoneCombination(bits)) {
                valid++;
                Gfp.gfpZone(bits);
            }
        }
        assertEquals(8, valid);
    }

    // ---- allocflags_to_migratetype (spec 2.5) ----

    @Test
    void migrateTypes() {
        assertAll(
                () -> assertEquals(MigrateType.UNMOVABLE, Gfp.migrateType(Gfp.GFP_KERNEL)),
                () -> assertEquals(MigrateType.UNMOVABLE, Gfp.migrateType(Gfp.GFP_ATOMIC)),
                () -> assertEquals(MigrateType.UNMOVABLE, Gfp.migrateType(Gfp.GFP_HIGHUSER)),
                () -> assertEquals(MigrateType.RECLAIMABLE, Gfp.migrateType(Gfp.GFP_TEMPORARY)),
                () -> assertEquals(MigrateType.RECLAIMABLE, Gfp.migrateType(Gfp.__GFP_RECLAIMABLE)),
                () -> assertEquals(MigrateType.MOVABLE, Gfp.migrateType(Gfp.GFP_HIGHUSER_MOVABLE)),
                () -> assertEquals(MigrateType.MOVABLE, Gfp.migrateType(Gfp.GFP_TRANSHUGE)),
                () -> assertEquals(MigrateType.MOVABLE, Gfp.migrateType(Gfp.__GFP_MOVABLE)),
                () -> assertEquals(MigrateType.UNMOVABLE, Gfp.migrateType(Gfp.GFP_HIGHUSER_MOVABLE, true)),
                () -> assertEquals(MigrateType.UNMOVABLE, Gfp.migrateType(Gfp.GFP_TEMPORARY, true)));
    }

    @Test
    void migrateTypeRejectsBothMobilityBits() {
        int mask = Gfp.GFP_KERNEL | Gfp.GFP_MOVABLE_MASK;
        for (boolean disabled : new boolean[] {false, true}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Gfp.migrateType(mask, disabled));
            assertTrue(e.getMessage().contains("0x800d8"), e.getMessage());
            assertTrue(e.getMessage().contains("both __GFP_MOVABLE and __GFP_RECLAIMABLE"), e.getMessage());
        }
    }

    // ---- predicates ----

    @Test
    void atomicAsGfpToAllocFlagsDefinesIt() {
        assertTrue(Gfp.isAtomic(Gfp.GFP_NOWAIT));
        assertTrue(Gfp.isAtomic(Gfp.GFP_ATOMIC));
        assertTrue(Gfp.isAtomic(Gfp.GFP_ATOMIC | Gfp.__GFP_NOMEMALLOC | Gfp.__GFP_NOWARN));
        assertFalse(Gfp.isAtomic(Gfp.GFP_NOIO));
        assertFalse(Gfp.isAtomic(Gfp.GFP_KERNEL));
        assertFalse(Gfp.isAtomic(Gfp.GFP_TRANSHUGE));
        // __GFP_NO_KSWAPD without __GFP_WAIT is still not atomic (THP with defrag off).
        assertFalse(Gfp.isAtomic(Gfp.GFP_TRANSHUGE & ~Gfp.__GFP_WAIT));
    }

    @Test
    void zonelistIndexFollowsThisNode() {
        assertEquals(0, Gfp.zonelistIndex(Gfp.GFP_KERNEL));
        assertEquals(0, Gfp.zonelistIndex(Gfp.GFP_TRANSHUGE));
        assertEquals(1, Gfp.zonelistIndex(Gfp.GFP_THISNODE));
        assertEquals(1, Gfp.zonelistIndex(Gfp.GFP_KERNEL | Gfp.__GFP_THISNODE));
    }

    @Test
    void hasNeedsEveryBit() {
        assertTrue(Gfp.has(Gfp.GFP_KERNEL, Gfp.__GFP_FS));
        assertTrue(Gfp.has(Gfp.GFP_KERNEL, Gfp.GFP_IOFS));
        assertTrue(Gfp.has(Gfp.GFP_KERNEL, 0));
        assertFalse(Gfp.has(Gfp.GFP_NOFS, Gfp.GFP_IOFS));
        assertFalse(Gfp.has(Gfp.GFP_KERNEL, Gfp.__GFP_HIGH));
    }
}
