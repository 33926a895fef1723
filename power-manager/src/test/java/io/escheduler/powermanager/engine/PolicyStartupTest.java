package io.escheduler.powermanager.engine;

import io.escheduler.policies.Mode;
import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.powermanager.execute.NodePower;
import io.fabric8.kubernetes.api.model.Node;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyStartupTest {

    @Test
    void enforcedPoliciesThatCannotSwitchSomeNodesAreNamedOnceAtStartup() {
        NodePower offOnlyMissing = new NodePower() {
            @Override
            public void powerOn(Node node) {
            }

            @Override
            public void powerOff(Node node) {
            }

            @Override
            public Map<ActionKind, String> blocked(Node node) {
                return Map.of();
            }

            @Override
            public String uncovered(ActionKind kind) {
                return kind == ActionKind.POWER_OFF ? "the nodes of group desks: Wake-on-LAN only switches nodes on" : null;
            }
        };
        Map<PolicyName, Mode> modes = new EnumMap<>(PolicyName.class);
        for (PolicyName policy : PolicyName.values()) {
            modes.put(policy, Mode.ENFORCE);
        }
        assertThat(PolicyStartup.powerGaps(modes, offOnlyMissing)).containsExactly("power-off, consolidation are enforced but cannot "
                + "power off the nodes of group desks: Wake-on-LAN only switches nodes on; such nodes are left alone, and each plan says "
                + "why (GET /v1/plans)");
        modes.put(PolicyName.POWER_OFF, Mode.DRY_RUN);
        assertThat(PolicyStartup.powerGaps(modes, offOnlyMissing)).singleElement().asString().startsWith("consolidation is enforced but");
        modes.put(PolicyName.CONSOLIDATION, Mode.OFF);
        assertThat(PolicyStartup.powerGaps(modes, offOnlyMissing)).as("power-on is covered").isEmpty();
    }
}
