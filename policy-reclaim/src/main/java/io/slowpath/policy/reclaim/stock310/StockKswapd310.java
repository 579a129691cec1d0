package io.slowpath.policy.reclaim.stock310;

import io.slowpath.api.NodeView;
import io.slowpath.api.ZoneView;
import io.slowpath.api.mm.MmServices;
import io.slowpath.api.reclaim.KswapdPolicy;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The stock Linux 3.10 kswapd ({@code stock-3.10}): one kswapd per node running mm/vmscan.c: kswapd,
 * kswapd_try_to_sleep and balance_pgdat (see {@link Kswapd}) over the LRU lists of a {@link StockReclaim310}, which
 * must be the kernel's reclaim policy (its hooks keep the lists kswapd scans).
 */
public final class StockKswapd310 implements KswapdPolicy {
    private final Supplier<StockReclaim310> reclaim;
    private final TreeMap<Integer, Kswapd> nodes = new TreeMap<>();

    /**
     * A kswapd over the lists of the reclaim policy {@code reclaim} supplies when kswapd first runs or is woken.
     *
     * @param reclaim supplies the kernel's stock reclaim policy, or null when the kernel uses another one (an error
     *                then, naming both settings)
     */
    public StockKswapd310(Supplier<StockReclaim310> reclaim) {
        this.reclaim = Objects.requireNonNull(reclaim, "reclaim");
    }

    /** A kswapd over the lists of {@code reclaim}. */
    public StockKswapd310(StockReclaim310 reclaim) {
        this(() -> reclaim);
    }

    private Kswapd of(MmServices mm, int nodeId) {
        Kswapd k = nodes.get(nodeId);
        if (k == null) {
            StockReclaim310 r = reclaim.get();
            if (r == null) {
                throw new IllegalStateException("kswapd policy 'stock-3.10' balances the LRU lists of reclaim policy"
                    + " 'stock-3.10', but the kernel uses another reclaim policy: set slowpath.policies.reclaim ="
                    + " \"stock-3.10\" too (or choose another kswapd policy)");
            }
            NodeView node = mm.machine().nodes().get(nodeId);
            k = new Kswapd(node, r.vmscan(mm), r.settings().laptopMode() != 0);
            nodes.put(nodeId, k);
        }
        return k;
    }

    @Override
    public boolean wakeup(MmServices mm, ZoneView zone, int order, int classzoneIdx) {
        return of(mm, zone.nodeId()).wakeup(zone, order, classzoneIdx);
    }

    @Override
    public long run(MmServices mm, NodeView node) {
        return of(mm, node.id()).run();
    }

    /** Whether kswapd of {@code node} is in its full sleep (for tests and reports); true before it first ran. */
    public boolean sleeping(int node) {
        Kswapd k = nodes.get(node);
        return k == null || k.sleeping();
    }

    /** The kswapd of a node, or null before it first ran or was woken. */
    Kswapd node(int node) {
        return nodes.get(node);
    }
}
