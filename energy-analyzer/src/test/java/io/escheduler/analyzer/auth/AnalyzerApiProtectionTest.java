package io.escheduler.analyzer.auth;

import io.escheduler.analyzer.config.AnalyzerConfig;
import io.escheduler.auth.AuthOutcome;
import io.escheduler.auth.TokenReviewAuthenticator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which calls need a token under which settings, and what a wrong setting says (the mapping read as the service reads it). */
class AnalyzerApiProtectionTest {

    private static final KubernetesClient CLIENT = new KubernetesClientBuilder().build(); // never called here

    @TempDir
    Path dir;

    @AfterAll
    static void close() {
        CLIENT.close();
    }

    private static AnalyzerApiProtection protection(Map<String, String> settings, Supplier<KubernetesClient> client) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDiscoveredConverters()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withMapping(AnalyzerConfig.class).withDefaultValues(settings).build();
        return new AnalyzerApiProtection(config.getConfigMapping(AnalyzerConfig.class), client);
    }

    private static Supplier<KubernetesClient> noClient() {
        return () -> {
            throw new AssertionError("the Kubernetes client is not needed in token-file mode");
        };
    }

    @Test
    void inKubernetesTokensAreReviewedAndReadsAreOpen() {
        AnalyzerApiProtection api = protection(Map.of(), () -> CLIENT);
        assertThat(api.service()).isEqualTo("energy-analyzer");
        assertThat(api.authenticatorFor("POST", "/v1/runs")).isInstanceOf(TokenReviewAuthenticator.class);
        assertThat(api.authenticatorFor("PUT", "/v1/anything")).isInstanceOf(TokenReviewAuthenticator.class);
        assertThat(api.authenticatorFor("DELETE", "/v1/runs/1")).isInstanceOf(TokenReviewAuthenticator.class);
        for (String read : new String[] {"GET", "HEAD", "OPTIONS"}) {
            assertThat(api.authenticatorFor(read, "/v1/placement")).as(read).isNull();
        }
    }

    @Test
    void closedReadsUseTheReadersList() {
        AnalyzerApiProtection api = protection(Map.of("energy-analyzer.auth.reads", "token"), () -> CLIENT);
        assertThat(api.authenticatorFor("GET", "/v1/placement")).isInstanceOf(TokenReviewAuthenticator.class)
                .isNotSameAs(api.authenticatorFor("POST", "/v1/runs"));
    }

    @Test
    void outsideKubernetesTheTokenFileDecidesAndWithoutOneWritesSayWhichKeyToSet() throws IOException {
        AnalyzerApiProtection none = protection(Map.of("energy-analyzer.kubernetes.enabled", "false"), noClient());
        AuthOutcome outcome = none.authenticatorFor("POST", "/v1/runs").authenticate("anything");
        assertThat(outcome).isInstanceOf(AuthOutcome.Unavailable.class);
        assertThat(((AuthOutcome.Unavailable) outcome).reason()).contains("energy-analyzer.auth.token-file is not set");
        assertThat(none.authenticatorFor("GET", "/v1/programs")).isNull();

        Path tokens = Files.writeString(dir.resolve("tokens"), "s3cret epilog\n");
        AnalyzerApiProtection file = protection(Map.of("energy-analyzer.kubernetes.enabled", "false",
                "energy-analyzer.auth.token-file", tokens.toString(), "energy-analyzer.auth.reads", "token"), noClient());
        assertThat(file.authenticatorFor("POST", "/v1/runs").authenticate("s3cret")).isEqualTo(new AuthOutcome.Allowed("epilog"));
        assertThat(file.authenticatorFor("GET", "/v1/programs").authenticate("s3cret")).isEqualTo(new AuthOutcome.Allowed("epilog"));
        assertThat(file.authenticatorFor("GET", "/v1/programs").authenticate("other")).isInstanceOf(AuthOutcome.Unauthenticated.class);
    }

    @Test
    void wrongSettingsStopTheStartNamingTheKey() {
        assertThatThrownBy(() -> protection(Map.of("energy-analyzer.auth.writer-service-accounts", "run-reporter"), () -> CLIENT))
                .hasMessageContaining("energy-analyzer.auth.writer-service-accounts").hasMessageContaining("'run-reporter'");
        assertThatThrownBy(() -> protection(Map.of("energy-analyzer.auth.reader-service-accounts", "a:b:c"), () -> CLIENT))
                .hasMessageContaining("energy-analyzer.auth.reader-service-accounts");
        assertThatThrownBy(() -> protection(Map.of("energy-analyzer.auth.audiences", ","), () -> CLIENT))
                .hasMessageContaining("energy-analyzer.auth.audiences");
        Path missing = dir.resolve("absent");
        assertThatThrownBy(() -> protection(Map.of("energy-analyzer.auth.mode", "token-file",
                "energy-analyzer.auth.token-file", missing.toString()), noClient()))
                .hasMessageContaining("energy-analyzer.auth.token-file=" + missing).hasMessageContaining("cannot be read");
    }
}
