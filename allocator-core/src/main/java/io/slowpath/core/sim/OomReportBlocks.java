package io.slowpath.core.sim;

import io.slowpath.api.NodeView;
import io.slowpath.api.ZoneView;
import io.slowpath.api.mm.PageState;
import io.slowpath.core.mm.MmModel;
import io.slowpath.core.mm.Task;
import io.slowpath.core.proc.FreeAreaReport;
import io.slowpath.core.zone.Machine;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocks of an OOM report that only the simulated kernel can render, for {@code MmServices.dumpStack} and
 * {@code MmServices.showMem}.
 */
final class OomReportBlocks {
    /** A simulator has no kernel text: every frame prints address 0 and offset/size 0. */
    static final String FRAME_ADDRESS = "0000000000000000";

    private OomReportBlocks() {
    }

    /**
     * Models arch/x86/kernel/dumpstack.c: dump_stack (Linux 3.10, x86_64): {@code CPU: N PID: N Comm: name Not
     * tainted <release> #1}, {@code Call Trace:} and the frames, innermost first. No {@code Hardware name:} line (no
     * DMI) and no raw stack words (no stack memory).
     */
    static List<String> dumpStack(Machine machine, Task current, List<String> innerFrames, List<String> pathFrames) {
        List<String> out = new ArrayList<>();
        String comm = current.name().length() > 20 ? current.name().substring(0, 20) : current.name();
        out.add("CPU: " + current.cpu() + " PID: " + current.pid() + " Comm: " + comm + " Not tainted "
            + release(machine) + " #1");
        out.add("Call Trace:");
        for (String f : innerFrames) {
            out.add(frame(f));
        }
        for (String f : pathFrames) {
            out.add(frame(f));
        }
        return out;
    }

    /** The kernel release the flavour stands for ({@code uname -r}). */
    static String release(Machine machine) {
        return switch (machine.flavour()) {
            case EL7 -> "3.10.0-1160.el7.x86_64";
            case MAINLINE_3_10_108 -> "3.10.108";
        };
    }

    private static String frame(String function) {
        return " [<" + FRAME_ADDRESS + ">] " + function + "+0x0/0x0";
    }

    /**
     * Models lib/show_mem.c: show_mem (Linux 3.10) with show_free_areas's tail: {@code Mem-Info:}, the
     * {@link FreeAreaReport} lines, one hugepage line per node with memory (Slowpath has no hugetlbfs pool: all 0),
     * the page-cache total, {@code show_swap_cache_info}, and the page counts. {@code pages RAM} is the present pages,
     * {@code pages reserved} present minus managed; {@code page_count} is modelled as the map count of an anonymous
     * page (plus one in the swap cache), one plus the map count of a page-cache page, and 1 for other pages in use.
     */
    static List<String> showMem(Machine machine, MmModel mm) {
        List<String> out = new ArrayList<>();
        out.add("Mem-Info:");
        out.addAll(FreeAreaReport.render(machine).lines().toList());
        for (NodeView n : machine.nodes()) {
            if (n.zones().stream().anyMatch(ZoneView::populated)) {
                out.add("Node " + n.id() + " hugepages_total=0 hugepages_free=0 hugepages_surp=0"
                    + " hugepages_size=2048kB");
            }
        }
        out.add(FreeAreaReport.pagecacheLine(machine).strip());
        long[] stats = mm == null ? new long[4] : mm.swapCacheStats();
        long swapTotal = mm == null ? 0 : mm.swap().totalPages();
        long swapFree = mm == null ? 0 : mm.swap().freePages();
        out.add((mm == null ? 0 : mm.swapCachePages()) + " pages in swap cache");
        out.add("Swap cache stats: add " + stats[0] + ", delete " + stats[1] + ", find " + stats[2] + "/" + stats[3]);
        out.add("Free swap  = " + swapFree * 4 + "kB");
        out.add("Total swap = " + swapTotal * 4 + "kB");
        long present = 0;
        long managed = 0;
        long free = 0;
        for (ZoneView z : machine.populatedZones()) {
            present += z.presentPages();
            managed += z.managedPages();
            free += z.freePages();
        }
        long shared = 0;
        long sharedPages = 0;
        if (mm != null) {
            PageState pages = mm.pageState();
            for (long pfn = 0; pfn < pages.maxPfn(); pfn++) {
                int kind = pages.kind(pfn);
                long count;
                if (kind == PageState.KIND_ANON) {
                    count = pages.mapcount(pfn) + (pages.test(pfn, PageState.PG_SWAPCACHE) ? 1 : 0);
                } else if (kind == PageState.KIND_FILE) {
                    count = 1 + pages.mapcount(pfn);
                } else {
                    continue;
                }
                if (count > 1) {
                    shared += count - 1;
                    sharedPages++;
                }
            }
        }
        out.add(present + " pages RAM");
        out.add((present - managed) + " pages reserved");
        out.add(shared + " pages shared");
        out.add(Math.max(0, managed - free - sharedPages) + " pages non-shared");
        return out;
    }
}
