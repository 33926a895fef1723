package io.escheduler.analyzer.reports;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The analyzer on PostgreSQL alone: no Kubernetes API server to watch; tokens from {@link io.escheduler.analyzer.ApiTokens}. Without a Docker engine,
 * datasource Dev Services are switched off here, at build time: Quarkus decides whether to start
 * them while it builds the test application, before {@code PostgresResource} has started the local
 * server and supplied its URL, and fails the build when it finds neither a URL nor Docker.
 */
public class DatabaseOnlyProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "energy-analyzer.kubernetes.enabled", "false",
                "energy-analyzer.auth.token-file", io.escheduler.analyzer.ApiTokens.file(), // writes need its token: ApiTokens.asWriter()
                "quarkus.scheduler.enabled", "false", // no profiler: these tests have no Prometheus
                "quarkus.datasource.devservices.enabled", Boolean.toString(io.escheduler.analyzer.PostgresResource.dockerAnswers()));
    }

}
