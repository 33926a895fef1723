package io.escheduler.analyzer.profiles;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The analyzer reading the {@link EnergyTestbed}'s Prometheus, without Kubernetes. Test classes
 * with this profile share one application. Without a Docker engine, datasource Dev Services are
 * switched off here, at build time (Quarkus decides on them while it builds the test application,
 * before {@code PostgresResource} supplies its URL).
 */
public class TestbedProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "energy-analyzer.kubernetes.enabled", "false",
                "quarkus.datasource.devservices.enabled", Boolean.toString(io.escheduler.analyzer.PostgresResource.dockerAnswers()));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(EnergyTestbed.class));
    }

}
