package io.escheduler.testing.kube;

import io.escheduler.testing.Ports;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * kube-scheduler of a {@link KubeControlPlane}, run with a KubeSchedulerConfiguration file as a cluster runs it
 * ({@code --config}); its secure port on a free loopback port with delegated authentication and authorization through
 * the given kubeconfig, so it reads {@code kube-system/extension-apiserver-authentication} with its own identity, as
 * in a cluster. Ready (its {@code /readyz} answers 200) when {@link #start} returns.
 */
public final class KubeScheduler implements AutoCloseable {

    private final Daemon daemon;
    private final int port;
    // HTTP/1.1: Go's HTTP/2 server answers the JDK client's HTTP/2 with GOAWAY
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trustingAnything())
            .connectTimeout(Duration.ofSeconds(2)).build();

    private KubeScheduler(Daemon daemon, int port) {
        this.daemon = daemon;
        this.port = port;
    }

    static KubeScheduler start(Path workDir, String name, String configuration, Path kubeconfig) {
        int port = Ports.free();
        Path dir = workDir.resolve(name);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.yaml"), configuration);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Daemon daemon = Daemon.start(name, workDir, List.of(ControlPlaneBinaries.binary("kube-scheduler").toString(),
                "--config=" + dir.resolve("config.yaml"),
                "--authentication-kubeconfig=" + kubeconfig, "--authorization-kubeconfig=" + kubeconfig,
                "--bind-address=127.0.0.1", "--secure-port=" + port, "--cert-dir=" + dir.resolve("certs"),
                "--v=2"));
        KubeScheduler scheduler = new KubeScheduler(daemon, port);
        try {
            KubeControlPlane.awaitTrue(daemon, Duration.ofSeconds(60), () -> scheduler.client.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            return scheduler;
        } catch (RuntimeException e) {
            scheduler.close();
            throw e;
        }
    }

    /** Its secure port (metrics at {@code /metrics} need a token allowed to read them). */
    public int port() {
        return port;
    }

    /**
     * The value of a counter or gauge on its {@code /metrics} (summed over its series whose labels contain
     * {@code labels}, e.g. {@code result="scheduled"}), read with {@code token} (one allowed to read the scheduler's
     * metrics: the harness's admin).
     */
    public double metric(String name, String labels, String token) {
        String body = new String(get("/metrics", token, Duration.ofSeconds(10)), java.nio.charset.StandardCharsets.UTF_8);
        double total = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labels) || line.startsWith(name + " ")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /**
     * The body of {@code GET path} on its secure port, read with {@code token} (e.g. {@code /debug/pprof/profile?seconds=10},
     * a CPU profile for {@code go tool pprof}); anything but 200 is an exception.
     */
    public byte[] get(String path, String token, Duration timeout) {
        try {
            // one client per scheduler: a new one per request would cost a TLS handshake each time
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + token).timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("kube-scheduler's " + path + " answered " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public long pid() {
        return daemon.pid();
    }

    public boolean alive() {
        return daemon.alive();
    }

    /** The end of its log. */
    public String log() {
        return daemon.tail();
    }

    /** Its whole log file. */
    public Path logFile() {
        return daemon.log();
    }

    @Override
    public void close() {
        daemon.close();
    }

    /** Its self-signed serving certificate is made at start; on loopback, its readiness is all that is asked. */
    private static SSLContext trustingAnything() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
