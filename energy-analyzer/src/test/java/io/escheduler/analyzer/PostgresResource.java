package io.escheduler.analyzer;

import io.escheduler.testing.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL for the analyzer under test: Quarkus Dev Services (a container) where a Docker
 * engine answers, otherwise a local server from Debian's {@code postgresql} package started here.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private PostgresServer server;

    @Override
    public Map<String, String> start() {
        if (dockerAnswers()) {
            return Map.of(); // Dev Services starts one
        }
        try {
            server = PostgresServer.start(Files.createTempDirectory("escheduler-pg-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.devservices.enabled", "false",
                "quarkus.datasource.jdbc.url", server.jdbcUrl(),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", PostgresServer.PASSWORD);
    }

    /** Whether a Docker engine answers here, so that Quarkus Dev Services can start PostgreSQL. */
    public static boolean dockerAnswers() {
        try {
            Process docker = new ProcessBuilder("docker", "info").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return docker.waitFor(10, TimeUnit.SECONDS) && docker.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
