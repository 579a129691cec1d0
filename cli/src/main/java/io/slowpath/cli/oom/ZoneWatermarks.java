package io.slowpath.cli.oom;

import io.slowpath.api.ZoneType;
import io.slowpath.core.config.KernelFlavour;
import io.slowpath.core.zone.BootSetup;
import io.slowpath.core.zone.MachineSettings;
import io.slowpath.core.zone.ZoneSpec;
import io.slowpath.policy.oom.report.ParsedReport;
import io.slowpath.policy.oom.report.ReportZone;
import java.util.ArrayList;
import java.util.List;

/**
 * The watermarks the 3.10 rules give for a report's zone layout, beside the printed ones: {@code
 * __setup_per_zone_wmarks} over the printed {@code managed:} sizes (core {@link BootSetup}), with the default
 * {@code min_free_kbytes} of {@code init_per_zone_wmark_min} and with the transparent-hugepage raise of
 * {@code set_recommended_min_free_kbytes}, and the {@code min_free_kbytes} values that reproduce every printed
 * watermark. Zones Slowpath does not model (32-bit HighMem) are left out.
 *
 * @param zones               per zone: printed and computed watermarks (pages)
 * @param defaultKbytes       the 3.10 default {@code min_free_kbytes} for this layout
 * @param thpKbytes           the THP-raised value (the default when THP would not raise it)
 * @param inferredKbytes      every {@code min_free_kbytes} that reproduces all printed watermarks (may be empty)
 * @param closestKbytes       when none reproduces them, the value that comes closest; else the first inferred
 * @param closestErrorPages   the largest difference, in pages, at {@code closestKbytes}
 * @param defaultErrorPages   the largest difference, in pages, at the default
 * @param thpErrorPages       the largest difference, in pages, at the THP-raised value
 */
public record ZoneWatermarks(List<Zone> zones, long defaultKbytes, long thpKbytes, List<Long> inferredKbytes,
                             long closestKbytes, long closestErrorPages, long defaultErrorPages, long thpErrorPages) {
    /** A difference this small (pages) is a zone size that changed after boot, not a tuned value (INDEX.md: <= 9). */
    static final long DRIFT_PAGES = 9;

    /**
     * One zone.
     *
     * @param node     node id
     * @param name     zone name
     * @param managed  managed pages
     * @param printed  the printed min, low, high (pages)
     * @param computed min, low, high with the default min_free_kbytes
     * @param thp      min, low, high with the THP-raised min_free_kbytes
     */
    public record Zone(int node, String name, long managed, long[] printed, long[] computed, long[] thp) {
    }

    /**
     * Computes them for {@code report}, or null when the report has no zone with watermarks (a memcg report).
     */
    public static ZoneWatermarks of(ParsedReport report) {
        List<ReportZone> shown = new ArrayList<>();
        List<ZoneSpec> specs = new ArrayList<>();
        for (ReportZone z : report.zones()) {
            ZoneType type;
            try {
                type = ZoneType.ofKernelName(z.name());
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (z.pages("managed") < 0 || z.pages("min") < 0 || z.pages("low") < 0 || z.pages("high") < 0) {
                continue;
            }
            long managed = z.pages("managed");
            long present = Math.max(managed, z.pages("present"));
            shown.add(z);
            specs.add(new ZoneSpec(z.node(), type, 0, present, present, managed));
        }
        if (specs.isEmpty()) {
            return null;
        }
        String release = report.kernelRelease();
        KernelFlavour flavour = release != null && release.startsWith("3.10.0-") ? KernelFlavour.EL7
            : KernelFlavour.MAINLINE_3_10_108;
        MachineSettings settings = MachineSettings.defaults(Math.max(1, report.cpus())).withFlavour(flavour);
        BootSetup.Result plain = BootSetup.compute(specs, settings.withThp(false));
        BootSetup.Result thp = BootSetup.compute(specs, settings.withThp(true));

        long sumMin = 0;
        for (ReportZone z : shown) {
            sumMin += z.pages("min");
        }
        List<Long> fitting = new ArrayList<>();
        long best = -1;
        long bestErr = Long.MAX_VALUE;
        for (long kb = 4 * sumMin; kb <= 4 * (sumMin + shown.size()) + 3; kb++) {
            long err;
            try {
                err = worstError(shown, thp.withMinFreeKbytes(kb));
            } catch (IllegalArgumentException e) {
                continue; // a value the sysctl refuses
            }
            if (err == 0) {
                fitting.add(kb);
            }
            if (err < bestErr) {
                bestErr = err;
                best = kb;
            }
        }
        List<Zone> zones = new ArrayList<>();
        for (ReportZone z : shown) {
            ZoneType type = ZoneType.ofKernelName(z.name());
            BootSetup.ZoneResult p = plain.zone(z.node(), type);
            BootSetup.ZoneResult t = thp.zone(z.node(), type);
            zones.add(new Zone(z.node(), z.name(), z.pages("managed"),
                new long[] {z.pages("min"), z.pages("low"), z.pages("high")},
                new long[] {p.min(), p.low(), p.high()}, new long[] {t.min(), t.low(), t.high()}));
        }
        return new ZoneWatermarks(zones, plain.minFreeKbytes(), thp.minFreeKbytes(), fitting, best, bestErr,
            worstError(shown, plain), worstError(shown, thp));
    }

    private static long worstError(List<ReportZone> zones, BootSetup.Result r) {
        long worst = 0;
        for (ReportZone z : zones) {
            BootSetup.ZoneResult c = r.zone(z.node(), ZoneType.ofKernelName(z.name()));
            worst = Math.max(worst, Math.abs(c.min() - z.pages("min")));
            worst = Math.max(worst, Math.abs(c.low() - z.pages("low")));
            worst = Math.max(worst, Math.abs(c.high() - z.pages("high")));
        }
        return worst;
    }

    /** One sentence: whether the box ran with the default, the THP-raised or a tuned min_free_kbytes. */
    public String verdict() {
        boolean thpDiffers = thpKbytes != defaultKbytes;
        if (!inferredKbytes.isEmpty()) {
            String fit = "the printed watermarks fit min_free_kbytes " + (inferredKbytes.size() == 1
                ? inferredKbytes.get(0) : inferredKbytes.get(0) + ".." + inferredKbytes.get(inferredKbytes.size() - 1))
                + " kB";
            if (thpDiffers && inferredKbytes.contains(thpKbytes)) {
                return fit + ": the THP-raised default " + thpKbytes + " kB (transparent hugepages on)";
            }
            if (inferredKbytes.contains(defaultKbytes)) {
                return fit + ": the 3.10 default " + defaultKbytes + " kB";
            }
            return fit + ": neither the 3.10 default " + defaultKbytes + " kB nor the THP-raised " + thpKbytes
                + " kB, so vm.min_free_kbytes was tuned";
        }
        if (thpDiffers && thpErrorPages <= DRIFT_PAGES) {
            return "the printed watermarks are within " + thpErrorPages + " pages of the THP-raised default "
                + thpKbytes + " kB (transparent hugepages on; the kernel computed them from zone sizes it had"
                + " earlier)";
        }
        if (defaultErrorPages <= DRIFT_PAGES) {
            return "the printed watermarks are within " + defaultErrorPages + " pages of the 3.10 default "
                + defaultKbytes + " kB (the kernel computed them from zone sizes it had earlier)";
        }
        return "no min_free_kbytes reproduces the printed watermarks (closest " + closestKbytes + " kB, off by "
            + closestErrorPages + " pages); not the 3.10 default " + defaultKbytes + " kB nor the THP-raised "
            + thpKbytes + " kB: vm.min_free_kbytes was tuned, or the zones are not laid out as 3.10 does";
    }
}
