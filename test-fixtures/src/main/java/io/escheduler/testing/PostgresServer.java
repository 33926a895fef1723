package io.escheduler.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the OS packages (Debian's {@code postgresql}: {@code initdb} and
 * {@code pg_ctl} under {@code /usr/lib/postgresql/<version>/bin}, or {@code $PG_BIN}), run by the
 * test harness on loopback in a fresh data directory. As root it runs as the {@code postgres}
 * user, because PostgreSQL refuses to run as root.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "escheduler";
    public static final String USER = "escheduler";
    public static final String PASSWORD = "escheduler";

    private final Path bin;
    private final Path workDir;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path workDir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.workDir = workDir;
        this.dataDir = workDir.resolve("pgdata");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** initdb + start + a database and user for the services; ready when it returns. */
    public static PostgresServer start(Path workDir) {
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Files.createDirectories(workDir);
            PostgresServer server = new PostgresServer(binDirectory(), workDir, Ports.free(), root);
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", workDir.toString()));
            }
            server.pg(List.of("initdb", "-D", server.dataDir.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"));
            server.startProcess();
            server.pg(List.of("psql", "-h", "127.0.0.1", "-p", Integer.toString(server.port), "-U", "postgres", "-v", "ON_ERROR_STOP=1",
                    "-c", "CREATE USER " + USER + " PASSWORD '" + PASSWORD + "'",
                    "-c", "CREATE DATABASE " + DATABASE + " OWNER " + USER));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code $PG_BIN}, else the newest {@code /usr/lib/postgresql/<version>/bin}. */
    static Path binDirectory() throws IOException {
        String configured = System.getenv("PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries: install Debian's postgresql package (the README's test command does) "
                + "or set PG_BIN to the directory holding initdb and pg_ctl");
    }

    /** Starts the server (again) on its data directory and port; ready when it returns. */
    public void startProcess() {
        try {
            pg(List.of("pg_ctl", "-D", dataDir.toString(), "-l", workDir.resolve("postgres.log").toString(), "-w", "-t", "60",
                    "-o", "-p " + port + " -k " + workDir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server as an outage would ("fast": open connections are cut); its data stays for {@link #startProcess()}. */
    public void stopProcess() {
        try {
            pg(List.of("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "stop"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    private void pg(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.add(bin.resolve(command.get(0)).toString());
        full.addAll(command.subList(1, command.size()));
        run(full);
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        try {
            pg(List.of("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "stop"));
        } catch (IOException e) {
            // already stopped
        }
    }
}
