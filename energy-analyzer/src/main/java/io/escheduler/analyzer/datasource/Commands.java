package io.escheduler.analyzer.datasource;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs PostgreSQL's programs, as {@code user} (through runuser) when the analyzer is root. */
final class Commands {

    private static final long TIMEOUT_SECONDS = 120;

    private final Optional<String> user;

    Commands(Optional<String> user) {
        this.user = user;
    }

    /**
     * Runs {@code command} with {@code input} (or nothing) on its standard input.
     *
     * @throws EmbeddedPostgresException with its output when it fails or takes longer than two minutes
     */
    void run(List<String> command, String input) throws IOException {
        Result result = execute(command, input);
        if (result.exitCode() != 0) {
            throw new EmbeddedPostgresException(String.join(" ", command) + " "
                    + (result.exitCode() < 0 ? "did not finish within " + TIMEOUT_SECONDS + " s" : "failed with exit code " + result.exitCode())
                    + ": " + result.output().strip());
        }
    }

    /** Whether {@code command} exits 0. */
    boolean succeeds(List<String> command) throws IOException {
        return execute(command, null).exitCode() == 0;
    }

    private Result execute(List<String> command, String input) throws IOException {
        List<String> full = new ArrayList<>();
        user.ifPresent(name -> full.addAll(List.of("runuser", "-u", name, "--")));
        full.addAll(command);
        Path log = Files.createTempFile("embedded-postgres-", ".out");
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("LD_PRELOAD");
        if (input == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process = builder.start();
        if (input != null) {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            return new Result(finished ? process.exitValue() : -1, Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private record Result(int exitCode, String output) {
    }
}
