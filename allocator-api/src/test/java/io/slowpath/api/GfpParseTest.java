package io.slowpath.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Gfp#parse(String)}: accepted forms, round trips with the printers, and error messages. */
class GfpParseTest {

    @ParameterizedTest(name = "''{0}'' = {1}")
    @CsvSource(delimiter = ';', value = {
        "0x280da; 0x280da",
        "0X280DA; 0x280da",
        "0x00280da; 0x280da",
        "208; 0xd0",
        "0; 0x0",
        "0x0; 0x0",
        "010; 0xa",
        "GFP_KERNEL; 0xd0",
        "gfp_kernel; 0xd0",
        "__GFP_NOWARN; 0x200",
        "GFP_NOWARN; 0x200",
        "___GFP_NOWARN; 0x200",
        "__GFP_KERNEL; 0xd0",
        "GFP_KERNEL | __GFP_NOWARN; 0x2d0",
        "GFP_KERNEL|__GFP_NOWARN; 0x2d0",
        "  GFP_KERNEL\t|  __GFP_NOWARN  ; 0x2d0",
        "GFP_USER | 0x8000; 0x280d0",
        "GFP_HIGHUSER_MOVABLE|__GFP_ZERO; 0x280da",
        "GFP_HIGHUSER_MOVABLE | 0x100; 0x201da",
        "GFP_THISNODE; 0x41200",
        "__GFP_THISNODE; 0x40000",
        "___GFP_THISNODE; 0x40000",
        "GFP_NOWAIT; 0x0",
        "GFP_NOWAIT|__GFP_NOWARN; 0x200",
        "GFP_DMA; 0x1",
        "__GFP_DMA; 0x1",
        "GFP_KERNEL|GFP_KERNEL; 0xd0",
        "__GFP_BITS_MASK; 0x1ffffff",
        "__GFP_NOTRACK_FALSE_POSITIVE; 0x200000",
        "33554431; 0x1ffffff",
        "GFP_TRANSHUGE; 0x4352da",
    })
    void acceptedForms(String text, String hex) {
        assertEquals(hex, Gfp.toHex(Gfp.parse(text)));
    }

    @Test
    void everyTableMaskRoundTrips() {
        for (Map.Entry<String, Integer> e : GfpTest.compositeTable().entrySet()) {
            int mask = e.getValue();
            if ((mask & ~Gfp.__GFP_BITS_MASK) != 0) {
                continue; // GFP_SLAB_BUG_MASK: see slabBugMaskIsRejected
            }
            assertEquals(mask, Gfp.parse(e.getKey()), e.getKey());
            assertEquals(mask, Gfp.parse(Gfp.toSymbolic(mask)), e.getKey() + " as " + Gfp.toSymbolic(mask));
            assertEquals(mask, Gfp.parse(Gfp.toHex(mask)), e.getKey());
            assertEquals(mask, Gfp.parse(Integer.toString(mask)), e.getKey());
        }
        for (int bit = 0; bit < Gfp.__GFP_BITS_SHIFT; bit++) {
            assertEquals(1 << bit, Gfp.parse(Gfp.toSymbolic(1 << bit)));
        }
    }

    @Test
    void randomValidMasksRoundTrip() {
        Random random = new Random(310_108L);
        for (int i = 0; i < 20_000; i++) {
            // Sparse and dense masks both: AND of two randoms thins the bits out.
            int mask = random.nextInt() & (i % 2 == 0 ? random.nextInt() : -1) & Gfp.__GFP_BITS_MASK;
            String symbolic = Gfp.toSymbolic(mask);
            assertEquals(mask, Gfp.parse(symbolic), symbolic);
            assertEquals(mask, Gfp.parse(Gfp.toHex(mask)), Gfp.toHex(mask));
            assertEquals(mask, Gfp.parse(Gfp.toHex(mask).toUpperCase().replace("0X", "0x")));
            assertFalse(symbolic.contains("0x"), symbolic);
            // Tracepoint names parse too, except that there "GFP_THISNODE" is the bare bit.
            if ((mask & Gfp.__GFP_THISNODE) == 0) {
                assertEquals(mask, Gfp.parse(Gfp.toTraceString(mask)), Gfp.toTraceString(mask));
            }
        }
    }

    // ---- errors ----

    private static GfpParseException reject(String text) {
        return assertThrows(GfpParseException.class, () -> Gfp.parse(text), () -> "'" + text + "' was accepted");
    }

    private static void assertMentions(GfpParseException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
        }
    }

    @Test
    void badHexNamesInputAndPosition() {
        GfpParseException e = reject("0xzz");
        assertMentions(e, "'0xzz'", "'z' at position 2", "hexadecimal");
        assertEquals("0xzz", e.input());
        assertEquals(2, e.position());
        assertTrue(e instanceof IllegalArgumentException);

        GfpParseException mixed = reject("GFP_KERNEL | 0x2g");
        assertMentions(mixed, "'GFP_KERNEL | 0x2g'", "'0x2g' at position 13", "'g' at position 16");
        assertEquals(16, mixed.position());

        assertMentions(reject("0x"), "'0x'", "no digits");
    }

    @Test
    void decimalWithHexLettersHintsAtThePrefix() {
        GfpParseException e = reject("280da");
        assertMentions(e, "bad decimal number '280da'", "'d' at position 3", "0x280da");
    }

    @Test
    void misspeltNameSuggestsClosest() {
        GfpParseException e = reject("GFP_KERNAL");
        assertMentions(e, "'GFP_KERNAL'", "unknown GFP flag", "position 0", "did you mean GFP_KERNEL");
        assertEquals(0, e.position());

        GfpParseException later = reject("GFP_HIGHUSER_MOVABLE | __GFP_ZER0");
        assertMentions(later, "'__GFP_ZER0' at position 23", "did you mean __GFP_ZERO");
        assertEquals(23, later.position());

        GfpParseException far = reject("GFP_BANANA_SPLIT_SUNDAE");
        assertMentions(far, "known names:", "GFP_KERNEL", "__GFP_WRITE");
        assertFalse(far.getMessage().contains("___GFP"), far.getMessage());
    }

    @Test
    void emptyTermsAreNamed() {
        GfpParseException e = reject("GFP_KERNEL||");
        assertMentions(e, "'GFP_KERNEL||'", "empty term at position 11", "between two '|'");
        assertEquals(11, e.position());

        assertMentions(reject("GFP_KERNEL|"), "empty term at position 11", "after the last '|'");
        assertMentions(reject("|GFP_KERNEL"), "empty term at position 0", "before the first '|'");
        assertMentions(reject("GFP_KERNEL |  | __GFP_ZERO"), "empty term at position 12");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void emptyInputRejected(String text) {
        assertMentions(reject(text), "'" + text + "'", "empty");
    }

    @Test
    void nullRejected() {
        assertMentions(reject(null), "null");
    }

    @Test
    void bitsAboveTheMaskAreNamed() {
        GfpParseException e = reject("0x240c0d0");
        assertMentions(e, "'0x240c0d0'", "bits 0x2000000", "__GFP_BITS_MASK 0x1ffffff", "4.x");
        GfpParseException high = reject("GFP_KERNEL | 0xf0000000");
        assertMentions(high, "bits 0xf0000000", "position 13");
        assertMentions(reject("4294967295"), "bits 0xfe000000");
    }

    @Test
    void tooLargeNumbersRejected() {
        assertMentions(reject("0x100000000"), "does not fit in the 32 bits");
        assertMentions(reject("4294967296"), "does not fit in the 32 bits");
        assertMentions(reject("99999999999999999999999"), "does not fit in the 32 bits");
    }

    @Test
    void slabBugMaskIsRejected() {
        assertMentions(reject("GFP_SLAB_BUG_MASK"), "bits 0xfe000000");
        assertMentions(reject(Gfp.toSymbolic(Gfp.GFP_SLAB_BUG_MASK)), "bits 0xfe000000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"___GFP_USERCOPY", "__GFP_USERCOPY", "GFP_KERNEL|GFP_USERCOPY"})
    void paxVendorBitRejected(String text) {
        assertMentions(reject(text), "PaX", "0x2000000", "not part of mainline");
    }

    @Test
    void paxVendorBitAsNumberRejected() {
        assertMentions(reject("0x2000000"), "PaX", "___GFP_USERCOPY");
    }

    @Test
    void strayCharactersRejected() {
        GfpParseException space = reject("GFP KERNEL");
        assertMentions(space, "unexpected character ' ' at position 3", "'GFP KERNEL'");
        assertMentions(reject("GFP_KERNEL,__GFP_ZERO"), "unexpected character ','");
        assertMentions(reject("-1"), "unexpected character '-' at position 0");
        assertMentions(reject("GFP_KERNEL + __GFP_ZERO"), "unexpected character ' '");
    }

    @Test
    void ambiguousPrefixRejected() {
        // One underscore is neither spelling; GFP_THISNODE and __GFP_THISNODE differ.
        assertMentions(reject("_GFP_THISNODE"), "ambiguous", "GFP_THISNODE (0x41200)", "__GFP_THISNODE (0x40000)");
    }
}
