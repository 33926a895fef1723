package io.escheduler.analyzer.policies.source;

import io.escheduler.analyzer.PostgresResource;
import io.escheduler.analyzer.policies.PolicyModes;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With every policy off, Kubernetes on: run discovery watches as usual, but no pod or budget is cached for the policies. */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(PolicyInformersOffTest.AllOff.class)
@QuarkusTestResource(PostgresResource.class)
class PolicyInformersOffTest {

    public static class AllOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = PolicyModes.only();
            config.put("energy-analyzer.kubernetes.enabled", "true");
            config.put("quarkus.datasource.devservices.enabled", Boolean.toString(PostgresResource.dockerAnswers()));
            return config;
        }
    }

    @Inject
    PolicyInformers informers;

    @Inject
    InformerSnapshotSource source;

    @Inject
    MeterRegistry registry;

    @Test
    void nothingIsWatchedForThePolicies() {
        assertThat(informers.started()).isFalse();
        assertThat(informers.synced()).isFalse();
        assertThat(informers.podsOn("n1")).isEmpty();
        assertThat(registry.find("energy.analyzer.kubernetes.informer.synced").tag("resource", "policy-pods").gauge()).isNull();
        assertThat(registry.find("energy.analyzer.kubernetes.informer.synced").tag("resource", "nodes").gauge()).as("run discovery's")
                .isNotNull();
        assertThatThrownBy(source::snapshot).isInstanceOf(IllegalStateException.class).hasMessageContaining("mode is off");
    }
}
