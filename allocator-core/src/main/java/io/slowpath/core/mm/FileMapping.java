package io.slowpath.core.mm;

import java.util.ArrayList;
import java.util.List;

/**
 * A file's {@code address_space} as far as the model needs it: its size and the VMAs that map it (the
 * {@code i_mmap} tree, kept as a list in mapping order). Its cached pages live in the model's page-cache index.
 */
final class FileMapping {
    final int id;
    final long sizePages;
    final List<Vma> mappers = new ArrayList<>();

    FileMapping(int id, long sizePages) {
        this.id = id;
        this.sizePages = sizePages;
    }
}
