package io.slowpath.core.mm;

import io.slowpath.api.ZoneStatItem;
import io.slowpath.core.zone.Zone;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Recomputes everything the model accounts from first principles and reports every difference: each task's RSS
 * counters, nr_ptes and total_vm against its entries and VMAs; each page's map count against the entries mapping
 * it; the reverse map (owner and index) of every mapped page against where it is mapped; the page cache and swap
 * cache indexes; swap counts against swap entries; the allocator's record of every block the model holds; and the
 * zone counters the model maintains against the pages it holds, zone by zone.
 */
final class MmAudit {
    static final List<ZoneStatItem> COUNTERS = List.of(ZoneStatItem.NR_ANON_PAGES,
        ZoneStatItem.NR_ANON_TRANSPARENT_HUGEPAGES, ZoneStatItem.NR_FILE_PAGES, ZoneStatItem.NR_MAPPED,
        ZoneStatItem.NR_DIRTY, ZoneStatItem.NR_WRITEBACK, ZoneStatItem.NR_PAGE_TABLE_PAGES,
        ZoneStatItem.NR_KERNEL_STACK, ZoneStatItem.NR_SLAB_RECLAIMABLE, ZoneStatItem.NR_SLAB_UNRECLAIMABLE,
        ZoneStatItem.NR_INACTIVE_ANON, ZoneStatItem.NR_ACTIVE_ANON, ZoneStatItem.NR_INACTIVE_FILE,
        ZoneStatItem.NR_ACTIVE_FILE, ZoneStatItem.NR_UNEVICTABLE);
    private static final int MAX_ERRORS = 50;

    private final MmCore c;
    private final List<String> errors = new ArrayList<>();
    private final int[] maps;
    private final int[] swapRefs;
    private long hugeZeroMaps;

    MmAudit(MmCore c) {
        this.c = c;
        this.maps = new int[c.pages.maxPfn()];
        this.swapRefs = new int[(int) c.swap.totalPages() + 1];
    }

    List<String> run() {
        for (AddressSpace mm : c.mms.values()) {
            auditAddressSpace(mm);
        }
        for (Zone z : c.machine.populatedZoneList()) {
            auditZone(z);
        }
        auditSwap();
        auditCaches();
        auditCompactionFree();
        return errors;
    }

    /**
     * Free pages compaction took off the buddy lists ({@code split_free_page}) must be used as migration targets or
     * given back ({@code release_freepages}) before the compaction returns: any left over leaked.
     */
    private void auditCompactionFree() {
        for (int p = c.compactionFree.nextSetBit(0); p >= 0; p = c.compactionFree.nextSetBit(p + 1)) {
            error("pfn " + p + " was taken by splitFreePage and never used nor released");
        }
    }

    private void error(String msg) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(msg);
        }
    }

    private void auditAddressSpace(AddressSpace mm) {
        Task t = mm.task;
        if (c.kernel.task(t.pid()) != t) {
            error("task " + t + " has an address space but is not a task of the kernel");
        }
        long vm = 0;
        for (Vma v : mm.vmas.values()) {
            vm += v.pages();
            if (v.file != null && !v.file.mappers.contains(v)) {
                error(t + ": " + v + " is missing from its file's mapping list");
            }
        }
        if (vm != t.totalVm) {
            error(t + ": total_vm " + t.totalVm + " but its VMAs hold " + vm + " pages");
        }
        if (t.nrPtes != mm.pmds.size()) {
            error(t + ": nr_ptes " + t.nrPtes + " but it has " + mm.pmds.size() + " PTE pages");
        }
        mm.pmds.forEach((idx, pfn) -> {
            if (c.pages.kind(pfn) != PageFlags.KIND_PAGETABLE || c.pages.owner(pfn) != mm.id
                || c.pages.index(pfn) != idx) {
                error(t + ": PTE page of pmd " + idx + " at pfn " + pfn + " is not recorded as its page table");
            }
        });
        long[] rss = new long[3];
        mm.ptes.forEach((vpage, e) -> auditEntry(mm, vpage, e, rss));
        if (rss[0] != t.anonRss || rss[1] != t.fileRss || rss[2] != t.swapEntries) {
            error(t + ": MM_ANONPAGES/MM_FILEPAGES/MM_SWAPENTS are " + t.anonRss + "/" + t.fileRss + "/"
                + t.swapEntries + " but its entries give " + rss[0] + "/" + rss[1] + "/" + rss[2]);
        }
    }

    private void auditEntry(AddressSpace mm, long vpage, long e, long[] rss) {
        Vma vma = mm.find(vpage);
        String where = mm.task + " vpage " + vpage;
        if (vma == null) {
            error(where + ": entry outside every VMA");
            return;
        }
        if (!mm.pmds.containsKey(AddressSpace.pmdIndex(vpage))) {
            error(where + ": entry without a PTE page");
        }
        if (Pte.isSwap(e)) {
            rss[2]++;
            int s = Pte.slot(e);
            swapRefs[s]++;
            AnonVma av = c.anonVmas.get(c.swap.owner(s));
            if (av == null || !av.members.contains(mm) || c.swap.index(s) != vpage) {
                error(where + ": swap slot " + s + " records owner " + c.swap.owner(s) + " index " + c.swap.index(s));
            }
            return;
        }
        if (Pte.has(e, Pte.ZERO)) {
            if (Pte.has(e, Pte.HUGE) && vpage == FaultHandler.hugeStart(vpage)) {
                hugeZeroMaps++;
            }
            return;
        }
        long pfn = Pte.pfn(e);
        maps[(int) pfn]++;
        int kind = c.pages.kind(pfn);
        if (kind == PageFlags.KIND_ANON && vma.kind == VmaKind.ANON) {
            rss[0]++;
            AnonVma av = c.anonVmas.get(c.pages.owner(pfn));
            if (av == null || !av.members.contains(mm) || c.pages.index(pfn) != vpage) {
                error(where + ": anon pfn " + pfn + " has reverse map (anon_vma " + c.pages.owner(pfn) + ", index "
                    + c.pages.index(pfn) + "), which does not lead back here");
            }
        } else if (kind == PageFlags.KIND_FILE && vma.kind == VmaKind.FILE) {
            rss[1]++;
            if (c.pages.owner(pfn) != vma.file.id || c.pages.index(pfn) != vma.fileOffset(vpage)) {
                error(where + ": file pfn " + pfn + " has reverse map (file " + c.pages.owner(pfn) + ", offset "
                    + c.pages.index(pfn) + ") but the VMA maps file " + vma.file.id + " offset "
                    + vma.fileOffset(vpage));
            }
        } else {
            error(where + ": a " + vma.kind + " VMA maps pfn " + pfn + ", a " + PageFlags.kindName(kind) + " page");
        }
    }

    private void auditZone(Zone z) {
        Map<ZoneStatItem, Long> want = new EnumMap<>(ZoneStatItem.class);
        COUNTERS.forEach(i -> want.put(i, 0L));
        long start = z.startPfn();
        long end = z.spec().endPfn();
        for (long p = start; p < end; p++) {
            auditPage(z, p, want);
        }
        for (ZoneStatItem item : COUNTERS) {
            if (z.stat(item) != want.get(item)) {
                error(z + ": " + item.procName() + " is " + z.stat(item) + " but the model holds " + want.get(item));
            }
        }
    }

    private void auditPage(Zone z, long p, Map<ZoneStatItem, Long> want) {
        int kind = c.pages.kind(p);
        int flags = c.pages.flags(p);
        if ((flags & PageFlags.PG_LRU) != 0) {
            // On an LRU list: counted under its list, a huge page's head for all of its pages (hpage_nr_pages).
            add(want, PolicyPageOps.lruItem(flags), (flags & PageFlags.PG_HEAD) != 0 && kind == PageFlags.KIND_ANON
                ? MmCore.HPAGE_PMD_NR : 1);
        }
        int mc = c.pages.mapcount(p);
        boolean head = c.pages.test(p, PageFlags.PG_HEAD);
        boolean tail = c.pages.test(p, PageFlags.PG_TAIL);
        if (kind != PageFlags.KIND_NONE && !tail && blockOrder(p, kind) >= 0
            && z.freeArea().allocatedOrder((int) p) != blockOrder(p, kind)) {
            error("pfn " + p + " (" + PageFlags.kindName(kind) + ") is recorded by the allocator with order "
                + z.freeArea().allocatedOrder((int) p) + ", expected " + blockOrder(p, kind));
        }
        if (kind == PageFlags.KIND_ANON || kind == PageFlags.KIND_FILE) {
            if (mc != maps[(int) p]) {
                error("pfn " + p + ": mapcount " + mc + " but " + maps[(int) p] + " entries map it");
            }
        } else if (maps[(int) p] != 0) {
            error("pfn " + p + " is a " + PageFlags.kindName(kind) + " page but " + maps[(int) p] + " entries map it");
        }
        switch (kind) {
            case PageFlags.KIND_ANON -> {
                if (mc == 0 && !c.pages.test(p, PageFlags.PG_SWAPCACHE)) {
                    error("anon pfn " + p + " is neither mapped nor in the swap cache");
                }
                if (mc > 0 && head) {
                    add(want, ZoneStatItem.NR_ANON_TRANSPARENT_HUGEPAGES, 1);
                } else if (mc > 0 && !tail) {
                    add(want, ZoneStatItem.NR_ANON_PAGES, 1);
                }
                if (c.pages.test(p, PageFlags.PG_SWAPCACHE)) {
                    add(want, ZoneStatItem.NR_FILE_PAGES, 1);
                    long s = c.swapCacheSlot.get(p);
                    if (s < 0 || c.swap.cachePfn((int) s) != p) {
                        error("swap-cache pfn " + p + " and its slot " + s + " do not point at each other");
                    }
                }
            }
            case PageFlags.KIND_FILE -> {
                add(want, ZoneStatItem.NR_FILE_PAGES, 1);
                add(want, ZoneStatItem.NR_MAPPED, mc > 0 ? 1 : 0);
                add(want, ZoneStatItem.NR_DIRTY, c.pages.test(p, PageFlags.PG_DIRTY) ? 1 : 0);
                add(want, ZoneStatItem.NR_WRITEBACK, c.pages.test(p, PageFlags.PG_WRITEBACK) ? 1 : 0);
                if (c.pageCache.get(c.pages.owner(p), c.pages.index(p)) != p) {
                    error("file pfn " + p + " (file " + c.pages.owner(p) + ", offset " + c.pages.index(p)
                        + ") is not where the page cache points");
                }
            }
            case PageFlags.KIND_PAGETABLE -> add(want, ZoneStatItem.NR_PAGE_TABLE_PAGES, 1);
            case PageFlags.KIND_KSTACK -> add(want, ZoneStatItem.NR_KERNEL_STACK, c.pages.index(p) == 0 ? 1 : 0);
            case PageFlags.KIND_SLAB -> add(want, (c.pages.owner(p) & 1) != 0 ? ZoneStatItem.NR_SLAB_RECLAIMABLE
                : ZoneStatItem.NR_SLAB_UNRECLAIMABLE, 1);
            default -> {
            }
        }
    }

    /** The order the allocator must have recorded at {@code p} if it starts a block, or -1 inside a block. */
    private int blockOrder(long p, int kind) {
        return switch (kind) {
            case PageFlags.KIND_ANON -> c.pages.test(p, PageFlags.PG_HEAD) ? MmCore.HPAGE_PMD_ORDER : 0;
            case PageFlags.KIND_HUGE_ZERO -> c.pages.test(p, PageFlags.PG_HEAD) ? MmCore.HPAGE_PMD_ORDER : -1;
            case PageFlags.KIND_KSTACK -> c.pages.index(p) == 0 ? MmCore.THREAD_SIZE_ORDER : -1;
            case PageFlags.KIND_SLAB -> c.pages.index(p) == 0 ? c.pages.owner(p) >>> 1 : -1;
            default -> 0;
        };
    }

    private static void add(Map<ZoneStatItem, Long> want, ZoneStatItem item, long n) {
        want.merge(item, n, Long::sum);
    }

    private void auditSwap() {
        long inuse = 0;
        for (int s = 1; s <= c.swap.totalPages(); s++) {
            if (c.swap.count(s) != swapRefs[s]) {
                error("swap slot " + s + " has count " + c.swap.count(s) + " but " + swapRefs[s] + " entries hold it");
            }
            if (c.swap.inUse(s)) {
                inuse++;
                if (c.swap.count(s) == 0 && c.swap.cachePfn(s) < 0) {
                    error("swap slot " + s + " is allocated but held by nobody");
                }
            }
        }
        if (inuse != c.swap.totalPages() - c.swap.freePages()) {
            error("swap: " + inuse + " slots in use but the device counts " + (c.swap.totalPages() - c.swap.freePages()));
        }
    }

    private void auditCaches() {
        c.pageCache.forEach((file, offset, pfn) -> {
            if (c.pages.kind(pfn) != PageFlags.KIND_FILE || c.pages.owner(pfn) != file || c.pages.index(pfn) != offset) {
                error("page cache entry " + offset + " of file " + file + " points at pfn " + pfn
                    + ", which is not that file page");
            }
        });
        if (c.hugeZeroPfn >= 0 && c.hugeZeroRefs != hugeZeroMaps + 1) {
            error("huge zero page has " + c.hugeZeroRefs + " references but " + hugeZeroMaps + " PMDs map it");
        }
        for (Map.Entry<Integer, Long> e : c.kernelStacks.entrySet()) {
            if (c.pages.kind(e.getValue()) != PageFlags.KIND_KSTACK || c.pages.owner(e.getValue()) != e.getKey()) {
                error("kernel stack of pid " + e.getKey() + " at pfn " + e.getValue() + " is not recorded as such");
            }
        }
    }
}
