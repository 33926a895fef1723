package io.escheduler.analyzer.config;

import io.escheduler.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged analyzer, started with the power policies' former keys in all three places a user puts them (an
 * {@code application.properties} in its working directory's {@code config/}, a system property, an environment
 * variable), refuses to start and names each key with the power-manager key that replaces it.
 */
class RetiredPolicyKeysIT {

    @Test
    void theAnalyzerRefusesToStartWithThePoliciesKeysAndNamesTheirReplacements(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/application.properties"), "energy-analyzer.policies.rails.cooldown=5m\n");
        try (ServiceProcess analyzer = ServiceProcess.builder(ServiceProcess.quarkusJar("energy-analyzer")).workDir(dir)
                .jvmArg("-Denergy-analyzer.policies.dvfs.mode=enforce")
                .env("ENERGY_ANALYZER_POLICIES_POWER_DRIVER", "exec")
                .env("ENERGY_ANALYZER_KUBERNETES_ENABLED", "false")
                .env("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/none")
                .launch()) {
            int exit = analyzer.awaitExit(Duration.ofSeconds(60));

            assertThat(exit).isNotZero();
            assertThat(analyzer.output()).contains("energy-analyzer no longer runs the power policies: power-manager does")
                    .containsPattern("ENERGY_ANALYZER_POLICIES_POWER_DRIVER \\(EnvConfigSource[^)]*\\) -> POWER_MANAGER_POWER_DRIVER")
                    .containsPattern("energy-analyzer.policies.dvfs.mode \\(SysPropConfigSource[^)]*\\) -> power-manager.dvfs.mode")
                    .containsPattern("energy-analyzer.policies.rails.cooldown \\(PropertiesConfigSource\\[source=file:[^)]*config/application"
                            + ".properties[^)]*\\) -> power-manager.rails.cooldown");
        }
    }
}
