package io.escheduler.testing.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The four control-plane binaries, built from {@code test-fixtures/src/main/go/control-plane/go.mod} by its
 * {@code build.sh} into a cache outside the checkout ({@code ~/.cache/escheduler/control-plane/...}) and reused while the
 * pins are unchanged. The first call of a cold machine builds them (about 730 CPU-seconds: 6 minutes or more on 2 cores; run-tests.sh starts
 * that build in the background before Maven, and this call then waits for it); later calls return at once.
 */
public final class ControlPlaneBinaries {

    static final String BUILD_SCRIPT = "test-fixtures/src/main/go/control-plane/build.sh";

    private static Path directory;

    private ControlPlaneBinaries() {
    }

    /** The directory holding etcd, kube-apiserver, kube-controller-manager and kube-scheduler, built if needed. */
    public static synchronized Path directory() {
        if (directory == null) {
            directory = build();
        }
        return directory;
    }

    static Path binary(String name) {
        return directory().resolve(name);
    }

    private static Path build() {
        Path script = repositoryRoot().resolve(BUILD_SCRIPT);
        try {
            // its messages ("building ... once", the compiler's errors) go to the build's output as they come
            Process process = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(40, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within 40 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("building the Kubernetes control plane failed (" + script + ", exit "
                        + process.exitValue() + "): see the messages above");
            }
            Path built = Path.of(printed.lines().reduce((first, last) -> last).orElse(""));
            if (!Files.isExecutable(built.resolve("kube-apiserver"))) {
                throw new IllegalStateException(script + " printed " + printed + ", which holds no kube-apiserver");
            }
            return built;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The checkout: the first directory, from the working directory up, that holds the build script. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(BUILD_SCRIPT))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + BUILD_SCRIPT + " above " + Path.of("").toAbsolutePath());
    }
}
