package io.slowpath.core.scenario;

import java.util.SplittableRandom;

/**
 * Zipf-distributed ranks 1..n with exponent s by rejection-inversion (W. Hörmann and G. Derflinger, "Rejection-
 * inversion to generate variates from monotone discrete distributions", 1996): O(1) per sample, no tables.
 */
final class Zipf {
    private final long n;
    private final double s;
    private final double hIntegralX1;
    private final double hIntegralN;
    private final double threshold;

    Zipf(long n, double s) {
        if (n < 1 || !(s > 0)) {
            throw new IllegalArgumentException("Zipf needs n >= 1 and s > 0, got n=" + n + " s=" + s);
        }
        this.n = n;
        this.s = s;
        this.hIntegralX1 = hIntegral(1.5) - 1.0;
        this.hIntegralN = hIntegral(n + 0.5);
        this.threshold = 2.0 - hIntegralInverse(hIntegral(2.5) - h(2.0));
    }

    /** A rank in 1..n; rank 1 is the most likely. */
    long sample(SplittableRandom random) {
        while (true) {
            double u = hIntegralN + random.nextDouble() * (hIntegralX1 - hIntegralN);
            double x = hIntegralInverse(u);
            long k = (long) (x + 0.5);
            if (k < 1) {
                k = 1;
            } else if (k > n) {
                k = n;
            }
            if (k - x <= threshold || u >= hIntegral(k + 0.5) - h(k)) {
                return k;
            }
        }
    }

    private double h(double x) {
        return Math.exp(-s * Math.log(x));
    }

    private double hIntegral(double x) {
        double logX = Math.log(x);
        return helper2((1.0 - s) * logX) * logX;
    }

    private double hIntegralInverse(double x) {
        double t = x * (1.0 - s);
        if (t < -1.0) {
            t = -1.0;
        }
        return Math.exp(helper1(t) * x);
    }

    /** log1p(x) / x, continuous at 0 (Math.log, an intrinsic, where it is accurate enough; log1p near 0). */
    private static double helper1(double x) {
        if (Math.abs(x) > 1e-3) {
            return Math.log(1.0 + x) / x;
        }
        return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
    }

    /** expm1(x) / x, continuous at 0 (Math.exp, an intrinsic, where it is accurate enough; expm1 near 0). */
    private static double helper2(double x) {
        if (Math.abs(x) > 1e-3) {
            return (Math.exp(x) - 1.0) / x;
        }
        return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
    }
}
