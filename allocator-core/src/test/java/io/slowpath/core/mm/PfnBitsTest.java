package io.slowpath.core.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PfnBitsTest {
    @Test
    void agreesWithABitSetIncludingBeyondItsFirstSize() {
        PfnBits bits = new PfnBits(1000);
        BitSet ref = new BitSet();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            int pfn = rnd.nextInt(5_000);
            if (rnd.nextBoolean()) {
                bits.set(pfn);
                ref.set(pfn);
            } else {
                bits.clear(pfn);
                ref.clear(pfn);
            }
            int probe = rnd.nextInt(6_000);
            assertEquals(ref.get(probe), bits.get(probe), "pfn " + probe);
        }
    }
}
