package io.escheduler.analyzer.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which keys are the former policies', what replaces each, and the message that names them. */
class RetiredPolicyKeysTest {

    @Test
    void propertiesAndEnvironmentVariablesOfThePoliciesAreRetiredAndNothingElse() {
        assertThat(List.of("energy-analyzer.policies.dvfs.mode", "ENERGY_ANALYZER_POLICIES_DVFS_MODE",
                "energy_analyzer_policies_power_driver", "energy-analyzer.policies.power.groups.\"rack.a\".driver"))
                .allMatch(RetiredPolicyKeys::retired);
        assertThat(List.of("energy-analyzer.prometheus.url", "ENERGY_ANALYZER_PROMETHEUS_URL", "energy-analyzer.policiesx",
                "power-manager.dvfs.mode", "quarkus.energy-analyzer.policies.x"))
                .noneMatch(RetiredPolicyKeys::retired);
    }

    @Test
    void eachKeyIsNamedWithItsSourceAndItsReplacement() {
        String message = RetiredPolicyKeys.message(List.of("ENERGY_ANALYZER_POLICIES_POWER_DRIVER", "energy-analyzer.policies.dvfs.mode"),
                name -> name.startsWith("ENERGY") ? "EnvConfigSource" : "SysPropConfigSource");

        assertThat(message).startsWith("energy-analyzer no longer runs the power policies: power-manager does")
                .contains("\n  ENERGY_ANALYZER_POLICIES_POWER_DRIVER (EnvConfigSource) -> POWER_MANAGER_POWER_DRIVER")
                .endsWith("\n  energy-analyzer.policies.dvfs.mode (SysPropConfigSource) -> power-manager.dvfs.mode");
    }
}
