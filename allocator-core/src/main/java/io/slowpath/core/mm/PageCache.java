package io.slowpath.core.mm;

import java.util.Arrays;

/**
 * The files of the model and their cached pages: each file's pages sit in the file's own radix tree by page offset
 * ({@code mapping->page_tree}, found with {@code find_get_page}), and files are found by id in an array (ids are
 * handed out from 1 up and never reused).
 */
final class PageCache {
    private FileMapping[] byId = new FileMapping[16];

    void addFile(FileMapping f) {
        if (f.id >= byId.length) {
            byId = Arrays.copyOf(byId, Math.max(f.id + 1, byId.length * 2));
        }
        if (byId[f.id] != null) {
            throw new IllegalStateException("file " + f.id + " exists already");
        }
        byId[f.id] = f;
    }

    /** The file with {@code id}, or null. */
    FileMapping file(int id) {
        return id > 0 && id < byId.length ? byId[id] : null;
    }

    /** {@code find_get_page}: the pfn cached at {@code offset} of file {@code id}, or {@link RadixTree#MISSING}. */
    long get(int id, long offset) {
        FileMapping f = file(id);
        return f == null ? RadixTree.MISSING : f.pages.get(offset);
    }

    /** {@code radix_tree_insert} into the file's tree, or a replacement when migration moved the page. */
    void put(FileMapping f, long offset, long pfn) {
        f.pages.put(offset, pfn);
    }

    /** {@code __delete_from_page_cache}; returns the pfn that was cached or {@link RadixTree#MISSING}. */
    long remove(int id, long offset) {
        FileMapping f = file(id);
        return f == null ? RadixTree.MISSING : f.pages.remove(offset);
    }

    /** Pages in all files' trees (the swap cache aside). */
    long size() {
        long n = 0;
        for (FileMapping f : byId) {
            if (f != null) {
                n += f.pages.size();
            }
        }
        return n;
    }

    /** Every cached page, by file id and then offset. */
    void forEach(Visitor v) {
        for (FileMapping f : byId) {
            if (f != null) {
                f.pages.forEach((offset, pfn) -> v.visit(f.id, offset, pfn));
            }
        }
    }

    /** One cached page of a {@link #forEach} walk. */
    @FunctionalInterface
    interface Visitor {
        void visit(int file, long offset, long pfn);
    }
}
