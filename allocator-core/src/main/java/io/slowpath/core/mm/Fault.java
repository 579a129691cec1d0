package io.slowpath.core.mm;

/** What one access through {@link MmModel#touch} came to ({@code VM_FAULT_*} of handle_mm_fault, simplified). */
public enum Fault {
    /** No fault: the page-table entry allowed the access (the hardware only set the accessed/dirty bits). */
    NONE,
    /** A minor fault: handled without I/O (new zeroed page, zero page, COW copy, page-cache or swap-cache hit). */
    MINOR,
    /** {@code VM_FAULT_MAJOR}: the fault waited for I/O (swap-in, page-cache miss). */
    MAJOR,
    /** {@code VM_FAULT_OOM}: an allocation failed; {@code pagefault_out_of_memory} was called. */
    OOM
}
