package io.escheduler.powermanager.engine;

import io.escheduler.policies.Mode;
import io.escheduler.policies.Policy;
import io.escheduler.policies.PolicySettings;
import io.escheduler.policies.capping.CappingConfig;
import io.escheduler.policies.cappingmigration.CappingMigrationConfig;
import io.escheduler.policies.consolidation.ConsolidationConfig;
import io.escheduler.policies.dvfs.DvfsConfig;
import io.escheduler.policies.dvfsmigration.DvfsMigrationConfig;
import io.escheduler.policies.execute.ExecutorConfig;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.policies.poweroff.PowerOffConfig;
import io.escheduler.policies.poweron.PowerOnConfig;
import io.escheduler.policies.rails.RailsConfig;
import io.escheduler.powermanager.config.PowerManagerConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The config mapping's defaults are power-policies' (the simulator's too), and values reach the records. */
class PolicySettingsTest {

    private static PolicySettings settings(Map<String, String> values) {
        // Quarkus' own converters, as in the application ("10m", "32M")
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(PowerManagerConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withDefaultValues(values).build();
        return PolicySettingsMapping.from(config.getConfigMapping(PowerManagerConfig.class));
    }

    @Test
    void defaults() {
        PolicySettings s = settings(Map.of());
        assertThat(s.modes()).hasSize(7).allSatisfy((name, mode) -> assertThat(mode).isEqualTo(Mode.DRY_RUN));
        assertThat(s.powerOn()).isEqualTo(PowerOnConfig.DEFAULTS);
        assertThat(s.powerOff()).isEqualTo(PowerOffConfig.DEFAULTS);
        assertThat(s.consolidation()).isEqualTo(ConsolidationConfig.DEFAULTS);
        assertThat(s.dvfs()).isEqualTo(DvfsConfig.DEFAULTS);
        assertThat(s.capping()).isEqualTo(CappingConfig.DEFAULTS);
        assertThat(s.dvfsMigration()).isEqualTo(DvfsMigrationConfig.DEFAULTS);
        assertThat(s.cappingMigration()).isEqualTo(CappingMigrationConfig.DEFAULTS);
        assertThat(s.rails()).isEqualTo(RailsConfig.DEFAULTS);
        assertThat(s.executor()).isEqualTo(ExecutorConfig.DEFAULTS);
        assertThat(s).isEqualTo(PolicySettings.DEFAULTS);
        assertThat(s.policies()).extracting(Policy::name).containsExactly(PolicyName.values());
    }

    @Test
    void valuesAndModes() {
        PolicySettings s = settings(Map.of("power-manager.power-off.mode", "enforce",
                "power-manager.dvfs.mode", "off", "power-manager.consolidation.num", "3",
                "power-manager.dvfs.target", "1200000", "power-manager.consolidation.spare-nodes", "0"));
        assertThat(s.modes().get(PolicyName.POWER_OFF)).isEqualTo(Mode.ENFORCE);
        assertThat(s.modes().get(PolicyName.DVFS)).isEqualTo(Mode.OFF);
        assertThat(s.consolidation().num()).isEqualTo(3);
        assertThat(s.consolidation().spareNodes()).isZero();
        assertThat(s.dvfs().target()).isEqualTo("1200000");
    }

    @Test
    void invalidValuesFailNamingTheKey() {
        assertThatThrownBy(() -> settings(Map.of("power-manager.capping.lift-below-percent", "85")))
                .hasMessageContaining("lift-below-percent");
    }
}
