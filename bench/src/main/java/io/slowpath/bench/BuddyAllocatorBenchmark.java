package io.slowpath.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.slowpath.core.alloc.BuddyAllocator;
import io.slowpath.core.zone.Machine;
import io.slowpath.core.zone.Zone;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Alloc+free pairs on the lock-free buddy allocator and, in the same run, the baselines and floors: Netty's
 * {@link PooledByteBufAllocator} with and without its thread cache, the same buddy algorithm behind one lock
 * ({@link LockedBuddy}) and a bare {@link AtomicLong#compareAndSet}. Every benchmark runs at one thread
 * ({@link OneThread}) and two ({@link TwoThreads}); each thread is one simulated CPU (its own slot and per-CPU lists).
 *
 * <p>Each zone is pre-fragmented ({@link Prefragmenter}): a pair takes a free block of exactly its order, whose buddy
 * is allocated, and frees it again without merging. Order 0 goes through the per-CPU lists, whose count then stays
 * between 0 and {@code high}, so after warm-up a pair never touches the shared free areas. "NoPcp" sets the zone's
 * per-CPU {@code high} to 0 and {@code batch} to 1, as 3.10 itself does for a zone too small for a batch (the DMA
 * zone): every free drains at once and every allocation refills one page, so every pair goes through the shared free
 * areas and zone counters.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public abstract class BuddyAllocatorBenchmark {
    /** The mixed pattern: half order 0, one each of orders 1, 2, 3 and 9, repeated. */
    static final int[] MIXED = {0, 1, 0, 2, 0, 3, 0, 9};
    /** Zone size of every pre-fragmented machine. */
    static final int ZONE_GIB = 4;
    /** Simulated CPUs: one per benchmark thread at most. */
    static final int CPUS = 2;

    /** All benchmarks on one thread. */
    @Threads(1)
    public static class OneThread extends BuddyAllocatorBenchmark {
    }

    /** All benchmarks on two threads, each its own simulated CPU. */
    @Threads(2)
    public static class TwoThreads extends BuddyAllocatorBenchmark {
    }

    // ---- per-thread state ----------------------------------------------------------------------------------------

    /** The calling thread as a simulated CPU: slot = JMH thread index; a cursor into {@link #MIXED}. */
    @State(Scope.Thread)
    public static class Cpu {
        int slot;
        int next;

        /** Takes the CPU slot of this JMH thread. */
        @Setup(Level.Trial)
        public void setup(ThreadParams threads) {
            slot = threads.getThreadIndex();
        }

        int nextMixedOrder() {
            return MIXED[next++ & (MIXED.length - 1)];
        }
    }

    // ---- the lock-free allocator ---------------------------------------------------------------------------------

    /** A booted, pre-fragmented machine of {@link #ZONE_GIB} GiB in one zone. */
    public abstract static class SlowpathZone {
        BuddyAllocator allocator;

        abstract int[] orders();

        boolean perCpuLists() {
            return true;
        }

        /** Boots and pre-fragments the machine. */
        @Setup(Level.Trial)
        public void boot() {
            Machine m = BenchMachines.boot(ZONE_GIB, CPUS);
            if (!perCpuLists()) {
                for (Zone z : m.populatedZoneList()) {
                    z.setPcpLimits(0, 1);
                }
            }
            allocator = new BuddyAllocator(m);
            Prefragmenter.prefragment(new SlowpathPairs(allocator, 0), orders());
        }
    }

    /** Pre-fragmented for order 0, per-CPU lists on. */
    @State(Scope.Benchmark)
    public static class Order0Zone extends SlowpathZone {
        @Override
        int[] orders() {
            return new int[] {0};
        }
    }

    /**
     * Pre-fragmented for order 0, per-CPU lists on, for callers without a CPU id: each JMH thread gets its own thread
     * slot (slots after the simulated CPUs) on its first call.
     */
    @State(Scope.Benchmark)
    public static class Order0ThreadSlotZone extends SlowpathZone {
        @Override
        int[] orders() {
            return new int[] {0};
        }
    }

    /** Pre-fragmented for order 0, per-CPU lists off (high 0, batch 1). */
    @State(Scope.Benchmark)
    public static class Order0NoPcpZone extends SlowpathZone {
        @Override
        int[] orders() {
            return new int[] {0};
        }

        @Override
        boolean perCpuLists() {
            return false;
        }
    }

    /** Pre-fragmented for order 3. */
    @State(Scope.Benchmark)
    public static class Order3Zone extends SlowpathZone {
        @Override
        int[] orders() {
            return new int[] {3};
        }
    }

    /** Pre-fragmented for order 9. */
    @State(Scope.Benchmark)
    public static class Order9Zone extends SlowpathZone {
        @Override
        int[] orders() {
            return new int[] {9};
        }
    }

    /** Pre-fragmented for the orders of {@link #MIXED}. */
    @State(Scope.Benchmark)
    public static class MixedZone extends SlowpathZone {
        @Override
        int[] orders() {
            return MIXED;
        }
    }

    static long pair(BuddyAllocator a, int slot, int order) {
        long pfn = a.allocPagesOnSlot(slot, SlowpathPairs.GFP, order);
        a.freePagesOnSlot(slot, pfn, order, false);
        return pfn;
    }

    /** Order-0 pair through the per-CPU lists. */
    @Benchmark
    public long slowpathOrder0(Order0Zone z, Cpu cpu) {
        return pair(z.allocator, cpu.slot, 0);
    }

    /**
     * Order-0 pair through the per-CPU lists, called the way a user without CPU ids calls it: {@code allocPages(gfp,
     * order)} and {@code freePages(pfn, order)}, which look up the calling thread's slot (a ThreadLocal) each time.
     */
    @Benchmark
    public long slowpathOrder0ThreadSlot(Order0ThreadSlotZone z) {
        long pfn = z.allocator.allocPages(SlowpathPairs.GFP, 0);
        z.allocator.freePages(pfn, 0);
        return pfn;
    }

    /** Order-0 pair with per-CPU lists off: every pair through the shared free areas. */
    @Benchmark
    public long slowpathOrder0NoPcp(Order0NoPcpZone z, Cpu cpu) {
        return pair(z.allocator, cpu.slot, 0);
    }

    /** Order-3 (32 KiB) pair. */
    @Benchmark
    public long slowpathOrder3(Order3Zone z, Cpu cpu) {
        return pair(z.allocator, cpu.slot, 3);
    }

    /** Order-9 (2 MiB) pair. */
    @Benchmark
    public long slowpathOrder9(Order9Zone z, Cpu cpu) {
        return pair(z.allocator, cpu.slot, 9);
    }

    /** Pairs cycling through {@link #MIXED}; the score is the mean over the cycle. */
    @Benchmark
    public long slowpathMixed(MixedZone z, Cpu cpu) {
        return pair(z.allocator, cpu.slot, cpu.nextMixedOrder());
    }

    // ---- the single-lock baseline --------------------------------------------------------------------------------

    /** The same buddy algorithm behind one lock, pre-fragmented the same way. */
    public abstract static class LockedZone {
        LockedBuddy buddy;

        abstract int[] orders();

        /** Builds and pre-fragments the zone. */
        @Setup(Level.Trial)
        public void build() {
            buddy = new LockedBuddy((int) (ZONE_GIB * BenchMachines.PAGES_PER_GIB));
            Prefragmenter.prefragment(buddy, orders());
        }
    }

    /** Locked zone for order 0. */
    @State(Scope.Benchmark)
    public static class LockedOrder0Zone extends LockedZone {
        @Override
        int[] orders() {
            return new int[] {0};
        }
    }

    /** Locked zone for order 3. */
    @State(Scope.Benchmark)
    public static class LockedOrder3Zone extends LockedZone {
        @Override
        int[] orders() {
            return new int[] {3};
        }
    }

    /** Locked zone for order 9. */
    @State(Scope.Benchmark)
    public static class LockedOrder9Zone extends LockedZone {
        @Override
        int[] orders() {
            return new int[] {9};
        }
    }

    /** Locked zone for {@link #MIXED}. */
    @State(Scope.Benchmark)
    public static class LockedMixedZone extends LockedZone {
        @Override
        int[] orders() {
            return MIXED;
        }
    }

    static int lockedPair(LockedBuddy b, int order) {
        int pfn = b.alloc(order);
        b.free(pfn, order);
        return pfn;
    }

    /** Order-0 pair behind one lock. */
    @Benchmark
    public int lockedOrder0(LockedOrder0Zone z) {
        return lockedPair(z.buddy, 0);
    }

    /** Order-3 pair behind one lock. */
    @Benchmark
    public int lockedOrder3(LockedOrder3Zone z) {
        return lockedPair(z.buddy, 3);
    }

    /** Order-9 pair behind one lock. */
    @Benchmark
    public int lockedOrder9(LockedOrder9Zone z) {
        return lockedPair(z.buddy, 9);
    }

    /** Mixed pairs behind one lock. */
    @Benchmark
    public int lockedMixed(LockedMixedZone z, Cpu cpu) {
        return lockedPair(z.buddy, cpu.nextMixedOrder());
    }

    // ---- Netty ---------------------------------------------------------------------------------------------------

    /** Netty's pooled allocator with its defaults (direct buffers); subclasses choose the thread cache. */
    public abstract static class NettyPool {
        PooledByteBufAllocator pool;

        abstract boolean threadCache();

        /** Builds the pool. */
        @Setup(Level.Trial)
        public void build() {
            boolean cache = threadCache();
            pool = new PooledByteBufAllocator(true, 0, PooledByteBufAllocator.defaultNumDirectArena(),
                PooledByteBufAllocator.defaultPageSize(), PooledByteBufAllocator.defaultMaxOrder(),
                cache ? PooledByteBufAllocator.defaultSmallCacheSize() : 0,
                cache ? PooledByteBufAllocator.defaultNormalCacheSize() : 0, cache);
        }

        /** Gives the calling thread's cache back (JMH threads are not Netty's FastThreadLocalThreads). */
        @TearDown(Level.Trial)
        public void close() {
            pool.trimCurrentThreadCache();
        }
    }

    /** Netty with its thread cache on for every thread ({@code useCacheForAllThreads}). */
    @State(Scope.Benchmark)
    public static class NettyCached extends NettyPool {
        @Override
        boolean threadCache() {
            return true;
        }
    }

    /** Netty with its thread cache off: every pair goes to a shared arena. */
    @State(Scope.Benchmark)
    public static class NettyUncached extends NettyPool {
        @Override
        boolean threadCache() {
            return false;
        }
    }

    /**
     * Each worker thread's live buffers in its own Netty arena, the counterpart of a pre-fragmented zone: without
     * them a 2 MiB pair would empty its 4 MiB chunk on every release, and Netty would free the chunk and allocate
     * (and zero) a new one on the next pair. Of {@link #HELD} buffers of each size of {@link #MIXED}, every other
     * one is released again, leaving holes.
     */
    public abstract static class NettyHeld {
        /** Buffers allocated per size; half stay allocated. */
        static final int HELD = 8;
        private final java.util.List<ByteBuf> held = new java.util.ArrayList<>();

        void hold(PooledByteBufAllocator pool) {
            for (int order : new int[] {0, 1, 2, 3, 9}) {
                int bytes = 4096 << order;
                for (int i = 0; i < HELD; i++) {
                    ByteBuf b = pool.directBuffer(bytes, bytes);
                    if (i % 2 == 0) {
                        b.release();
                    } else {
                        held.add(b);
                    }
                }
            }
        }

        /** Releases the held buffers. */
        @TearDown(Level.Trial)
        public void release() {
            held.forEach(ByteBuf::release);
            held.clear();
        }
    }

    /** Live buffers of this thread in the cached pool. */
    @State(Scope.Thread)
    public static class NettyCachedHeld extends NettyHeld {
        /** Allocates on the worker thread, so in its arena. */
        @Setup(Level.Trial)
        public void setup(NettyCached n) {
            hold(n.pool);
        }
    }

    /** Live buffers of this thread in the uncached pool. */
    @State(Scope.Thread)
    public static class NettyUncachedHeld extends NettyHeld {
        /** Allocates on the worker thread, so in its arena. */
        @Setup(Level.Trial)
        public void setup(NettyUncached n) {
            hold(n.pool);
        }
    }

    static ByteBuf nettyPair(PooledByteBufAllocator pool, int order) {
        int bytes = 4096 << order;
        ByteBuf b = pool.directBuffer(bytes, bytes);
        b.release();
        return b;
    }

    /** Netty, cache on, 4 KiB. */
    @Benchmark
    public ByteBuf nettyCachedOrder0(NettyCached n, NettyCachedHeld held) {
        return nettyPair(n.pool, 0);
    }

    /** Netty, cache on, 32 KiB. */
    @Benchmark
    public ByteBuf nettyCachedOrder3(NettyCached n, NettyCachedHeld held) {
        return nettyPair(n.pool, 3);
    }

    /** Netty, cache on, 2 MiB. */
    @Benchmark
    public ByteBuf nettyCachedOrder9(NettyCached n, NettyCachedHeld held) {
        return nettyPair(n.pool, 9);
    }

    /** Netty, cache on, the sizes of {@link #MIXED}. */
    @Benchmark
    public ByteBuf nettyCachedMixed(NettyCached n, NettyCachedHeld held, Cpu cpu) {
        return nettyPair(n.pool, cpu.nextMixedOrder());
    }

    /** Netty, cache off, 4 KiB. */
    @Benchmark
    public ByteBuf nettyUncachedOrder0(NettyUncached n, NettyUncachedHeld held) {
        return nettyPair(n.pool, 0);
    }

    /** Netty, cache off, 32 KiB. */
    @Benchmark
    public ByteBuf nettyUncachedOrder3(NettyUncached n, NettyUncachedHeld held) {
        return nettyPair(n.pool, 3);
    }

    /** Netty, cache off, 2 MiB. */
    @Benchmark
    public ByteBuf nettyUncachedOrder9(NettyUncached n, NettyUncachedHeld held) {
        return nettyPair(n.pool, 9);
    }

    /** Netty, cache off, the sizes of {@link #MIXED}. */
    @Benchmark
    public ByteBuf nettyUncachedMixed(NettyUncached n, NettyUncachedHeld held, Cpu cpu) {
        return nettyPair(n.pool, cpu.nextMixedOrder());
    }

    // ---- the floor -----------------------------------------------------------------------------------------------

    /** An AtomicLong each thread has to itself. */
    @State(Scope.Thread)
    public static class PrivateCounter {
        final AtomicLong value = new AtomicLong();
    }

    /** One AtomicLong every thread hammers. */
    @State(Scope.Benchmark)
    public static class SharedCounter {
        final AtomicLong value = new AtomicLong();
    }

    /** One uncontended compareAndSet (read, then CAS to +1): the cost of a single atomic. */
    @Benchmark
    public boolean casPrivate(PrivateCounter c) {
        long v = c.value.get();
        return c.value.compareAndSet(v, v + 1);
    }

    /** The same on one counter shared by all threads. */
    @Benchmark
    public boolean casShared(SharedCounter c) {
        long v = c.value.get();
        return c.value.compareAndSet(v, v + 1);
    }

    // ---- throughput, where a goal is stated as throughput -----------------------------------------------------------

    /** {@link #slowpathOrder0} as total pairs per microsecond over all threads. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long thrptSlowpathOrder0(Order0Zone z, Cpu cpu) {
        return pair(z.allocator, cpu.slot, 0);
    }

    /** {@link #slowpathOrder0NoPcp} as total pairs per microsecond. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long thrptSlowpathOrder0NoPcp(Order0NoPcpZone z, Cpu cpu) {
        return pair(z.allocator, cpu.slot, 0);
    }

    /** {@link #slowpathOrder3} as total pairs per microsecond. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long thrptSlowpathOrder3(Order3Zone z, Cpu cpu) {
        return pair(z.allocator, cpu.slot, 3);
    }

    /** {@link #lockedOrder0} as total pairs per microsecond. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int thrptLockedOrder0(LockedOrder0Zone z) {
        return lockedPair(z.buddy, 0);
    }

    /** {@link #nettyUncachedOrder0} as total pairs per microsecond. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ByteBuf thrptNettyUncachedOrder0(NettyUncached n, NettyUncachedHeld held) {
        return nettyPair(n.pool, 0);
    }
}
