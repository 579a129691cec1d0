package io.slowpath.core.alloc;

import io.slowpath.api.Gfp;
import io.slowpath.api.Ratelimit;
import io.slowpath.core.mm.Task;
import io.slowpath.core.proc.FreeAreaReport;
import io.slowpath.core.sim.SimClock;
import io.slowpath.core.zone.Machine;
import java.util.List;
import java.util.function.Consumer;

/**
 * Models mm/page_alloc.c: warn_alloc_failed (Linux 3.10): the {@code page allocation failure} line, the stack, and
 * {@code show_mem}, rate-limited to 10 reports per 5 seconds of simulated time ({@code nopage_rs}).
 *
 * <p>The stack is the simulated call chain; its frames carry zero addresses and offsets, since there is no kernel
 * image to resolve them against.
 */
public final class WarnAllocFailed implements AllocFailureReporter {
    private final Machine machine;
    private final SimClock clock;
    private final Consumer<String> log;
    private final String release;
    /** warn_alloc_failed's {@code nopage_rs}: DEFAULT_RATELIMIT_INTERVAL (5 s) and DEFAULT_RATELIMIT_BURST (10). */
    private final Ratelimit nopageRs = new Ratelimit();

    /** A reporter printing to {@code log}, one line per call. */
    public WarnAllocFailed(Machine machine, SimClock clock, Consumer<String> log) {
        this.machine = machine;
        this.clock = clock;
        this.log = log;
        this.release = machine.kernelFlavour().equals("el7") ? "3.10.0-1160.el7.x86_64 #1" : "3.10.108 #1";
    }

    @Override
    public boolean warnAllocFailed(Task current, int gfp, int order) {
        if ((gfp & Gfp.__GFP_NOWARN) != 0 || !rateLimitOk()) {
            return false;
        }
        log.accept(current.name() + ": page allocation failure: order:" + order + ", mode:" + Gfp.toHex(gfp));
        log.accept("CPU: 0 PID: " + current.pid() + " Comm: " + current.name() + " Not tainted " + release);
        log.accept("Call Trace:");
        for (String frame : List.of("dump_stack", "warn_alloc_failed", "__alloc_pages_slowpath",
            "__alloc_pages_nodemask", "alloc_pages_current")) {
            log.accept(" [<0000000000000000>] " + frame + "+0x0/0x0");
        }
        // show_mem(filter): SHOW_MEM_FILTER_NODES would hide nodes outside current's mems_allowed, but without
        // cpusets every node is allowed, so every node is shown either way.
        log.accept("Mem-Info:");
        for (String l : FreeAreaReport.render(machine).split("\n")) {
            log.accept(l);
        }
        return true;
    }

    /** {@code __ratelimit(&nopage_rs)}, with the kernel's "callbacks suppressed" line when a window reopens. */
    private boolean rateLimitOk() {
        boolean ok = nopageRs.allow(clock.now());
        int suppressed = nopageRs.takeSuppressed();
        if (suppressed > 0) {
            log.accept("warn_alloc_failed: " + suppressed + " callbacks suppressed");
        }
        return ok;
    }
}
