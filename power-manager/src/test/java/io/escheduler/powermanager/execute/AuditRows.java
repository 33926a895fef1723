package io.escheduler.powermanager.execute;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;

/**
 * What the executor left behind, as the policy tests read it: rows of the audit trail ({@code policy_action}, each
 * read in a transaction of its own) and the Events on a node.
 */
public final class AuditRows {

    private AuditRows() {
    }

    /** The node's rows, oldest first, each as {@code "policy kind outcome"}. */
    public static List<String> of(String node) {
        return QuarkusTransaction.requiringNew().call(() -> PolicyActionEntry.<PolicyActionEntry>find("node = ?1 order by id", node).list()
                .stream().map(e -> e.policy + " " + e.kind + " " + e.outcome).toList());
    }

    /**
     * Every row written since this test JVM started, oldest first, each as {@code "policy kind node outcome"} (not the
     * rows carried over from the analyzer's table, PostgresResource).
     */
    public static List<String> all() {
        Instant started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        return QuarkusTransaction.requiringNew().call(() -> PolicyActionEntry.<PolicyActionEntry>find("at >= ?1 order by id", started).list()
                .stream().map(e -> e.policy + " " + e.kind + " " + e.node + " " + e.outcome).toList());
    }

    /** The node's rows of {@code kind} (e.g. {@code power-off}), oldest first. */
    public static List<PolicyActionEntry> of(String node, String kind) {
        return QuarkusTransaction.requiringNew().call(() -> PolicyActionEntry.<PolicyActionEntry>find("node = ?1 and kind = ?2 order by id",
                node, kind).list());
    }

    /** The node's first row of {@code kind}. */
    public static PolicyActionEntry first(String node, String kind) {
        return of(node, kind).get(0);
    }

    /** The node's latest row of {@code kind}. */
    public static PolicyActionEntry latest(String node, String kind) {
        List<PolicyActionEntry> rows = of(node, kind);
        return rows.get(rows.size() - 1);
    }

    /** The reasons of the Events on the node, e.g. {@code PowerOff}. */
    public static List<String> events(KubernetesClient client, String node) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> node.equals(e.getInvolvedObject().getName())).map(Event::getReason).toList();
    }
}
