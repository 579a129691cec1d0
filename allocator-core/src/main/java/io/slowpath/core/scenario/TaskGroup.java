package io.slowpath.core.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * A group of identical tasks: {@code name} (their comm), {@code count}, {@code start} (simulated time of their first
 * step), {@code uid}, {@code oom_score_adj}, {@code exit} (whether each task exits after its last phase; otherwise
 * it keeps its memory until the run ends) and its {@code phases}, run in order.
 */
record TaskGroup(String name, int count, long startNs, int uid, int oomScoreAdj, boolean exit,
                 List<PhaseSpec> phases) {
    static final List<String> TYPES = List.of("anon-hog", "working-set", "file-stream", "leak", "fork-storm",
        "thp-hungry", "slab", "atomic-burst", "fragmenter", "sleep");

    static TaskGroup parse(Spec g) {
        String name = g.name("name", null);
        int count = g.intValue("count", 1, 1, 100_000);
        long start = g.durationNs("start", 0L);
        int uid = g.intValue("uid", 1000, 0, Integer.MAX_VALUE);
        int adj = g.intValue("oom_score_adj", 0, -1000, 1000);
        boolean exit = g.bool("exit", false);
        List<PhaseSpec> phases = new ArrayList<>();
        for (Spec p : g.objects("phases")) {
            phases.add(phase(p));
        }
        if (phases.isEmpty()) {
            throw g.bad("phases", "a group needs at least one phase");
        }
        g.finish();
        return new TaskGroup(name, count, start, uid, adj, exit, List.copyOf(phases));
    }

    private static PhaseSpec phase(Spec p) {
        String type = p.choice("type", null, TYPES.toArray(String[]::new));
        PhaseSpec spec = switch (type) {
            case "anon-hog" -> AnonHog.hog(p);
            case "thp-hungry" -> AnonHog.thp(p);
            case "leak" -> AnonHog.leak(p);
            case "working-set" -> new WorkingSet(p);
            case "file-stream" -> new FileStream(p);
            case "fork-storm" -> new ForkStorm(p);
            case "slab" -> new SlabChurn(p);
            case "atomic-burst" -> new AtomicBurst(p);
            case "fragmenter" -> new Fragmenter(p);
            case "sleep" -> new Sleep(p);
            default -> throw new IllegalStateException(type);
        };
        p.finish();
        return spec;
    }
}
