package io.slowpath.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The goal: allocator metadata at most 10 bytes per page, measured with JOL. */
class MetadataFootprintTest {
    @Test
    void atMostTenBytesPerManagedPage() {
        MetadataFootprint.Footprint f = MetadataFootprint.measure(1, 2);
        assertEquals(BenchMachines.PAGES_PER_GIB, f.managedPages());
        // The free-area allocation record alone is one byte per page, so less than that means JOL missed it.
        assertTrue(f.bytesPerPage() > 1.0 && f.bytesPerPage() <= 10.0, "bytes per page " + f.bytesPerPage());
    }
}
