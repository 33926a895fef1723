package io.escheduler.analyzer.policies;

import io.escheduler.analyzer.policies.plan.PolicyName;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyStartupTest {

    @Test
    void enforceWithoutKubernetesIsRefusedNamingTheKeys() {
        Map<PolicyName, Mode> modes = new EnumMap<>(PolicyName.class);
        for (PolicyName policy : PolicyName.values()) {
            modes.put(policy, Mode.DRY_RUN);
        }
        assertThatCode(() -> PolicyStartup.check(modes, false)).doesNotThrowAnyException();
        modes.put(PolicyName.CAPPING, Mode.ENFORCE);
        modes.put(PolicyName.POWER_OFF, Mode.ENFORCE);
        modes.put(PolicyName.DVFS, Mode.OFF);
        assertThatThrownBy(() -> PolicyStartup.check(modes, false)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("energy-analyzer.policies.capping.mode, energy-analyzer.policies.power-off.mode = enforce needs ")
                .hasMessageContaining("energy-analyzer.kubernetes.enabled=true");
        assertThatCode(() -> PolicyStartup.check(modes, true)).doesNotThrowAnyException();
    }
}
