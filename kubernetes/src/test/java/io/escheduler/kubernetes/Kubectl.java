package io.escheduler.kubernetes;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubectl kustomize}: the binary named by the environment variable {@code KUBECTL}, else the {@code kubectl}
 * on PATH. CI has Debian 12's kubernetes-client (kubectl 1.20, kustomize v2.0.3 inside); developers often a current
 * kubectl (kustomize v5). The manifests must build the same objects with both: the golden inventories
 * ({@link KustomizeBuildTest}) pin what they build, so a run with either version checks the other's result.
 */
final class Kubectl {

    private static final Map<Path, String> BUILDS = new ConcurrentHashMap<>();
    private static volatile String version;

    private Kubectl() {
    }

    static String binary() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("no kubectl on PATH and KUBECTL is not set: install Debian's kubernetes-client"
                + " (run-tests.sh does) or set KUBECTL=/path/to/kubectl");
    }

    /** The client version, for messages. */
    static String version() {
        if (version == null) {
            String first = run(List.of(binary(), "version", "--client"), Repository.root()).lines().findFirst().orElse("?");
            // kubectl 1.20 prints version.Info{Major:"1", ..., GitVersion:"v1.20.2", ...}
            Matcher git = Pattern.compile("GitVersion:\"([^\"]+)\"").matcher(first);
            version = git.find() ? "kubectl " + git.group(1) : first;
        }
        return version;
    }

    /** The YAML stream {@code kubectl kustomize dir} prints; each directory is built once per JVM. */
    static String kustomize(Path dir) {
        return BUILDS.computeIfAbsent(dir.toAbsolutePath().normalize(),
                d -> run(List.of(binary(), "kustomize", d.toString()), Repository.root()));
    }

    private static String run(List<String> command, Path workingDirectory) {
        try {
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectErrorStream(false).start();
            process.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> copy(process.getErrorStream(), err), "kubectl-stderr");
            errReader.setDaemon(true);
            errReader.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 120 s");
            }
            errReader.join();
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                        + err.toString(StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process ended; what was read is enough for the message
        }
    }
}
