package io.escheduler.analyzer.kube;

import io.escheduler.analyzer.config.AnalyzerConfig;
import io.escheduler.analyzer.runs.ComputingSystem;
import io.escheduler.analyzer.runs.NodeEntry;
import io.fabric8.kubernetes.api.model.Node;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which computing system each node belongs to, kept in the {@code node} table (docs/architecture.md, "Kubernetes
 * vocabulary"): the system configured in {@code energy-analyzer.systems.members}, else the Node's label
 * {@code energy-analyzer.systems.node-label}, else the node's own name. A node that changes system moves; the runs it
 * already took part in keep the system they ran on (a run stores its own). A Node deleted from the cluster keeps its
 * row: nodes come and go (the power-off policy removes some), and REST clients may still name it.
 */
@ApplicationScoped
public class NodeSystems {

    private static final Logger LOG = Logger.getLogger(NodeSystems.class);

    /** What a write did. */
    public enum Change {
        UNCHANGED, ADDED, MOVED
    }

    private record Written(Change change, String previous, String system) {
    }

    private final ConfiguredSystems configured;
    private final String label;
    private final Counter added;
    private final Counter moved;
    /** node → system as this process last wrote or read it: writes that would change nothing are skipped. */
    private final Map<String, String> known = new ConcurrentHashMap<>();
    /** node=label pairs whose label the configuration overrides, each logged once. */
    private final Set<String> overridden = ConcurrentHashMap.newKeySet();
    /** The Node informer's cache, by name (no Node when outside Kubernetes or not yet seen). */
    private volatile Function<String, Node> cluster = name -> null;

    public NodeSystems(ConfiguredSystems configured, AnalyzerConfig config, MeterRegistry registry) {
        this.configured = configured;
        this.label = config.systems().nodeLabel();
        this.added = changes(registry, "added");
        this.moved = changes(registry, "moved");
    }

    private static Counter changes(MeterRegistry registry, String change) {
        return Counter.builder("energy.analyzer.node.system.changes").tag("change", change)
                .description("Nodes that joined a computing system for the first time (added) or changed system (moved)").register(registry);
    }

    /** The system of a Kubernetes node: configured, else its label (when not blank), else its own name. */
    public String systemOf(Node node) {
        String name = node.getMetadata().getName();
        return configured.systemOf(name).orElseGet(() -> {
            String labelled = labelOf(node);
            return labelled == null ? name : labelled;
        });
    }

    /** Where {@link #ensureKnown} looks a Node up by name. */
    void lookUpNodesIn(Function<String, Node> cache) {
        this.cluster = cache;
    }

    /** Writes {@code energy-analyzer.systems.members}: each listed node joins, or moves to, its configured system. */
    void applyConfigured() {
        int added = 0;
        int moved = 0;
        for (Map.Entry<String, String> member : configured.nodes().entrySet()) {
            Change change = assign(member.getKey(), member.getValue(), true, "energy-analyzer.systems.members");
            added += change == Change.ADDED ? 1 : 0;
            moved += change == Change.MOVED ? 1 : 0;
        }
        if (!configured.nodes().isEmpty()) {
            LOG.infof("energy-analyzer.systems.members: %d nodes in %d systems (%d new, %d moved)",
                    configured.nodes().size(), configured.systemCount(), added, moved);
        }
    }

    /** A Node was added or changed: its row follows its label. */
    public Change sync(Node node) {
        String name = node.getMetadata().getName();
        String system = systemOf(node);
        String labelled = labelOf(node);
        if (labelled != null && !labelled.equals(system) && overridden.add(name + "=" + labelled)) {
            LOG.infof("node %s: label %s=%s is overridden by energy-analyzer.systems.members, which puts it in system %s",
                    name, label, labelled, system);
        }
        if (system.equals(known.get(name))) {
            return Change.UNCHANGED;
        }
        String why;
        if (configured.systemOf(name).isPresent()) {
            why = "energy-analyzer.systems.members" + (labelled == null || labelled.equals(system) ? ""
                    : ", which overrides its label " + label + "=" + labelled);
        } else {
            why = labelled == null ? "no " + label + " label: a system of its own" : "label " + label;
        }
        return assign(name, system, true, why);
    }

    private String labelOf(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        String value = labels == null ? null : labels.get(label);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * Before a run on {@code node} is recorded: the node has a row. From its Node when the informer has it, else (a
     * Node already deleted, or the run reported before the Node was seen) as its configured system or its own.
     */
    public void ensureKnown(String node) {
        if (known.containsKey(node)) {
            return;
        }
        Node fromCluster = cluster.apply(node);
        if (fromCluster != null) {
            sync(fromCluster);
        } else {
            assign(node, configured.systemOf(node).orElse(node), false, "a pod on a node not seen in the cluster");
        }
    }

    /** Sets the node's system ({@code move}) or only adds the node when it has no row; retried once on a concurrent insert. */
    private Change assign(String node, String system, boolean move, String why) {
        Written written;
        try {
            written = write(node, system, move);
        } catch (RuntimeException e) {
            if (!Duplicates.isUniqueViolation(e)) {
                throw e;
            }
            LOG.debugf("node %s: another writer inserted it or its system at the same time; reading theirs", node);
            written = write(node, system, move);
        }
        known.put(node, written.system());
        switch (written.change()) {
            case ADDED -> {
                added.increment();
                LOG.infof("node %s belongs to system %s (%s)", node, written.system(), why);
            }
            case MOVED -> {
                moved.increment();
                LOG.infof("node %s moved from system %s to %s (%s); its earlier runs stay with %s",
                        node, written.previous(), written.system(), why, written.previous());
            }
            case UNCHANGED -> { }
        }
        return written.change();
    }

    private static Written write(String node, String system, boolean move) {
        return QuarkusTransaction.requiringNew().call(() -> {
            NodeEntry entry = NodeEntry.findById(node);
            if (entry != null && (!move || entry.system.name.equals(system))) {
                return new Written(Change.UNCHANGED, entry.system.name, entry.system.name);
            }
            ComputingSystem target = ComputingSystem.named(system);
            if (entry == null) {
                entry = new NodeEntry();
                entry.name = node;
                entry.system = target;
                entry.updatedAt = Instant.now();
                entry.persistAndFlush();
                return new Written(Change.ADDED, null, system);
            }
            String previous = entry.system.name;
            entry.system = target;
            entry.updatedAt = Instant.now();
            return new Written(Change.MOVED, previous, system);
        });
    }
}
