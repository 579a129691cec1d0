package io.slowpath.core.inject;

import com.typesafe.config.ConfigUtil;
import io.slowpath.api.compaction.CompactionPolicy;
import io.slowpath.api.oom.OomPolicy;
import io.slowpath.api.reclaim.KswapdPolicy;
import io.slowpath.api.reclaim.ReclaimPolicy;
import java.util.Locale;

/** The four policy SPIs of the slow path, with the configuration names they are selected and configured under. */
public enum PolicyKind {
    /** {@link KswapdPolicy}: background reclaim, woken at slow-path step S3. */
    KSWAPD(KswapdPolicy.class),
    /** {@link ReclaimPolicy}: direct reclaim at step S14. */
    RECLAIM(ReclaimPolicy.class),
    /** {@link CompactionPolicy}: direct compaction at steps S11 and S18. */
    COMPACTION(CompactionPolicy.class),
    /** {@link OomPolicy}: the OOM killer at step S15c. */
    OOM(OomPolicy.class);

    private final Class<?> spi;

    PolicyKind(Class<?> spi) {
        this.spi = spi;
    }

    /** The SPI interface policies of this kind implement. */
    public Class<?> spi() {
        return spi;
    }

    /** The kind's name in the configuration: {@code kswapd}, {@code reclaim}, {@code compaction}, {@code oom}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The module that carries this kind's {@code stock-3.10} policy (the default), e.g. {@code policy-compaction}. */
    public String stockModule() {
        return this == KSWAPD ? "policy-reclaim" : "policy-" + configName();
    }

    /** The key that selects the policy of this kind, e.g. {@code slowpath.policies.compaction}. */
    public String selectionPath() {
        return "slowpath.policies." + configName();
    }

    /** The section of all policies of this kind, e.g. {@code slowpath.policy.compaction}. */
    public String settingsRoot() {
        return "slowpath.policy." + configName();
    }

    /** The section of one policy, e.g. {@code slowpath.policy.compaction.never-compact} (quoted where needed). */
    public String settingsPath(String policyName) {
        return settingsRoot() + "." + ConfigUtil.joinPath(policyName);
    }
}
