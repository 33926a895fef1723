package io.escheduler.powermanager.power;

import io.fabric8.kubernetes.api.model.Node;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Which driver powers which node: the named groups in name order, the first that claims a node wins, and the
 * default group (the top-level keys) for the rest. Built once at startup from {@link PowerConfig}; every problem
 * found is reported at once, each with its key.
 */
final class PowerGroups {

    private static final Logger LOG = Logger.getLogger(PowerGroups.class);

    static final String PREFIX = "power-manager.power";

    /**
     * @param claims which nodes the group claims ({@code nodes} or {@code node-selector}); the default group claims all
     * @param claim  how it claims them, for logs ({@code nodes n1,n2}, {@code node-selector rack=a})
     * @param named  false for the default group
     */
    record Group(String name, Predicate<Node> claims, String claim, DriverKind kind, PowerDriver driver, boolean named) {
    }

    private final List<Group> named;
    private final Group fallback;

    PowerGroups(List<Group> named, Group fallback) {
        this.named = List.copyOf(named);
        this.fallback = fallback;
    }

    /** @throws IllegalArgumentException listing every problem, each with its key */
    static PowerGroups from(PowerConfig config, CredentialsSource credentials) {
        List<String> problems = new ArrayList<>();
        DriverFactory factory = new DriverFactory(credentials, problems);
        Group fallback = new Group("default", node -> true, "every other node", config.driver(), factory.build(config, PREFIX), false);
        List<Group> named = new ArrayList<>();
        for (Map.Entry<String, PowerConfig.Group> entry : new TreeMap<>(config.groups()).entrySet()) {
            String prefix = groupPrefix(entry.getKey());
            PowerConfig.Group group = entry.getValue();
            Predicate<Node> claims = claims(group, prefix, problems);
            String claim = group.nodes().map(n -> "nodes " + String.join(",", n)).orElse(group.nodeSelector().map(s -> "node-selector " + s).orElse(""));
            named.add(new Group(entry.getKey(), claims, claim, group.driver(), factory.build(group, prefix), true));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("power drivers: " + String.join("; ", problems));
        }
        PowerGroups groups = new PowerGroups(named, fallback);
        groups.log();
        return groups;
    }

    /** The group that powers {@code node}. */
    Group forNode(Node node) {
        for (Group group : named) {
            if (group.claims().test(node)) {
                return group;
            }
        }
        return fallback;
    }

    /** The named groups in name order, then the default group. */
    List<Group> all() {
        List<Group> all = new ArrayList<>(named);
        all.add(fallback);
        return all;
    }

    /** {@code power-manager.power.groups.rack-a}, the name quoted when it holds a dot (as SmallRye reads it). */
    static String groupPrefix(String name) {
        return PREFIX + ".groups." + (name.contains(".") ? "\"" + name + "\"" : name);
    }

    private static Predicate<Node> claims(PowerConfig.Group group, String prefix, List<String> problems) {
        if (group.nodes().isPresent() == group.nodeSelector().isPresent()) {
            problems.add(prefix + ": set either .nodes or .node-selector (exactly one) to say which nodes the group powers");
            return node -> false;
        }
        if (group.nodes().isPresent()) {
            Set<String> names = Set.copyOf(group.nodes().get().stream().map(String::strip).filter(n -> !n.isEmpty()).toList());
            return node -> names.contains(node.getMetadata().getName());
        }
        try {
            NodeSelector selector = NodeSelector.parse(group.nodeSelector().get());
            return node -> selector.matches(node.getMetadata().getLabels());
        } catch (IllegalArgumentException e) {
            problems.add(prefix + ".node-selector: " + e.getMessage());
            return node -> false;
        }
    }

    private void log() {
        StringBuilder text = new StringBuilder();
        for (Group group : named) {
            text.append("group ").append(group.name()).append(" (").append(group.claim()).append("): ").append(group.kind().configName()).append("; ");
        }
        text.append("every other node: ").append(fallback.kind().configName());
        LOG.infof("power drivers: %s", text);
    }
}
