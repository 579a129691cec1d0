package io.slowpath.core.mm;

import java.util.ArrayList;
import java.util.List;

/**
 * A file's {@code address_space} as far as the model needs it: its size and the VMAs that map it (the
 * {@code i_mmap} tree, kept as a list in mapping order). Its cached pages are in {@link #pages}.
 */
final class FileMapping {
    final int id;
    final long sizePages;
    final List<Vma> mappers = new ArrayList<>();
    /** The cached pages by page offset ({@code page_tree}). */
    final RadixTree pages = new RadixTree();

    FileMapping(int id, long sizePages) {
        this.id = id;
        this.sizePages = sizePages;
    }
}
