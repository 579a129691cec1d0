package io.slowpath.core.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Zipf sampler against the exact probabilities 1/(k^s H(n,s)). */
class ZipfTest {
    private static void check(long n, double s) {
        Zipf z = new Zipf(n, s);
        SplittableRandom r = new SplittableRandom(11);
        int samples = 400_000;
        long[] counts = new long[6];
        for (int i = 0; i < samples; i++) {
            long k = z.sample(r);
            assertTrue(k >= 1 && k <= n, "rank " + k + " out of 1.." + n);
            if (k <= 5) {
                counts[(int) k]++;
            }
        }
        double h = 0;
        for (long k = 1; k <= n; k++) {
            h += Math.pow(k, -s);
        }
        for (int k = 1; k <= 5 && k <= n; k++) {
            double expected = Math.pow(k, -s) / h;
            double got = (double) counts[k] / samples;
            assertEquals(expected, got, 0.01 + expected * 0.03, "P(rank " + k + ") for n=" + n + " s=" + s);
        }
    }

    @Test
    void matchesTheDistribution() {
        check(1000, 1.0);
        check(100_000, 0.9);
        check(50, 1.5);
        check(1, 1.0);
    }
}
