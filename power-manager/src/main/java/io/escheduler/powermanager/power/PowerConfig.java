package io.escheduler.powermanager.power;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How nodes are switched on and off ({@code power-manager.power.*}; docs/power-manager.md, "Power drivers"). The keys at
 * this level are the default group, used by every node that no named group claims; each named group under
 * {@code groups."<group>".} has the same keys plus the nodes it claims. A group is complete by itself: a key it does
 * not set takes its default, not the top-level value. Checked at startup by {@link PowerGroups}.
 */
public interface PowerConfig extends DriverKeys {

    /**
     * Named groups, tried in name order: the first whose {@code nodes} list names a node, or whose
     * {@code node-selector} matches its labels, powers it.
     */
    Map<String, Group> groups();

    /** A named group: which nodes it claims (exactly one of the two keys), and their driver. */
    interface Group extends DriverKeys {

        /** A Kubernetes label selector over Node labels, e.g. {@code rack=a,tier!=gpu} or {@code tier in (cpu,mem)}. */
        Optional<String> nodeSelector();

        /** Node names, e.g. {@code n1,n2}. */
        Optional<List<String>> nodes();
    }
}
