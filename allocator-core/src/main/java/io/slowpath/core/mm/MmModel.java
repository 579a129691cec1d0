package io.slowpath.core.mm;

import io.slowpath.api.ZoneStatItem;
import io.slowpath.api.compaction.CompactionOps;
import io.slowpath.api.mm.PageOps;
import io.slowpath.api.mm.PageState;
import io.slowpath.api.mm.TaskView;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.core.alloc.CallStack;
import io.slowpath.core.sim.SimulatedKernel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The memory-management model of a simulated 3.10 kernel: tasks with address spaces, anonymous and page-cache pages,
 * swap, page tables, kernel stacks and slab pages, all allocated through the {@link SimulatedKernel} (so every
 * allocation can enter the full slow path) and accounted as the kernel accounts them: the RSS counters
 * ({@code MM_ANONPAGES}, {@code MM_FILEPAGES}, {@code MM_SWAPENTS}, {@code nr_ptes}, {@code total_vm}) in each
 * {@link Task}, the zone counters (NR_ANON_PAGES, NR_FILE_PAGES, NR_FILE_MAPPED, NR_FILE_DIRTY, NR_WRITEBACK,
 * NR_PAGETABLE, NR_KERNEL_STACK, NR_SLAB_*, NR_ANON_TRANSPARENT_HUGEPAGES) and the /proc/vmstat events (pgfault,
 * pgmajfault, pswpin, pswpout, pgpgin, pgpgout, thp_*).
 *
 * <p>Page metadata lives in a {@link PageMap} (primitive arrays by pfn), page tables in primitive open-addressing
 * maps, the reverse map in anon_vmas and file mapping lists. The reclaim policy learns about pages through its hooks:
 * {@code pageAdded} when a page becomes reclaimable (with {@code PG_active} telling the target list, see
 * {@link PageFlags}), {@code pageRemoved} when the model frees one, {@code pageAccessed} for
 * {@code mark_page_accessed}. Policies read pages and act on them through {@link #pageState()} and
 * {@link #pageOps()} (what {@code MmServices.pages()} and {@code pageOps()} return), never through this class.
 * Everything runs on the simulation thread and is deterministic.
 */
public final class MmModel {
    private final MmCore c;
    private final Rmap rmap;
    private final ThpSplitter splitter;
    private final FaultHandler faults;
    private final Zapper zapper;
    private final ForkCopy forker;
    private final PageCacheOps pageCache;
    private final PageMechanics mechanics;
    private final KernelPages kernelPages;
    private final PolicyPageState pageState;
    private final PolicyPageOps pageOps;
    private final PolicyCompactionOps compactionOps;
    private final List<Integer> pagefaultOoms = new ArrayList<>();
    private PagefaultOomHandler oomHandler = PagefaultOomHandler.none();

    /**
     * A model over {@code kernel}, which it attaches itself to ({@link SimulatedKernel#attachMm}): the kernel's
     * policies then see its pages through {@code MmServices.pages()} and {@code pageOps()}. A kernel has at most one.
     *
     * @param kernel   the simulated kernel whose allocator, clock, counters and tasks the model uses
     * @param lruHooks the reclaim policy (or any listener) told about pages coming and going
     * @param config   swap size and THP settings
     */
    public MmModel(SimulatedKernel kernel, ReclaimPolicy lruHooks, MmConfig config) {
        this.c = new MmCore(Objects.requireNonNull(kernel, "kernel"), Objects.requireNonNull(lruHooks, "lruHooks"),
            Objects.requireNonNull(config, "config"));
        this.rmap = new Rmap(c);
        this.splitter = new ThpSplitter(c, rmap);
        this.faults = new FaultHandler(c, splitter);
        this.zapper = new Zapper(c, splitter);
        this.forker = new ForkCopy(c);
        this.pageCache = new PageCacheOps(c);
        this.mechanics = new PageMechanics(c, rmap);
        this.kernelPages = new KernelPages(c);
        this.pageState = new PolicyPageState(c, rmap);
        this.pageOps = new PolicyPageOps(c, mechanics, pageState);
        this.compactionOps = new PolicyCompactionOps(c, mechanics);
        kernel.attachMm(this);
    }

    /** Sets what {@code pagefault_out_of_memory} does after the model has recorded it. */
    public void setPagefaultOomHandler(PagefaultOomHandler handler) {
        this.oomHandler = Objects.requireNonNull(handler, "handler");
    }

    // ---- tasks ------------------------------------------------------------------------------------------------

    /**
     * Creates a process (as init's child after exec): its kernel stack and an empty address space, and adds it to
     * the kernel.
     *
     * @return the task, or null when its kernel stack could not be allocated
     */
    public Task spawn(int pid, String name, int uid, int oomScoreAdj) {
        Task t = new Task(pid, pid, 1, name, uid, oomScoreAdj);
        return spawn(t) ? t : null;
    }

    /**
     * Gives {@code t} a kernel stack and an empty address space and adds it to the kernel unless it is there already.
     *
     * @return false when the kernel stack could not be allocated (nothing changed)
     */
    public boolean spawn(Task t) {
        Task known = c.kernel.task(t.pid());
        if (known != null && known != t) {
            throw new IllegalArgumentException("pid " + t.pid() + " is already used by " + known);
        }
        if (c.mms.containsKey(t.pid())) {
            throw new IllegalArgumentException("task " + t + " already has an address space");
        }
        if (!t.hasMm()) {
            throw new IllegalArgumentException("task " + t + " is a kernel thread: it has no address space");
        }
        if (!kernelPages.allocStack(t, t)) {
            return false;
        }
        newAddressSpace(t, null);
        if (known == null) {
            c.kernel.addTask(t);
        }
        return true;
    }

    /**
     * Models kernel/fork.c: copy_process for fork(): the child's kernel stack (dup_task_struct, order 1,
     * NR_KERNEL_STACK++), then dup_mm (see {@link ForkCopy}): anonymous memory shared copy-on-write, page tables
     * copied. The child runs on the parent's CPU.
     *
     * @return the child, or null when an allocation failed (-ENOMEM: everything allocated for the child is freed)
     */
    public Task fork(Task parent, int childPid) {
        AddressSpace pmm = c.mmOf(parent);
        if (c.kernel.task(childPid) != null || c.mms.containsKey(childPid)) {
            throw new IllegalArgumentException("pid " + childPid + " is already in use");
        }
        Task child = new Task(childPid, childPid, parent.pid(), parent.name(), parent.uid(), parent.oomScoreAdj());
        child.setCpu(parent.cpu());
        if (!kernelPages.allocStack(child, parent)) {
            return null;
        }
        AddressSpace cmm = newAddressSpace(child, pmm.anonVma);
        if (!forker.dupMm(pmm, cmm)) {
            releaseAddressSpace(cmm, parent.cpu());
            kernelPages.freeStack(child.pid(), parent.cpu());
            return null;
        }
        c.kernel.addTask(child);
        return child;
    }

    /**
     * Models kernel/exit.c: do_exit for a single-threaded process: PF_EXITING, exit_mm (every mapping unmapped as
     * munmap does, page tables freed, total_vm 0), the kernel stack freed, and the task removed from the kernel.
     */
    public void exit(Task t) {
        AddressSpace mm = c.mmOf(t);
        t.setFlags(TaskView.PF_EXITING);
        releaseAddressSpace(mm, t.cpu());
        kernelPages.freeStack(t.pid(), t.cpu());
        c.kernel.removeTask(t.pid());
    }

    /**
     * What oom_kill_process does to its victim: SIGKILL and TIF_MEMDIE. The victim's exit (and the memory it
     * frees) is the caller's to schedule with {@link #exit}.
     */
    public void kill(Task t) {
        t.sendSigkill();
        t.setMemdie(true);
    }

    private AddressSpace newAddressSpace(Task t, AnonVma parent) {
        AnonVma av = new AnonVma(c.nextAnonVmaId++, parent);
        c.anonVmas.put(av.id, av);
        AddressSpace mm = new AddressSpace(c.nextMmId++, c, t, av);
        av.join(mm);
        c.mms.put(t.pid(), mm);
        t.mm = mm;
        return mm;
    }

    private void releaseAddressSpace(AddressSpace mm, int slot) {
        zapper.exitMmap(mm, slot);
        mm.anonVma.leave(mm);
        c.mms.remove(mm.task.pid());
        if (mm.task.mm == mm) {
            mm.task.mm = null;
        }
    }

    // ---- address space ----------------------------------------------------------------------------------------

    /**
     * {@code mmap} of {@code pages} new pages: anonymous memory, or for {@link VmaKind#FILE} a shared mapping of a
     * new file of that size. Areas are placed at increasing 2 MiB-aligned addresses, so huge pages can back them.
     * total_vm += pages.
     *
     * @return the first virtual page
     */
    public long mmap(Task t, long pages, VmaKind kind) {
        if (kind == VmaKind.FILE) {
            return mmapFile(t, createFile(pages), 0, pages);
        }
        return map(c.mmOf(t), VmaKind.ANON, null, 0, pages);
    }

    /** {@code mmap(MAP_SHARED)} of pages {@code [pgoff, pgoff + pages)} of a file; returns the first virtual page. */
    public long mmapFile(Task t, int fileId, long pgoff, long pages) {
        FileMapping f = c.file(fileId);
        if (pgoff < 0 || pgoff + pages > f.sizePages) {
            throw new IllegalArgumentException("pages [" + pgoff + ", " + (pgoff + pages) + ") are outside file "
                + fileId + " of " + f.sizePages + " pages");
        }
        return map(c.mmOf(t), VmaKind.FILE, f, pgoff, pages);
    }

    private long map(AddressSpace mm, VmaKind kind, FileMapping f, long pgoff, long pages) {
        if (pages <= 0) {
            throw new IllegalArgumentException("mmap length must be positive, got " + pages + " pages");
        }
        long start = mm.mmapCursor;
        long end = start + pages;
        if (end > AddressSpace.VPAGE_LIMIT) {
            throw new IllegalArgumentException("task " + mm.task + " address space is full (" + pages
                + " more pages do not fit)");
        }
        Vma v = new Vma(mm, kind, f, start, end, pgoff);
        mm.vmas.put(start, v);
        if (f != null) {
            f.mappers.add(v);
        }
        mm.mmapCursor = (end + AddressSpace.PTRS_PER_PTE - 1) & ~(long) (AddressSpace.PTRS_PER_PTE - 1);
        mm.task.totalVm += pages;
        return start;
    }

    /** {@code munmap} of {@code pages} pages from {@code start}; parts of the range no VMA covers are ignored. */
    public void munmap(Task t, long start, long pages) {
        if (pages <= 0 || start < 0) {
            throw new IllegalArgumentException("munmap of " + pages + " pages at " + start + " is not a valid range");
        }
        zapper.munmap(c.mmOf(t), start, start + pages, t.cpu());
    }

    /**
     * One user access of {@code t} to {@code vpage} ({@code handle_mm_fault} when the entry does not allow it). A
     * fault that returns {@link Fault#OOM} is recorded and handed to the {@link PagefaultOomHandler}
     * ({@code mm_fault_error} for a user-mode fault).
     *
     * @throws IllegalArgumentException when no VMA covers {@code vpage} (the kernel's SIGSEGV)
     */
    public Fault touch(Task t, long vpage, boolean write) {
        AddressSpace mm = c.mmOf(t);
        // The fault and pagefault_out_of_memory run as t: current() is the faulting task for every policy called.
        // The frames dump_stack shows for a user fault: page_fault -> do_page_fault -> __do_page_fault ->
        // handle_mm_fault (do_anonymous_page, __handle_mm_fault and handle_pte_fault inlined, as in the seed's trace),
        // and mm_fault_error -> pagefault_out_of_memory after a VM_FAULT_OOM.
        if (faults.accessWithoutFault(mm, vpage, write)) {
            // No fault: nothing runs in the kernel, so no frames, no current task to switch.
            return Fault.NONE;
        }
        SimulatedKernel k = c.kernel;
        CallStack stack = k.callStack();
        Task saved = k.switchCurrent(t);
        stack.push("page_fault");
        stack.push("do_page_fault");
        stack.push("__do_page_fault");
        try {
            Fault f;
            stack.push("handle_mm_fault");
            try {
                f = faults.access(mm, vpage, write);
            } finally {
                stack.pop();
            }
            if (f == Fault.OOM) {
                pagefaultOoms.add(t.pid());
                stack.push("mm_fault_error");
                stack.push("pagefault_out_of_memory");
                try {
                    oomHandler.pagefaultOutOfMemory(t);
                } finally {
                    stack.pop();
                    stack.pop();
                }
            }
            return f;
        } finally {
            stack.pop();
            stack.pop();
            stack.pop();
            k.restoreCurrent(saved);
        }
    }

    /** Creates a file of {@code sizePages} pages; returns its id. */
    public int createFile(long sizePages) {
        if (sizePages <= 0 || sizePages > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("file size must be 1.." + Integer.MAX_VALUE + " pages, got " + sizePages);
        }
        FileMapping f = new FileMapping(c.nextFileId++, sizePages);
        c.pageCache.addFile(f);
        return f.id;
    }

    /** {@code read()} of one page of a file through the page cache. */
    public PageCacheResult readFile(Task t, int fileId, long offset) {
        c.mmOf(t);
        Task saved = c.kernel.switchCurrent(t);
        try {
            return pageCache.read(t, fileId, offset);
        } finally {
            c.kernel.restoreCurrent(saved);
        }
    }

    /**
     * {@code count} {@link #readFile} (or {@link #writeFile}) calls for the pages from {@code offset} on, as a task
     * streaming through a file makes them, stopping after the first that fails with ENOMEM or leaves {@code t} with a
     * fatal signal pending (an OOM kill in its slow path). One call for the run: this is the page-cache streaming
     * path, and the task is switched in once instead of once a page. The outcome (pages, counters, time, hooks and
     * their order) is that of the single calls; for reads, a run of misses whose allocations all take the fast path
     * is allocated before its pages are added, as readahead allocates its window.
     *
     * @return the number of pages done before that stop: {@code count} when nothing stopped the run
     * @throws IllegalArgumentException when a page of the range lies outside the file
     */
    public int streamFile(Task t, int fileId, long offset, int count, boolean write) {
        c.mmOf(t);
        Task saved = c.kernel.switchCurrent(t);
        try {
            return pageCache.readOrWriteRange(t, fileId, offset, count, write);
        } finally {
            c.kernel.restoreCurrent(saved);
        }
    }

    /** {@code write()} of one whole page of a file through the page cache (the page ends dirty). */
    public PageCacheResult writeFile(Task t, int fileId, long offset) {
        c.mmOf(t);
        Task saved = c.kernel.switchCurrent(t);
        try {
            return pageCache.write(t, fileId, offset);
        } finally {
            c.kernel.restoreCurrent(saved);
        }
    }

    // ---- kernel allocations -----------------------------------------------------------------------------------

    /**
     * A slab page block for {@code t}: {@code gfp} with {@code __GFP_RECLAIMABLE} counts NR_SLAB_RECLAIMABLE, else
     * NR_SLAB_UNRECLAIMABLE ({@code 1 << order} pages).
     *
     * @return the pfn, or -1
     */
    public long allocSlab(Task t, int gfp, int order) {
        return kernelPages.allocSlab(t, gfp, order);
    }

    /** Frees a slab block from {@link #allocSlab}. */
    public void freeSlab(Task t, long pfn) {
        kernelPages.freeSlab(t.cpu(), pfn);
    }

    /**
     * Creates a reclaimable slab cache and registers its shrinker with the kernel ({@code register_shrinker}), so
     * reclaim's {@code shrink_slab} ages it.
     *
     * @param name           the cache's name, e.g. {@code dentry}
     * @param objectsPerSlab objects in one order-0 slab page
     * @param seeks          {@code shrinker->seeks} ({@link io.slowpath.api.reclaim.Shrinker#DEFAULT_SEEKS} is 2)
     * @param batch          {@code shrinker->batch}, 0 for {@code SHRINK_BATCH} (128)
     * @param needsFs        a filesystem cache: its shrinker refuses to work without {@code __GFP_FS}
     */
    public SlabCache createSlabCache(String name, int objectsPerSlab, int seeks, long batch, boolean needsFs) {
        SlabCache cache = new SlabCache(c, kernelPages, name, objectsPerSlab, seeks, batch, needsFs);
        c.kernel.registerShrinker(cache);
        return cache;
    }

    /** The first pfn of {@code t}'s kernel stack, or -1. */
    public long kernelStackPfn(Task t) {
        Long pfn = c.kernelStacks.get(t.pid());
        return pfn == null ? -1 : pfn;
    }

    // ---- what reclaim, compaction and the OOM killer need ----------------------------------------------------

    /** The pages as policies see them ({@code MmServices.pages()}). */
    public PageState pageState() {
        return pageState;
    }

    /** The page mechanics policies act through ({@code MmServices.pageOps()}). */
    public PageOps pageOps() {
        return pageOps;
    }

    /** The compaction mechanics policies act through ({@code MmServices.compactionOps()}). */
    public CompactionOps compactionOps() {
        return compactionOps;
    }

    /**
     * Takes an extra reference on a page in use, as {@code get_user_pages} does for direct I/O or a registered
     * buffer: migration of a pinned page fails with {@code -EAGAIN} ({@code migrate_page_move_mapping}'s
     * {@code page_count} check). Pins nest; the model drops them when it frees the page.
     *
     * @throws IllegalArgumentException when the page is not an anonymous or page-cache page
     */
    public void pinPage(long pfn) {
        int kind = c.pages.kind(pfn);
        if (kind != PageFlags.KIND_ANON && kind != PageFlags.KIND_FILE) {
            throw new IllegalArgumentException("cannot pin pfn " + pfn + ": it is a " + PageFlags.kindName(kind)
                + " page, not a user page");
        }
        long n = c.pins.get(pfn);
        c.pins.put(pfn, n == LongLongMap.MISSING ? 1 : n + 1);
    }

    /**
     * Drops one reference taken with {@link #pinPage} ({@code put_page}).
     *
     * @throws IllegalStateException when the page holds no pin
     */
    public void unpinPage(long pfn) {
        long n = c.pins.get(pfn);
        if (n == LongLongMap.MISSING) {
            throw new IllegalStateException("pfn " + pfn + " is not pinned");
        }
        if (n == 1) {
            c.pins.remove(pfn);
        } else {
            c.pins.put(pfn, n - 1);
        }
    }

    /** The page metadata (flags, owner, index, map count by pfn). */
    public PageMap pages() {
        return c.pages;
    }

    /** The swap device. */
    public SwapDevice swap() {
        return c.swap;
    }

    /** {@code page_referenced}: the mappings whose accessed bit was set, clearing them. */
    public int pageReferenced(long pfn) {
        return rmap.referenced(pfn);
    }

    /** The pids of the tasks mapping {@code pfn}, in reverse-map walk order. */
    public List<Integer> mapperPids(long pfn) {
        List<Integer> out = new ArrayList<>();
        for (AddressSpace mm : rmap.mappers(pfn)) {
            out.add(mm.task.pid());
        }
        return out;
    }

    /** Swaps an anonymous page out (see {@link PageMechanics#swapOut}); false when swap is full. */
    public boolean swapOut(long pfn) {
        return mechanics.swapOut(pfn);
    }

    /** Unmaps and frees a clean page-cache page; false when it is (or became) dirty. */
    public boolean removeFilePage(long pfn) {
        return mechanics.removeFilePage(pfn);
    }

    /** Dirties a page-cache page. */
    public void markDirty(long pfn) {
        mechanics.markDirty(pfn);
    }

    /** Starts writeback of a dirty page-cache page. */
    public void startWriteback(long pfn) {
        mechanics.startWriteback(pfn);
    }

    /** Ends writeback of a page-cache page. */
    public void endWriteback(long pfn) {
        mechanics.endWriteback(pfn);
    }

    /** Migrates a small anonymous or page-cache page to the allocated, unused pfn {@code to}; frees {@code from}. */
    public void migratePage(long from, long to) {
        mechanics.migrate(from, to);
    }

    /** {@code split_huge_page} of the transparent huge page holding {@code pfn}. */
    public void splitHugePage(long pfn) {
        splitter.split(c.currentSlot(), pfn);
    }

    /**
     * Models mm/huge_memory.c: shrink_huge_zero_page (Linux 3.10): frees the huge zero page when only the
     * shrinker's reference is left.
     *
     * @return the pages freed (512 or 0)
     */
    public long shrinkHugeZeroPage() {
        if (c.hugeZeroPfn < 0 || c.hugeZeroRefs != 1) {
            return 0;
        }
        c.free(c.currentSlot(), c.hugeZeroPfn, MmCore.HPAGE_PMD_ORDER, false);
        c.hugeZeroPfn = -1;
        c.hugeZeroRefs = 0;
        return MmCore.HPAGE_PMD_NR;
    }

    /** The pfn of the huge zero page, or -1. */
    public long hugeZeroPfn() {
        return c.hugeZeroPfn;
    }

    /** The swap slot of a swap-cache page, or -1. */
    public int swapSlotOf(long pfn) {
        long s = c.swapCacheSlot.get(pfn);
        return s < 0 ? -1 : (int) s;
    }

    /** The pfn caching page {@code offset} of a file, or -1. */
    public long pageCachePfn(int fileId, long offset) {
        return c.pageCache.get(fileId, offset);
    }

    /** Pages in the page cache (swap cache not included). */
    public long pageCachePages() {
        return c.pageCache.size();
    }

    /**
     * mm/swap_state.c: swap_cache_info as {@code show_swap_cache_info} prints it: {add_total, del_total,
     * find_success, find_total}.
     */
    public long[] swapCacheStats() {
        return c.swapCacheInfo.clone();
    }

    /** Pages in the swap cache. */
    public long swapCachePages() {
        return c.swapCacheSlot.size();
    }

    /** The pfns of the real pages {@code t} maps (each page of a huge mapping once), ascending. */
    public long[] mappedPfns(Task t) {
        LongLongMap seen = new LongLongMap();
        c.mmOf(t).ptes.forEach((vpage, e) -> {
            if (Pte.mapsPage(e)) {
                seen.put(Pte.pfn(e), 1);
            }
        });
        return seen.sortedKeys();
    }

    /** The pfn mapped at {@code vpage} of {@code t}, or -1 (not present, zero page or swapped). */
    public long pfnAt(Task t, long vpage) {
        long e = c.mmOf(t).entry(vpage);
        return Pte.mapsPage(e) ? Pte.pfn(e) : -1;
    }

    /** The swap slot of the swap entry at {@code vpage} of {@code t}, or -1. */
    public int swapSlotAt(Task t, long vpage) {
        long e = c.mmOf(t).entry(vpage);
        return Pte.isSwap(e) ? Pte.slot(e) : -1;
    }

    /** {@code t}'s VMAs in address order. */
    public List<Vma> vmas(Task t) {
        return List.copyOf(c.mmOf(t).vmas.values());
    }

    /** The anon_vma id that owns the anonymous pages {@code t} creates (the owner in {@link PageMap}). */
    public int anonVmaOf(Task t) {
        return c.mmOf(t).anonVma.id;
    }

    /** Whether the model manages an address space for {@code t}. */
    public boolean hasAddressSpace(Task t) {
        AddressSpace mm = t.mm;
        if (mm != null && mm.core == c) {
            return true;
        }
        mm = c.mms.get(t.pid());
        return mm != null && mm.task == t;
    }

    /** The tasks with an address space, in pid order. */
    public List<Task> tasks() {
        List<Task> out = new ArrayList<>();
        for (AddressSpace mm : c.mms.values()) {
            out.add(mm.task);
        }
        return out;
    }

    /** The pids whose faults ended in {@code pagefault_out_of_memory}, in order. */
    public List<Integer> pagefaultOoms() {
        return Collections.unmodifiableList(pagefaultOoms);
    }

    /** Pages the model holds (pfns whose kind is not none): user pages, caches, page tables, stacks, slab. */
    public long pagesInUse() {
        long n = 0;
        for (int p = 0; p < c.pages.maxPfn(); p++) {
            if (c.pages.kind(p) != PageFlags.KIND_NONE) {
                n++;
            }
        }
        return n;
    }

    /**
     * Checks the model against itself from first principles (every entry of every address space, every page, every
     * swap slot) and the zone counters it keeps; see {@link MmAudit}.
     *
     * @return the inconsistencies found, empty when there are none
     */
    public List<String> audit() {
        return new MmAudit(c).run();
    }

    /** The zone counter items the model maintains. */
    public static List<ZoneStatItem> maintainedCounters() {
        return MmAudit.COUNTERS;
    }
}
