package io.escheduler.analyzer.datasource;

import io.escheduler.testing.Http;
import io.escheduler.testing.Ports;
import io.escheduler.testing.Processes;
import io.escheduler.testing.PostgresServer;
import io.escheduler.testing.ServiceProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged analyzer's own PostgreSQL: started without a datasource URL, never with one. */
class EmbeddedPostgresIT {

    private static final String RUN = "{\"program\": \"lulesh\", \"nodes\": [\"n1\"], \"start\": \"2026-01-05T08:00:00Z\", "
            + "\"end\": \"2026-01-05T09:00:00Z\", \"id\": \"slurm-4711\"}";
    private static final String TOKEN = "embedded-postgres-it-token";

    @TempDir
    Path work;

    /** Open to other users: as root, the server runs as postgres, who must reach its directory. */
    @BeforeEach
    void openTheWorkDirectory() throws IOException {
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void withoutUrlItCreatesUsesAndReusesItsDirectory() throws IOException {
        Path directory = work.resolve("postgresql");
        String id;
        long postmaster;
        try (ServiceProcess analyzer = analyzer().env("ENERGY_ANALYZER_EMBEDDED_POSTGRES_DIRECTORY", directory.toString()).start()) {
            assertThat(ownPostgresLines(analyzer)).singleElement().asString()
                    .contains("No datasource URL configured: started the analyzer's own PostgreSQL")
                    .contains("with new data in " + directory);
            assertThat(directory.resolve("data/PG_VERSION")).isRegularFile();
            assertThat(Files.getPosixFilePermissions(directory.resolve("password"))).hasSize(2); // owner read and write only

            Http.Response created = Http.send("POST", analyzer.baseUrl() + "/v1/runs", TOKEN, RUN);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            id = created.body().replaceAll("(?s).*\"id\"\\s*:\\s*(\\d+).*", "$1");
            postmaster = Long.parseLong(Files.readAllLines(directory.resolve("data/postmaster.pid")).get(0).strip());

            assertThat(analyzer.stop()).isIn(0, 143);
        }
        assertThat(Processes.running(postmaster)).as("the server stops with the analyzer").isFalse();
        assertThat(directory.resolve("data/postmaster.pid")).doesNotExist();

        try (ServiceProcess again = analyzer().env("ENERGY_ANALYZER_EMBEDDED_POSTGRES_DIRECTORY", directory.toString()).start()) {
            assertThat(ownPostgresLines(again)).singleElement().asString().contains("with its data in " + directory);
            Http.Response run = Http.get(again.baseUrl() + "/v1/runs/" + id, "application/json");
            assertThat(run.status()).isEqualTo(200);
            assertThat(run.body()).contains("\"program\":\"lulesh\"");
        }
    }

    @Test
    void aConfiguredUrlAlwaysWins() throws IOException {
        Path unused = work.resolve("unused");
        try (PostgresServer postgres = PostgresServer.start(work.resolve("pg"));
             ServiceProcess analyzer = analyzer().env("ENERGY_ANALYZER_EMBEDDED_POSTGRES_DIRECTORY", unused.toString())
                     .env("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl())
                     .env("QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER)
                     .env("QUARKUS_DATASOURCE_PASSWORD", PostgresServer.PASSWORD).start()) {
            assertThat(Http.send("POST", analyzer.baseUrl() + "/v1/runs", TOKEN, RUN).status()).isEqualTo(201);
            assertThat(ownPostgresLines(analyzer)).isEmpty();
            assertThat(unused).doesNotExist();
        }
    }

    @Test
    void aUserWithoutUrlIsRefused() throws IOException {
        ServiceProcess analyzer = analyzer().env("ENERGY_ANALYZER_EMBEDDED_POSTGRES_DIRECTORY", work.resolve("postgresql").toString())
                .env("QUARKUS_DATASOURCE_USERNAME", "someone").launch();

        assertThat(analyzer.awaitExit(Duration.ofSeconds(60))).isNotZero();
        assertThat(analyzer.output()).contains("quarkus.datasource.username is set but quarkus.datasource.jdbc.url is not");
        assertThat(work.resolve("postgresql")).doesNotExist();
    }

    private ServiceProcess.Builder analyzer() throws IOException {
        int port = Ports.free();
        Path tokens = Files.writeString(work.resolve("tokens"), TOKEN + " embedded-postgres-it\n");
        return ServiceProcess.builder(ServiceProcess.quarkusJar("energy-analyzer")).workDir(work).port(port).jvmArg("-Xmx192m")
                .jvmArg("-Denergy-analyzer.systems.members.cluster=n1")
                .env("QUARKUS_HTTP_PORT", Integer.toString(port))
                .env("QUARKUS_HTTP_HOST", "127.0.0.1")
                .env("ENERGY_ANALYZER_KUBERNETES_ENABLED", "false")
                .env("ENERGY_ANALYZER_AUTH_TOKEN_FILE", tokens.toString())
                .env("ENERGY_ANALYZER_PROMETHEUS_URL", "http://127.0.0.1:" + Ports.free());
    }

    private static java.util.List<String> ownPostgresLines(ServiceProcess analyzer) {
        return analyzer.output().lines().filter(line -> line.contains("the analyzer's own PostgreSQL")).toList();
    }
}
