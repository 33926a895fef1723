package io.escheduler.analyzer.process;

import io.escheduler.testing.Http;
import io.escheduler.testing.Ports;
import io.escheduler.testing.PostgresServer;
import io.escheduler.testing.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The packaged analyzer as an HPC site runs it (energy-analyzer/deploy/INSTALL.md, without Kubernetes): its own
 * process on a real PostgreSQL, runs recorded with {@link #TOKEN} of its token file, one system {@link #SYSTEM} of one
 * node {@link #NODE}.
 */
final class AnalyzerProcess {

    static final String TOKEN = "process-it-token";
    static final String SYSTEM = "it-sys";
    static final String NODE = "it-n1";

    private AnalyzerProcess() {
    }

    /** The builder, configured; {@code prometheusUrl} is where runs are profiled from. */
    static ServiceProcess.Builder builder(Path workDir, PostgresServer postgres, String prometheusUrl) {
        int port = Ports.free();
        Path tokens = workDir.resolve("tokens");
        try {
            Files.createDirectories(workDir);
            Files.writeString(tokens, TOKEN + " process-it\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ServiceProcess.builder(ServiceProcess.quarkusJar("energy-analyzer"))
                .workDir(workDir)
                .port(port)
                .jvmArg("-Xmx256m")
                .jvmArg("-Denergy-analyzer.systems.members." + SYSTEM + "=" + NODE)
                .env("QUARKUS_HTTP_PORT", Integer.toString(port))
                .env("QUARKUS_HTTP_HOST", "127.0.0.1")
                .env("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl())
                .env("QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER)
                .env("QUARKUS_DATASOURCE_PASSWORD", PostgresServer.PASSWORD)
                .env("ENERGY_ANALYZER_KUBERNETES_ENABLED", "false")
                .env("ENERGY_ANALYZER_AUTH_TOKEN_FILE", tokens.toString())
                .env("ENERGY_ANALYZER_PROMETHEUS_URL", prometheusUrl)
                .env("ENERGY_ANALYZER_PROFILES_POLL_INTERVAL", "1s");
    }

    /** Records a run of {@code program} on {@link #NODE} that ended an hour ago (settled); its id. */
    static long recordRun(ServiceProcess analyzer, String program) {
        Instant end = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Http.Response response = Http.send("POST", analyzer.baseUrl() + "/v1/runs", TOKEN, "{\"program\": \"" + program
                + "\", \"nodes\": [\"" + NODE + "\"], \"start\": \"" + end.minusSeconds(600) + "\", \"end\": \"" + end + "\"}");
        if (response.status() != 201) {
            throw new IllegalStateException("POST /v1/runs answered " + response.status() + ": " + response.body());
        }
        return Long.parseLong(response.body().replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
    }

    static Connection database(PostgresServer postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
    }
}
