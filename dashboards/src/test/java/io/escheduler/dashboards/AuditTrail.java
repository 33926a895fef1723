package io.escheduler.dashboards;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static io.escheduler.dashboards.DashboardStack.CAP_WATTS;
import static io.escheduler.dashboards.DashboardStack.LOWERED_CEILING_KHZ;
import static io.escheduler.dashboards.DashboardStack.NODE_A1;
import static io.escheduler.dashboards.DashboardStack.NODE_A2;
import static io.escheduler.dashboards.DashboardStack.NODE_B;

/**
 * Rows of {@code policy_action} as the executor writes them in enforce mode (the analyzer has no executor yet): at
 * least one action of every policy, every outcome, consolidation's cordon → evict → power-off sequence stopped by a
 * PodDisruptionBudget, and actions on nodes without an exporter (node-c cordoned, node-d powered off).
 */
final class AuditTrail {

    static final String ACTOR = "energy-analyzer-6f9c7d5b8-x2k4q";

    private record Action(String policy, String kind, String node, String namespace, String pod, String target, String value,
                          String reason, String outcome, String detail) {
    }

    private static final List<Action> ACTIONS = List.of(
            new Action("power-off", "power-off", "node-d", null, null, null, null,
                    "no workload pods for 12m (grace period 10m)", "done", null),
            new Action("consolidation", "cordon", "node-c", null, null, null, null,
                    "fewest pods (1): empty it and power it off (num=1)", "done", null),
            new Action("consolidation", "evict", "node-c", "default", "lulesh-7", NODE_A1, null,
                    "fewest pods (1): empty it and power it off (num=1)", "skipped", "PodDisruptionBudget default/lulesh allows no disruption now"),
            new Action("consolidation", "power-off", "node-c", null, null, null, null,
                    "fewest pods (1): empty it and power it off (num=1)", "skipped", "an earlier step of this node's change did not happen"),
            new Action("dvfs", "set-cpufreq", NODE_B, null, null, null, Long.toString(LOWERED_CEILING_KHZ),
                    "utilisation 8.5 % under 20 % for 5m", "done", null),
            new Action("dvfs", "restore-cpufreq", NODE_A1, null, null, null, "max", "utilisation 71 % above 60 %", "done", null),
            new Action("capping", "set-power-limit", NODE_A2, null, null, null, Long.toString(CAP_WATTS),
                    "package power 141 W above 90 % of 150 W", "done", null),
            new Action("capping", "lift-power-limit", NODE_A2, null, null, null, null,
                    "package power 40 W under 60 % of 150 W", "failed", "actuator node-a2: 503 Service Unavailable"),
            new Action("power-on", "power-on", "node-d", null, null, null, null,
                    "pending pod default/gromacs-1 needs 6 CPUs: only powered-off node-d has them", "failed",
                    "redfish: PowerState still Off after 60s"),
            new Action("dvfs-migration", "evict", NODE_A1, "default", "gromacs-3", NODE_B, null,
                    "utilisation 93 % above 80 %: shed pods until projected below it", "done", null),
            new Action("capping-migration", "evict", NODE_A2, "default", "hpl-2", NODE_A1, null,
                    "package power 146 W above 90 % of 150 W: shed 1 pod first", "done", null),
            new Action("capping-migration", "uncordon", "node-c", null, null, null, null,
                    "capacity needed for the shed pods", "done", null));

    private AuditTrail() {
    }

    /** Writes the actions, 3 s apart, the last 3 s before {@code now}; each planned 2 s before it was done. */
    static void write(Connection connection, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO policy_action (at, planned_at, policy, kind, node, "
                + "namespace, pod, target, value, reason, outcome, detail, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < ACTIONS.size(); i++) {
                Action a = ACTIONS.get(i);
                Instant at = now.minusSeconds(3L * (ACTIONS.size() - i));
                insert.setTimestamp(1, Timestamp.from(at));
                insert.setTimestamp(2, Timestamp.from(at.minusSeconds(2)));
                insert.setString(3, a.policy());
                insert.setString(4, a.kind());
                insert.setString(5, a.node());
                insert.setString(6, a.namespace());
                insert.setString(7, a.pod());
                insert.setString(8, a.target());
                insert.setString(9, a.value());
                insert.setString(10, a.reason());
                insert.setString(11, a.outcome());
                insert.setString(12, a.detail());
                insert.setString(13, ACTOR);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
