package io.escheduler.analyzer.datasource;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the analyzer's own, from the machine's PostgreSQL binaries (Debian's {@code postgresql}
 * package), for an analyzer given no datasource URL. Its directory holds:
 * <pre>
 *   data/             the cluster (initdb at the first start, reused afterwards)
 *   password          the generated password of its only role, escheduler (mode 0600)
 *   postgresql.log    the server's log
 *   analyzer.lock     held while an analyzer uses the directory
 * </pre>
 * The server listens on 127.0.0.1 only (no Unix socket) and asks for that password (scram-sha-256), so other users of
 * the machine cannot read the analyzer's data. PostgreSQL refuses to run as root: an analyzer running as root runs it
 * as the {@code postgres} user. {@code pg_ctl} starts it in a session of its own, so that a Ctrl-C at the terminal
 * does not stop the database under the analyzer; the analyzer stops it when it has stopped itself. A server left
 * running by an analyzer that was killed is stopped at the next start.
 */
final class EmbeddedPostgres {

    static final String DATABASE = "escheduler";
    static final String USER = "escheduler";
    private static final String SERVER_USER_AS_ROOT = "postgres";
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class);

    private final EmbeddedPostgresSettings settings;
    private final Path directory;
    private final Path data;
    private final Commands commands;
    private Path bin;
    private FileChannel lockChannel;
    private FileLock lock;
    private int port;
    private String password;

    private EmbeddedPostgres(EmbeddedPostgresSettings settings, Commands commands) {
        this.settings = settings;
        this.directory = settings.directory();
        this.data = directory.resolve("data");
        this.commands = commands;
    }

    /**
     * Starts the server in {@code settings.directory()}, creating its cluster at the first start, and logs one line
     * saying so.
     *
     * @throws EmbeddedPostgresException saying what is missing or wrong and what to do
     */
    static EmbeddedPostgres start(EmbeddedPostgresSettings settings, boolean root) {
        Optional<UserPrincipal> serverUser = root ? Optional.of(postgresUser()) : Optional.empty();
        EmbeddedPostgres server = new EmbeddedPostgres(settings, new Commands(serverUser.map(UserPrincipal::getName)));
        try {
            server.lockDirectory(serverUser);
            boolean created = server.prepare(serverUser);
            server.startServer();
            LOG.infof("No datasource URL configured: started the analyzer's own PostgreSQL %s on %s with %s data in %s "
                            + "(set QUARKUS_DATASOURCE_JDBC_URL to use another database)",
                    server.version(), server.address(), created ? "new" : "its", server.directory);
            return server;
        } catch (IOException e) {
            server.unlock();
            throw new EmbeddedPostgresException("the analyzer's own PostgreSQL in " + settings.directory() + " cannot start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            server.unlock();
            throw e;
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + address() + "/" + DATABASE;
    }

    String password() {
        return password;
    }

    Path directory() {
        return directory;
    }

    private String address() {
        return "127.0.0.1:" + port;
    }

    private String version() {
        try {
            return Files.readString(data.resolve("PG_VERSION")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the server (fast: open sessions are ended) and releases the directory. */
    void stop() {
        try {
            commands.run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"), null);
            LOG.infof("Stopped the analyzer's own PostgreSQL (its data stays in %s)", directory);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("Could not stop the analyzer's own PostgreSQL in %s: %s", directory, e.getMessage());
        } finally {
            unlock();
        }
    }

    private void lockDirectory(Optional<UserPrincipal> serverUser) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        if (serverUser.isPresent()) {
            Files.setOwner(directory, serverUser.get());
            if (!commands.succeeds(List.of("test", "-w", directory.toString()))) {
                throw new EmbeddedPostgresException("PostgreSQL does not run as root, so the analyzer runs it as the user "
                        + SERVER_USER_AS_ROOT + ", who cannot reach " + directory + " (a parent directory is closed to other users): set "
                        + EmbeddedPostgresSettings.DIRECTORY + " to a directory it can reach, such as one under /var/lib");
            }
        }
        lockChannel = FileChannel.open(directory.resolve("analyzer.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new EmbeddedPostgresException("another energy-analyzer uses the PostgreSQL in " + directory
                    + " (it holds analyzer.lock there): stop it, or give this one its own " + EmbeddedPostgresSettings.DIRECTORY);
        }
    }

    private void unlock() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            // the process is going away: the lock goes with it
        }
    }

    /** Finds the binaries and creates the cluster if there is none; whether it was created. */
    private boolean prepare(Optional<UserPrincipal> serverUser) throws IOException {
        boolean exists = Files.isRegularFile(data.resolve("PG_VERSION"));
        bin = binaries(exists ? Optional.of(version()) : Optional.empty());
        Path passwordFile = directory.resolve("password");
        if (!exists) {
            initdb(passwordFile, serverUser);
        } else if (Files.isRegularFile(data.resolve("postmaster.pid"))
                && commands.succeeds(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "status"))) {
            // the lock was free, so no analyzer owns this server any more: one was killed before it could stop it
            LOG.warnf("Stopping the PostgreSQL left running in %s by an analyzer that did not stop it", directory);
            commands.run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"), null);
        }
        if (!Files.isReadable(passwordFile)) {
            throw new EmbeddedPostgresException(passwordFile + " is missing: the cluster in " + data
                    + " cannot be reached without it; remove " + directory + " to start afresh (its data is lost)");
        }
        password = Files.readString(passwordFile).strip();
        return !exists;
    }

    /** initdb into a scratch directory, the database made in single-user mode, then renamed into place: all or nothing. */
    private void initdb(Path passwordFile, Optional<UserPrincipal> serverUser) throws IOException {
        Path scratch = directory.resolve("data.new");
        deleteTree(scratch);
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n");
        if (serverUser.isPresent()) {
            Files.setOwner(passwordFile, serverUser.get());
        }
        commands.run(List.of(bin.resolve("initdb").toString(), "-D", scratch.toString(), "-U", USER, "--pwfile=" + passwordFile,
                "--auth=scram-sha-256", "-E", "UTF8", "--locale=C"), null);
        Files.writeString(scratch.resolve("postgresql.conf"), """

                # energy-analyzer's own server: loopback only, no Unix socket
                listen_addresses = '127.0.0.1'
                unix_socket_directories = ''
                """, StandardOpenOption.APPEND);
        commands.run(List.of(bin.resolve("postgres").toString(), "--single", "-D", scratch.toString(), "postgres"),
                "CREATE DATABASE " + DATABASE + " OWNER " + USER + ";\n");
        Files.move(scratch, data, StandardCopyOption.ATOMIC_MOVE);
    }

    private void startServer() throws IOException {
        port = settings.port() != 0 ? settings.port() : freePort();
        try {
            commands.run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", directory.resolve("postgresql.log").toString(),
                    "-w", "-t", "60", "-o", "-p " + port, "start"), null);
        } catch (EmbeddedPostgresException e) {
            throw new EmbeddedPostgresException(e.getMessage() + "\n" + tail(directory.resolve("postgresql.log")), e);
        }
    }

    /**
     * {@code bin-directory} if configured, else Debian's binaries: those of the cluster's version when it exists, else
     * the newest.
     */
    private Path binaries(Optional<String> clusterVersion) throws IOException {
        if (settings.binDirectory().isPresent()) {
            return checked(settings.binDirectory().get(), EmbeddedPostgresSettings.BIN_DIRECTORY + "=" + settings.binDirectory().get());
        }
        List<Path> installed = new ArrayList<>();
        if (Files.isDirectory(DEBIAN_BINARIES)) {
            try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
                versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres"))).forEach(installed::add);
            }
        }
        if (clusterVersion.isPresent()) {
            Path same = DEBIAN_BINARIES.resolve(clusterVersion.get()).resolve("bin");
            if (installed.contains(same)) {
                return checked(same, same.toString());
            }
            throw new EmbeddedPostgresException("the cluster in " + data + " is PostgreSQL " + clusterVersion.get() + ", whose server is not "
                    + "installed in " + same.getParent() + ": install postgresql-" + clusterVersion.get() + ", or set "
                    + EmbeddedPostgresSettings.BIN_DIRECTORY);
        }
        return installed.stream().max(Comparator.comparingInt(EmbeddedPostgres::majorVersion)).map(b -> checked(b, b.toString()))
                .orElseThrow(() -> new EmbeddedPostgresException("no PostgreSQL server is installed (" + DEBIAN_BINARIES
                        + "/<version>/bin): install Debian's postgresql package, or set " + EmbeddedPostgresSettings.BIN_DIRECTORY
                        + " to the directory holding initdb, pg_ctl and postgres"));
    }

    private static Path checked(Path bin, String where) {
        for (String program : List.of("initdb", "pg_ctl", "postgres")) {
            if (!Files.isExecutable(bin.resolve(program))) {
                throw new EmbeddedPostgresException(where + " has no " + program + ": set " + EmbeddedPostgresSettings.BIN_DIRECTORY
                        + " to the directory holding initdb, pg_ctl and postgres");
            }
        }
        return bin;
    }

    private static int majorVersion(Path bin) {
        String name = bin.getParent().getFileName().toString();
        return name.matches("\\d+") ? Integer.parseInt(name) : -1;
    }

    private static UserPrincipal postgresUser() {
        try {
            return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_USER_AS_ROOT);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("PostgreSQL does not run as root, and there is no user " + SERVER_USER_AS_ROOT
                    + " to run it as: install Debian's postgresql package (which creates it), run the analyzer as an ordinary user, "
                    + "or configure QUARKUS_DATASOURCE_JDBC_URL", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
