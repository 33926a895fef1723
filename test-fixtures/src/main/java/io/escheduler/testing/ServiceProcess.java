package io.escheduler.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service ({@code java -jar <module>/target/quarkus-app/quarkus-run.jar}) run as its own
 * process, exactly as a user runs it: configuration through environment variables or system
 * properties, output captured to a log file, stopped with SIGTERM.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final String host;
    private final int port;

    private ServiceProcess(Process process, Path log, String host, int port) {
        this.process = process;
        this.log = log;
        this.host = host;
        this.port = port;
    }

    /** The packaged jar of module {@code module}, from the test's working directory (the module) or the repository root. */
    public static Path quarkusJar(String module) {
        for (Path candidate : List.of(Path.of("target/quarkus-app/quarkus-run.jar"),
                Path.of("..", module, "target/quarkus-app/quarkus-run.jar"),
                Path.of(module, "target/quarkus-app/quarkus-run.jar"))) {
            if (Files.isRegularFile(candidate) && candidate.toAbsolutePath().normalize().toString().contains("/" + module + "/")) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("no packaged " + module + " (target/quarkus-app/quarkus-run.jar): run ./mvnw package first");
    }

    public static Builder builder(Path jar) {
        return new Builder(jar);
    }

    public static final class Builder {
        private final Path jar;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private Path workDir = Path.of(".");
        private String host = "127.0.0.1";
        private int port = -1;
        private boolean quarkusHttp;

        private Builder(Path jar) {
            this.jar = jar;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Runs the JVM with the MSR fixture preload library, so {@code root}'s /msr files act as MSR devices. */
        public Builder msrFixtures(Path root) {
            env.put("LD_PRELOAD", PreloadLibrary.path().toString());
            try {
                env.put("MSR_FIXTURE_ROOT", root.toRealPath().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /**
         * Runs the service against a Kubernetes API server as the kubeconfig's user (fabric8 reads
         * {@code KUBECONFIG}): e.g. {@code KubeControlPlane.serviceAccountKubeconfig(namespace, account)}, so the service
         * calls the API server with its own service account's token and RBAC decides.
         */
        public Builder kubeconfig(Path kubeconfig) {
            env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        public Builder arg(String arg) {
            args.add(arg);
            return this;
        }

        public Builder workDir(Path dir) {
            workDir = dir;
            return this;
        }

        /** The HTTP port the service is told to use (health is polled there); -1 when it is set another way. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * The loopback address the service is told to listen on ({@code 127.0.0.1} unless set; another {@code 127.x}
         * address lets several services of the same port run side by side, as on separate nodes).
         */
        public Builder host(String address) {
            this.host = address;
            return this;
        }

        /**
         * A Quarkus service's HTTP port, {@code QUARKUS_HTTP_PORT}, on its loopback address ({@link #host},
         * {@code QUARKUS_HTTP_HOST}); health is polled there.
         */
        public Builder quarkusHttp(int port) {
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            quarkusHttp = true;
            return port(port);
        }

        /** A Quarkus service's datasource: {@code server}'s database, user and password. */
        public Builder datasource(PostgresServer server) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", server.jdbcUrl());
            env.put("QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER);
            env.put("QUARKUS_DATASOURCE_PASSWORD", PostgresServer.PASSWORD);
            return this;
        }

        /** Starts the process without waiting for it. */
        public ServiceProcess launch() {
            if (quarkusHttp) {
                env.putIfAbsent("QUARKUS_HTTP_HOST", host);
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.add("-jar");
            command.add(jar.toString());
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
            builder.environment().remove("LD_PRELOAD"); // only what this builder asks for
            builder.environment().remove("MSR_FIXTURE_ROOT");
            builder.environment().putAll(env);
            try {
                Path log = Files.createTempFile(workDir.toAbsolutePath(), "service-", ".log");
                builder.redirectOutput(log.toFile());
                return new ServiceProcess(builder.start(), log, host, port);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Starts the process and waits until {@code /q/health/ready} answers 200. */
        public ServiceProcess start() {
            ServiceProcess service = launch();
            service.awaitReady(Duration.ofSeconds(60));
            return service;
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://" + host + ":" + port;
    }

    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited with " + process.exitValue() + " before it was ready:\n" + output());
            }
            if (Http.get(baseUrl() + "/q/health/ready").ok()) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("service not ready after " + timeout + ":\n" + output());
    }

    /** Waits for the process to exit by itself; its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("service still running after " + timeout + ":\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL, as a crash or a power cut ends it (no shutdown hook runs), then waits for the exit. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then waits for the exit; the exit code. */
    public int stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
