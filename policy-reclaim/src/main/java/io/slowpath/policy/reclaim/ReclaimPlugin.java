package io.slowpath.policy.reclaim;

import io.slowpath.api.plugin.PolicyPlugin;
import io.slowpath.api.plugin.PolicyRegistrar;
import io.slowpath.policy.reclaim.stock310.StockKswapd310;
import io.slowpath.policy.reclaim.stock310.StockReclaim310;
import io.slowpath.policy.reclaim.stock310.StockReclaimSettings;

/**
 * Registers the stock Linux 3.10 reclaim policies under the name {@value #STOCK_310} for two kinds: {@code reclaim}
 * (direct reclaim and the LRU lists, {@link StockReclaim310}) and {@code kswapd} ({@link StockKswapd310}, which
 * balances the lists of the reclaim policy of the same kernel). Found by {@link java.util.ServiceLoader}.
 */
public final class ReclaimPlugin implements PolicyPlugin {
    /** The policy name. */
    public static final String STOCK_310 = "stock-3.10";

    /** The plugin, as ServiceLoader creates it. */
    public ReclaimPlugin() {
    }

    @Override
    public void register(PolicyRegistrar registrar) {
        // register() runs once per kernel assembled: the pair made here belongs to that kernel.
        StockReclaim310[] reclaim = new StockReclaim310[1];
        registrar.reclaim(STOCK_310, s -> {
            reclaim[0] = new StockReclaim310(StockReclaimSettings.from(s));
            return reclaim[0];
        });
        registrar.kswapd(STOCK_310, s -> new StockKswapd310(() -> reclaim[0]));
    }
}
