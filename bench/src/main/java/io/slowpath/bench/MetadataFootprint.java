package io.slowpath.bench;

import io.slowpath.core.alloc.BuddyAllocator;
import io.slowpath.core.zone.Machine;
import java.io.PrintStream;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Measures the allocator's metadata: the retained heap of a booted {@link Machine} and its {@link BuddyAllocator}
 * (everything reachable from them: free-area bitmaps, allocation records, pageblock types, per-CPU lists, counters),
 * walked with JOL's {@link GraphLayout}, divided by the managed pages. Run without JMH:
 * {@code java -Djdk.attach.allowAttachSelf=true -cp bench/target/benchmarks.jar io.slowpath.bench.MetadataFootprint [-v] [GiB...]}.
 * Without {@code allowAttachSelf} JOL warns that it cannot get Instrumentation and sizes objects through Unsafe
 * instead, which gives the same figures on HotSpot.
 */
public final class MetadataFootprint {
    /** The sizes measured when none are given. */
    static final long[] DEFAULT_GIB = {1, 4, 16, 64};

    static {
        // Records (BootSetup's results) refuse Unsafe.objectFieldOffset; JOL then needs its "magic" field-offset
        // mode. Set before JOL's VM support initialises.
        if (System.getProperty("jol.magicFieldOffset") == null) {
            System.setProperty("jol.magicFieldOffset", "true");
        }
    }

    private MetadataFootprint() {
    }

    /** One measurement: machine size, managed pages, retained bytes. */
    record Footprint(long gib, long managedPages, long bytes, String table) {
        double bytesPerPage() {
            return (double) bytes / managedPages;
        }
    }

    /** Boots a machine of {@code gib} GiB with {@code cpus} CPUs and measures what it retains. */
    static Footprint measure(long gib, int cpus) {
        Machine m = BenchMachines.boot(gib, cpus);
        BuddyAllocator a = new BuddyAllocator(m);
        GraphLayout layout = GraphLayout.parseInstance(m, a);
        long managed = m.populatedZoneList().stream().mapToLong(z -> z.managedPages()).sum();
        return new Footprint(gib, managed, layout.totalSize(), layout.toFootprint());
    }

    /**
     * Prints bytes per managed page for each size (GiB) given, or for 1, 4, 16 and 64 GiB; with {@code -v} also JOL's
     * per-class table.
     */
    public static void main(String[] args) {
        boolean verbose = false;
        long[] sizes = DEFAULT_GIB;
        int n = 0;
        long[] given = new long[args.length];
        for (String arg : args) {
            if (arg.equals("-v")) {
                verbose = true;
            } else {
                try {
                    given[n++] = Long.parseLong(arg);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("machine size '" + arg + "' is not a whole number of GiB", e);
                }
            }
        }
        if (n > 0) {
            sizes = java.util.Arrays.copyOf(given, n);
        }
        PrintStream out = System.out;
        out.println("| Machine (one zone, 2 CPUs) | Managed pages | Retained bytes | Bytes per page |");
        out.println("|---|---:|---:|---:|");
        for (long gib : sizes) {
            Footprint f = measure(gib, 2);
            out.printf(Locale.ROOT, "| %d GiB | %,d | %,d | %.3f |%n", gib, f.managedPages(), f.bytes(),
                f.bytesPerPage());
            if (verbose) {
                out.println(f.table());
            }
        }
    }
}
