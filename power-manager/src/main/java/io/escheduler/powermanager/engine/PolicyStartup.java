package io.escheduler.powermanager.engine;

import io.escheduler.policies.Mode;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.powermanager.execute.NodePower;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an operator should hear once when the policies start (each invalid value has already failed in
 * {@link PolicySettingsMapping#from}, with its key named): enforced policies that switch nodes on or off where no power
 * driver is configured.
 */
final class PolicyStartup {

    private PolicyStartup() {
    }

    /**
     * One line per power direction that an enforced policy needs and that no driver provides for some nodes, e.g.
     * {@code power-off, consolidation are enforced but cannot power off any node, the nodes no group claims: no power
     * driver configured (…)}; empty when nothing is missing.
     */
    static List<String> powerGaps(Map<PolicyName, Mode> modes, NodePower power) {
        List<String> lines = new ArrayList<>();
        gap(lines, modes, power, ActionKind.POWER_OFF, "off", List.of(PolicyName.POWER_OFF, PolicyName.CONSOLIDATION));
        gap(lines, modes, power, ActionKind.POWER_ON, "on", List.of(PolicyName.POWER_ON));
        return lines;
    }

    private static void gap(List<String> lines, Map<PolicyName, Mode> modes, NodePower power, ActionKind kind, String word,
                            List<PolicyName> needing) {
        List<String> enforced = needing.stream().filter(p -> modes.get(p) == Mode.ENFORCE).map(PolicyName::wireName).toList();
        if (enforced.isEmpty()) {
            return;
        }
        String uncovered = power.uncovered(kind);
        if (uncovered != null) {
            lines.add(String.join(", ", enforced) + (enforced.size() == 1 ? " is" : " are") + " enforced but cannot power " + word + " "
                    + uncovered + "; such nodes are left alone, and each plan says why (GET /v1/plans)");
        }
    }
}
