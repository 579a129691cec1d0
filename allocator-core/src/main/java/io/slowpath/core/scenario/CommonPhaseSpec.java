package io.slowpath.core.scenario;

/**
 * A phase whose type and duration come from its {@link Common} settings (duration, batch, think, retry), as every
 * behaviour that works in batches has them: they answer {@link #type()} and {@link #durationNs()} here, once.
 */
abstract class CommonPhaseSpec implements PhaseSpec {
    /** The phase's shared settings. */
    final Common common;

    CommonPhaseSpec(Common common) {
        this.common = common;
    }

    @Override
    public final String type() {
        return common.type();
    }

    @Override
    public final long durationNs() {
        return common.durationNs();
    }
}
