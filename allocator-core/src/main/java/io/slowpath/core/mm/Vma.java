package io.slowpath.core.mm;

/**
 * A virtual memory area ({@code vm_area_struct}): the pages {@code [start, end)} of one address space, anonymous or
 * a shared mapping of a file starting at page offset {@code pgoff}.
 */
public final class Vma {
    final AddressSpace mm;
    final VmaKind kind;
    final FileMapping file;
    long start;
    long end;
    long pgoff;
    /** {@code vma->anon_vma != NULL}: an anonymous page was ever faulted here, so fork copies its page tables. */
    boolean hasAnonVma;

    Vma(AddressSpace mm, VmaKind kind, FileMapping file, long start, long end, long pgoff) {
        this.mm = mm;
        this.kind = kind;
        this.file = file;
        this.start = start;
        this.end = end;
        this.pgoff = pgoff;
    }

    /** First virtual page. */
    public long start() {
        return start;
    }

    /** One past the last virtual page. */
    public long end() {
        return end;
    }

    /** Size in pages. */
    public long pages() {
        return end - start;
    }

    /** Anonymous or file. */
    public VmaKind kind() {
        return kind;
    }

    /** The mapped file's id, or -1 for anonymous memory. */
    public int fileId() {
        return file == null ? -1 : file.id;
    }

    /** The file page offset mapped at {@link #start()} (0 for anonymous memory). */
    public long pgoff() {
        return pgoff;
    }

    /** Whether {@code vpage} lies in the area. */
    public boolean contains(long vpage) {
        return vpage >= start && vpage < end;
    }

    /** The file page offset mapped at {@code vpage}. */
    long fileOffset(long vpage) {
        return pgoff + (vpage - start);
    }

    Vma copyFor(AddressSpace other) {
        Vma v = new Vma(other, kind, file, start, end, pgoff);
        v.hasAnonVma = hasAnonVma;
        return v;
    }

    @Override
    public String toString() {
        return kind + "[" + start + ", " + end + ")" + (file == null ? "" : " file " + file.id + " @" + pgoff);
    }
}
