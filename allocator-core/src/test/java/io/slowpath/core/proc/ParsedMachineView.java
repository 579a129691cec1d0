package io.slowpath.core.proc;

import io.slowpath.api.MachineView;
import io.slowpath.api.NodeView;
import io.slowpath.api.VmEvent;
import io.slowpath.api.ZoneType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A {@link MachineView} of {@link ParsedZoneView}s, filled by the test parsers; nodes and zones are created on demand. */
final class ParsedMachineView implements MachineView {
    private final List<ParsedNodeView> nodes = new ArrayList<>();
    final Map<VmEvent, Long> events = new EnumMap<>(VmEvent.class);
    int cpus = 1;
    long minFreeKbytes;

    /** The zone of a node, creating the node (and any lower-numbered ones) with all-empty zones when needed. */
    ParsedZoneView zone(int nodeId, ZoneType type) {
        while (nodes.size() <= nodeId) {
            nodes.add(new ParsedNodeView(nodes.size()));
        }
        return nodes.get(nodeId).zones().get(type.index());
    }

    @Override
    public List<ParsedNodeView> nodes() {
        return nodes;
    }

    @Override
    public int cpus() {
        return cpus;
    }

    @Override
    public long minFreeKbytes() {
        return minFreeKbytes;
    }

    @Override
    public String kernelFlavour() {
        return "3.10.108";
    }

    @Override
    public long event(VmEvent event) {
        return events.getOrDefault(event, 0L);
    }

    /** A node of the parsed machine: all four zones, empty unless a parser filled them. */
    static final class ParsedNodeView implements NodeView {
        private final int id;
        private final List<ParsedZoneView> zones = new ArrayList<>();

        ParsedNodeView(int id) {
            this.id = id;
            for (ZoneType type : ZoneType.values()) {
                zones.add(new ParsedZoneView(id, type));
            }
        }

        @Override
        public int id() {
            return id;
        }

        @Override
        public List<ParsedZoneView> zones() {
            return zones;
        }
    }
}
