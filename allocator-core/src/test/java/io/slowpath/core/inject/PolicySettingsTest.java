package io.slowpath.core.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.slowpath.api.plugin.PolicyFactory;
import io.slowpath.api.plugin.PolicySettings;
import io.slowpath.api.reclaim.ReclaimPolicy;
import io.slowpath.core.config.SlowpathConfigException;
import org.junit.jupiter.api.Test;

/** What a policy reads from slowpath.policy.<kind>.<name>, and the errors it gets. */
class PolicySettingsTest {
    @Test
    void typedValuesAndDefaults() {
        PolicySettings s = source("policy.reclaim.r.batch=32", "policy.reclaim.r.mode=fifo", "policy.reclaim.r.aging=on",
            "policy.reclaim.r.lists.count=4").settings(PolicyKind.RECLAIM, "r");
        assertEquals("reclaim", s.kind());
        assertEquals("r", s.name());
        assertEquals("slowpath.policy.reclaim.r", s.path());
        assertEquals(32, s.getLong("batch"));
        assertEquals("fifo", s.getString("mode"));
        assertEquals("32", s.getString("batch"), "a number as written");
        assertTrue(s.getBoolean("aging"), "HOCON's on");
        assertEquals(4, s.getLong("lists.count"), "a dotted key reaches into an object");
        assertTrue(s.has("lists"));
        assertFalse(s.has("absent"));
        assertEquals(7, s.getLong("absent", 7));
        assertEquals("x", s.getString("absent", "x"));
        assertFalse(s.getBoolean("absent", false));
        assertEquals(32, s.getLong("batch", 7), "a set key wins over the default");
    }

    @Test
    void aPolicyWithoutASectionHasNoKeys() {
        PolicySettings s = source().settings(PolicyKind.RECLAIM, "r");
        assertFalse(s.has("anything"));
        assertEquals(60, s.sysctl("swappiness"));
    }

    @Test
    void errorsNameTheFullKeyAndOrigin() {
        PolicySettings s = source("policy.reclaim.r.batch=many", "policy.reclaim.r.lists={count=4}")
            .settings(PolicyKind.RECLAIM, "r");
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class, () -> s.getLong("batch"));
        assertEquals("slowpath.policy.reclaim.r.batch: expected a whole number, got \"many\" "
            + "(--set policy.reclaim.r.batch=many: 1)", e.getMessage());
        e = assertThrows(SlowpathConfigException.class, () -> s.getBoolean("batch", true));
        assertTrue(e.getMessage().startsWith("slowpath.policy.reclaim.r.batch: expected a boolean (true or false)"),
            e.getMessage());
        e = assertThrows(SlowpathConfigException.class, () -> s.getString("lists"));
        assertTrue(e.getMessage().startsWith("slowpath.policy.reclaim.r.lists: expected a string, got {"), e.getMessage());
        e = assertThrows(SlowpathConfigException.class, () -> s.getLong("depth"));
        assertEquals("slowpath.policy.reclaim.r.depth: missing; reclaim policy 'r' needs a whole number here "
            + "(e.g. --set policy.reclaim.r.depth=...)", e.getMessage());
    }

    @Test
    void keysTheFactoryNeverReadAreUnknown() {
        PolicySettingsSource src = source("policy.reclaim.r.batch=32", "policy.reclaim.r.bacth=64",
            "policy.reclaim.r.lists.cuont=4");
        PolicyFactory<ReclaimPolicy> factory = s -> {
            s.getLong("batch");
            s.has("lists.count");
            return new OffPolicies.NoReclaim();
        };
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> src.create(PolicyKind.RECLAIM, "r", factory, "test"));
        assertEquals("unknown keys slowpath.policy.reclaim.r.bacth (--set policy.reclaim.r.bacth=64: 1), "
            + "slowpath.policy.reclaim.r.lists.cuont (--set policy.reclaim.r.lists.cuont=4: 1): reclaim policy 'r' "
            + "reads only batch, lists.count", e.getMessage());
    }

    @Test
    void aPolicyThatReadsNothingRejectsAnyKey() {
        PolicySettingsSource src = source("policy.reclaim.r.batch=32");
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> src.create(PolicyKind.RECLAIM, "r", s -> new OffPolicies.NoReclaim(), "test"));
        assertTrue(e.getMessage().endsWith("reclaim policy 'r' reads no settings"), e.getMessage());
    }

    @Test
    void aWholeObjectReadCountsForItsLeaves() {
        PolicySettingsSource src = source("policy.reclaim.r.lists.count=4", "policy.reclaim.r.lists.size=8");
        ReclaimPolicy p = src.create(PolicyKind.RECLAIM, "r", s -> {
            assertTrue(s.has("lists"));
            return new OffPolicies.NoReclaim();
        }, "test");
        assertInstanceOf(OffPolicies.NoReclaim.class, p);
    }

    @Test
    void aSectionThatIsNotAnObjectIsAnError() {
        PolicySettingsSource src = source("policy.reclaim.r=5");
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> src.settings(PolicyKind.RECLAIM, "r"));
        assertEquals("slowpath.policy.reclaim.r: must be an object of reclaim policy 'r' settings, got 5 "
            + "(--set policy.reclaim.r=5: 1)", e.getMessage());
    }

    @Test
    void aFactoryReturningTheWrongKindIsAnError() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        PolicyFactory<ReclaimPolicy> wrong = (PolicyFactory) s -> new OffPolicies.NoCompaction();
        SlowpathConfigException e = assertThrows(SlowpathConfigException.class,
            () -> source().create(PolicyKind.RECLAIM, "r", wrong, "PolicyPlugin x.Y"));
        assertEquals("reclaim policy 'r' (PolicyPlugin x.Y): its factory returned a "
            + OffPolicies.NoCompaction.class.getName() + ", which is not a io.slowpath.api.reclaim.ReclaimPolicy",
            e.getMessage());
    }

    private static PolicySettingsSource source(String... sets) {
        return Kernels.builder().set("machine.memory=128M").set(sets).injector().getInstance(PolicySettingsSource.class);
    }
}
