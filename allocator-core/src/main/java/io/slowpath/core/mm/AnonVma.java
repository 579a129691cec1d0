package io.slowpath.core.mm;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@code anon_vma}: the reverse-map root of the anonymous pages one address space created. A forked child gets
 * its own anon_vma whose parent is the parent's, and joins the member list of its own and of every ancestor
 * ({@code anon_vma_fork} and its {@code anon_vma_chain}), so a walk over an anon_vma's members finds every address
 * space that may map one of its pages. One per address space (the kernel has one per VMA).
 */
final class AnonVma {
    final int id;
    final AnonVma parent;
    /** Address spaces that may map pages of this anon_vma, in the order they joined. */
    final List<AddressSpace> members = new ArrayList<>();

    AnonVma(int id, AnonVma parent) {
        this.id = id;
        this.parent = parent;
    }

    /** Adds {@code mm} to this anon_vma and every ancestor. */
    void join(AddressSpace mm) {
        for (AnonVma a = this; a != null; a = a.parent) {
            a.members.add(mm);
        }
    }

    /** Removes {@code mm} from this anon_vma and every ancestor. */
    void leave(AddressSpace mm) {
        for (AnonVma a = this; a != null; a = a.parent) {
            a.members.remove(mm);
        }
    }
}
