package io.escheduler.testing.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.escheduler.testing.Http;
import io.escheduler.testing.Ports;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real Kubernetes control plane on loopback, for end-to-end tests: etcd, kube-apiserver and kube-controller-manager
 * from {@link ControlPlaneBinaries} (built from their Go modules at one pinned release), run as plain processes in a
 * work directory. No kubelet: {@link #nodes()} is the harness's node agent, which keeps Nodes Ready and marks the pods
 * bound to them Running; kube-scheduler is started by the test with the configuration it tests
 * ({@link #startScheduler}).
 *
 * <ul>
 *   <li>kube-apiserver: HTTPS on a free loopback port with a self-signed certificate ({@link #caFile()}); a service
 *   account signing key, so it issues real tokens (TokenRequest, with audiences: {@link #token}) and reviews them
 *   (TokenReview); authorization mode RBAC only; the default admission plugins, and the Eviction subresource that
 *   refuses with 429 what a PodDisruptionBudget forbids. Static bearer tokens for the harness ({@value #ADMIN_USER},
 *   in {@code system:masters}) and for the control plane's own users ({@code system:kube-controller-manager},
 *   {@code system:kube-scheduler}), which the bootstrap RBAC roles serve as in a kubeadm cluster. An audit log of
 *   every request made by a service account outside {@code kube-system} ({@link #audit()}): what the services under
 *   test asked for and what RBAC answered.</li>
 *   <li>kube-controller-manager, with each controller under its own service account as kubeadm runs it, and only
 *   {@link Builder#controllers the controllers} tests need: by default service accounts, namespaces, garbage
 *   collection, Deployments and ReplicaSets, the disruption controller (a budget's {@code disruptionsAllowed}, without
 *   which the API server refuses every eviction the budget covers) and the node lifecycle controller (a node whose
 *   heartbeats stop becomes NotReady and is tainted, as a node switched off does).</li>
 * </ul>
 *
 * Ready when {@link #start} returns: on 2 cores, about 10 to 20 s.
 */
public final class KubeControlPlane implements AutoCloseable {

    public static final String ADMIN_USER = "escheduler-test-admin";
    /** The API server's own audience (its {@code --api-audiences}, the issuer): what a token without audiences is for. */
    public static final String API_AUDIENCE = "https://kubernetes.default.svc.cluster.local";
    static final List<String> DEFAULT_CONTROLLERS = List.of("serviceaccount", "namespace", "garbagecollector", "deployment",
            "replicaset", "disruption", "nodelifecycle");

    private final Path workDir;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, String> staticTokens = new ConcurrentHashMap<>();
    private Daemon etcd;
    private Daemon apiserver;
    private Daemon controllerManager;
    private int port;
    private KubeApi admin;
    private NodeAgent nodes;
    private Duration startup;

    private KubeControlPlane(Path workDir) {
        this.workDir = workDir;
    }

    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** The default control plane in {@code workDir}, ready. */
    public static KubeControlPlane start(Path workDir) {
        return builder(workDir).start();
    }

    public static final class Builder {
        private final Path workDir;
        private List<String> controllers = DEFAULT_CONTROLLERS;
        private Duration nodeGracePeriod = Duration.ofSeconds(20);
        private boolean heartbeats = true;
        private boolean podAgent = true;

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        /** kube-controller-manager's {@code --controllers}; none: no controller manager at all. */
        public Builder controllers(List<String> controllers) {
            this.controllers = List.copyOf(controllers);
            return this;
        }

        /** How long a node may go without a heartbeat before the node lifecycle controller marks it NotReady. */
        public Builder nodeGracePeriod(Duration period) {
            this.nodeGracePeriod = period;
            return this;
        }

        /**
         * Whether the node agent renews each node's Lease (as kubelets do every 10 s); off for thousands of nodes in a
         * benchmark, with the node lifecycle controller off too.
         */
        public Builder heartbeats(boolean on) {
            this.heartbeats = on;
            return this;
        }

        /** Whether the node agent marks bound pods Running and finishes deleted ones (as their kubelet would). */
        public Builder podAgent(boolean on) {
            this.podAgent = on;
            return this;
        }

        public KubeControlPlane start() {
            KubeControlPlane plane = new KubeControlPlane(workDir);
            try {
                plane.startAll(this);
                return plane;
            } catch (RuntimeException | Error e) {
                plane.close();
                throw e;
            }
        }
    }

    private void startAll(Builder options) {
        Path bin = ControlPlaneBinaries.directory();
        Instant started = Instant.now();
        try {
            Files.createDirectories(workDir);
            writeServiceAccountKey();
            writeClientCa();
            staticTokens.put(ADMIN_USER, randomToken());
            staticTokens.put("system:kube-controller-manager", randomToken());
            staticTokens.put("system:kube-scheduler", randomToken());
            StringBuilder csv = new StringBuilder();
            csv.append(staticTokens.get(ADMIN_USER)).append(',').append(ADMIN_USER).append(",admin,\"system:masters\"\n");
            csv.append(staticTokens.get("system:kube-controller-manager")).append(",system:kube-controller-manager,kcm\n");
            csv.append(staticTokens.get("system:kube-scheduler")).append(",system:kube-scheduler,scheduler\n");
            Files.writeString(workDir.resolve("tokens.csv"), csv);
            Files.writeString(workDir.resolve("audit-policy.yaml"), AuditEvent.POLICY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        int etcdPort = Ports.free();
        int peerPort = Ports.free();
        etcd = track(Daemon.start("etcd", workDir, List.of(bin.resolve("etcd").toString(),
                "--name=escheduler-test", "--data-dir=" + workDir.resolve("etcd-data"),
                "--listen-client-urls=http://127.0.0.1:" + etcdPort, "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
                "--listen-peer-urls=http://127.0.0.1:" + peerPort, "--initial-advertise-peer-urls=http://127.0.0.1:" + peerPort,
                "--initial-cluster=escheduler-test=http://127.0.0.1:" + peerPort,
                // a test's data need not survive a power cut
                "--unsafe-no-fsync=true", "--log-level=warn")));
        awaitTrue(etcd, Duration.ofSeconds(30), () -> Http.get("http://127.0.0.1:" + etcdPort + "/health").ok());

        port = Ports.free();
        apiserver = track(Daemon.start("kube-apiserver", workDir, List.of(bin.resolve("kube-apiserver").toString(),
                "--etcd-servers=http://127.0.0.1:" + etcdPort,
                "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=" + port,
                "--cert-dir=" + workDir.resolve("apiserver-certs"),
                "--service-account-issuer=" + API_AUDIENCE,
                "--service-account-key-file=" + workDir.resolve("service-account.pub"),
                "--service-account-signing-key-file=" + workDir.resolve("service-account.key"),
                "--authorization-mode=RBAC",
                "--token-auth-file=" + workDir.resolve("tokens.csv"),
                // published in kube-system/extension-apiserver-authentication, which kube-scheduler's delegated
                // authentication reads (nobody signs client certificates with it here)
                "--client-ca-file=" + workDir.resolve("client-ca.crt"),
                "--audit-policy-file=" + workDir.resolve("audit-policy.yaml"), "--audit-log-path=" + workDir.resolve("audit.log"),
                "--audit-log-format=json", "--audit-log-mode=blocking",
                "--service-cluster-ip-range=10.96.0.0/16",
                // the Service "kubernetes" would point at the advertised address, and loopback is not allowed there:
                // nothing in the tests reaches the API server through that Service
                "--endpoint-reconciler-type=none",
                // the node agents are privileged; nothing runs, but the API server must accept their pods
                "--allow-privileged=true",
                "--profiling=false", "--v=1")));
        Path certificate = workDir.resolve("apiserver-certs/apiserver.crt");
        // the key is written after the certificate: once it is there, the certificate file is complete
        awaitTrue(apiserver, Duration.ofSeconds(60), () -> Files.isRegularFile(workDir.resolve("apiserver-certs/apiserver.key")));
        admin = new KubeApi(url(), staticTokens.get(ADMIN_USER), trusting(certificate), new ConcurrentHashMap<>());
        awaitTrue(apiserver, Duration.ofSeconds(90), () -> {
            try {
                return admin.request("GET", "readyz", null, null).ok();
            } catch (UncheckedIOException e) {
                return false;
            }
        });

        if (!options.controllers.isEmpty()) {
            Path kubeconfig = kubeconfig("kube-controller-manager", staticTokens.get("system:kube-controller-manager"), "kube-system");
            controllerManager = track(Daemon.start("kube-controller-manager", workDir, List.of(
                    bin.resolve("kube-controller-manager").toString(),
                    "--kubeconfig=" + kubeconfig,
                    "--controllers=" + String.join(",", options.controllers),
                    "--use-service-account-credentials=true",
                    "--leader-elect=false", "--secure-port=0",
                    "--node-monitor-period=2s", "--node-monitor-grace-period=" + options.nodeGracePeriod.toSeconds() + "s",
                    "--v=1")));
            if (options.controllers.contains("serviceaccount")) {
                // pods can be created in a namespace once its default service account exists
                awaitTrue(controllerManager, Duration.ofSeconds(60), () -> admin.exists("api/v1/namespaces/default/serviceaccounts/default"));
            }
        }
        nodes = track(new NodeAgent(admin, options.heartbeats, options.podAgent));
        startup = Duration.between(started, Instant.now());
    }

    /**
     * Stops kube-controller-manager where it is (SIGSTOP) until {@link #resumeControllers}: every controller falls
     * behind at once, as when the controller manager hangs or loses its connection. A PodDisruptionBudget changed
     * meanwhile keeps the status the disruption controller last wrote, which the Eviction API then finds out of date
     * (its {@code observedGeneration} older than the budget): it refuses every eviction the budget covers with 429.
     */
    public void pauseControllers() {
        signalControllers("STOP");
    }

    /** kube-controller-manager goes on (SIGCONT) after {@link #pauseControllers}. */
    public void resumeControllers() {
        signalControllers("CONT");
    }

    private void signalControllers(String signal) {
        if (controllerManager == null) {
            throw new IllegalStateException("this control plane runs no kube-controller-manager");
        }
        controllerManager.signal(signal);
    }

    /** How long the processes took from their start to ready (the binaries' build not counted). */
    public Duration startup() {
        return startup;
    }

    /** {@code https://127.0.0.1:<port>}. */
    public String url() {
        return "https://127.0.0.1:" + port;
    }

    /** The PEM file that verifies the API server's certificate (a kubeconfig's {@code certificate-authority}). */
    public Path caFile() {
        return workDir.resolve("apiserver-certs/apiserver.crt");
    }

    public Path workDir() {
        return workDir;
    }

    /** The process id of kube-apiserver (a benchmark reads its CPU time from /proc). */
    public long apiserverPid() {
        return apiserver.pid();
    }

    /** The process id of etcd. */
    public long etcdPid() {
        return etcd.pid();
    }

    /** The API as {@value #ADMIN_USER} ({@code system:masters}: RBAC does not apply). */
    public KubeApi admin() {
        return admin;
    }

    /** The API as the holder of {@code token}: RBAC decides. */
    public KubeApi as(String token) {
        return admin.as(token);
    }

    /** The node agent: Nodes, their heartbeats and the pods bound to them. */
    public NodeAgent nodes() {
        return nodes;
    }

    /** The static token of a control-plane user: {@code system:kube-scheduler} or {@code system:kube-controller-manager}. */
    public String staticToken(String user) {
        String token = staticTokens.get(user);
        if (token == null) {
            throw new IllegalArgumentException("no static token for " + user + "; known: " + staticTokens.keySet());
        }
        return token;
    }

    /**
     * A token of service account {@code namespace/name} from the TokenRequest API, valid for an hour: for
     * {@code audiences}, or for the API server itself when none are given (what the kubelet mounts by default). The
     * account must exist (apply the manifests first).
     */
    public String token(String namespace, String name, String... audiences) {
        ObjectNode request = KubeApi.object().put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenRequest");
        ObjectNode spec = request.putObject("spec").put("expirationSeconds", 3600);
        if (audiences.length > 0) {
            var list = spec.putArray("audiences");
            for (String audience : audiences) {
                list.add(audience);
            }
        }
        String path = "api/v1/namespaces/" + namespace + "/serviceaccounts/" + name + "/token";
        JsonNode answer = admin.create(path, request).orThrow("TokenRequest for " + namespace + "/" + name).json();
        return answer.path("status").path("token").asText();
    }

    /**
     * A file holding an hour's token of service account {@code namespace/name} for {@code audiences}: what a projected
     * service-account token volume gives a pod, for a service's {@code ...token-file} setting.
     */
    public Path tokenFile(String namespace, String name, String... audiences) {
        try {
            Path file = workDir.resolve("token-" + namespace + "-" + name + "-" + String.join("+", audiences).replaceAll("[^A-Za-z0-9_.+-]", "_"));
            Files.writeString(file, token(namespace, name, audiences));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A kubeconfig file for this API server with {@code token} (a service account's, for a packaged service:
     * {@code KUBECONFIG=<file>}), its context's namespace {@code namespace}.
     */
    public Path kubeconfig(String name, String token, String namespace) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: escheduler-test
                    cluster:
                      server: %s
                      certificate-authority: %s
                users:
                  - name: %s
                    user:
                      token: %s
                contexts:
                  - name: %s
                    context:
                      cluster: escheduler-test
                      user: %s
                      namespace: %s
                current-context: %s
                """.formatted(url(), caFile(), name, token, name, name, namespace, name);
        try {
            Path file = workDir.resolve("kubeconfig-" + name.replaceAll("[^A-Za-z0-9_.-]", "_"));
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kubeconfig with an hour's token of service account {@code namespace/name}, for a service run as that account. */
    public Path serviceAccountKubeconfig(String namespace, String name) {
        return kubeconfig(namespace + "-" + name, token(namespace, name), namespace);
    }

    /**
     * kube-scheduler with {@code configuration} (a KubeSchedulerConfiguration, its {@code clientConnection.kubeconfig}
     * pointing at a kubeconfig of this control plane), its delegated authentication and authorization through
     * {@code kubeconfig}; ready when it returns.
     */
    public KubeScheduler startScheduler(String name, String configuration, Path kubeconfig) {
        return track(KubeScheduler.start(workDir, name, configuration, kubeconfig));
    }

    /** kube-scheduler with its default profile (scheduler name {@code default-scheduler}) as {@code system:kube-scheduler}. */
    public KubeScheduler startDefaultScheduler() {
        Path kubeconfig = kubeconfig("kube-scheduler", staticToken("system:kube-scheduler"), "kube-system");
        return startScheduler("default-scheduler", """
                apiVersion: kubescheduler.config.k8s.io/v1
                kind: KubeSchedulerConfiguration
                clientConnection:
                  kubeconfig: %s
                leaderElection:
                  leaderElect: false
                """.formatted(kubeconfig), kubeconfig);
    }

    /**
     * Every request of a service account outside {@code kube-system} so far, as the API server's audit log recorded
     * it: who asked for what, and what the authorizer answered ({@link AuditEvent#status()} 403 when RBAC refused).
     */
    public List<AuditEvent> audit() {
        return AuditEvent.read(workDir.resolve("audit.log"));
    }

    /** The end of each process's log, for a failure message. */
    public String logs() {
        StringBuilder all = new StringBuilder();
        for (Daemon daemon : List.of(etcd, apiserver, controllerManager)) {
            if (daemon != null) {
                all.append("---- ").append(daemon.name()).append(" (").append(daemon.log()).append(")\n").append(daemon.tail()).append('\n');
            }
        }
        return all.toString();
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // best effort: the others still stop
            }
        }
    }

    private void writeServiceAccountKey() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.writeString(workDir.resolve("service-account.key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(workDir.resolve("service-account.pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CA certificate for client certificates (keytool: no certificate library needed). */
    private void writeClientCa() throws IOException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path store = workDir.resolve("client-ca.p12");
        run(List.of(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=escheduler-test-client-ca", "-ext", "bc:c",
                "-validity", "30", "-keystore", store.toString(), "-storepass", "escheduler", "-storetype", "PKCS12"));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore", store.toString(), "-storepass", "escheduler",
                "-file", workDir.resolve("client-ca.crt").toString()));
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** TLS that trusts the certificates of a PEM file (the API server's self-signed certificate and its CA). */
    static SSLContext trusting(Path pemFile) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pemFile)))) {
                store.setCertificateEntry("cert-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the API server's certificate " + pemFile, e);
        }
    }

    interface Check {
        boolean done() throws Exception;
    }

    /** Polls {@code check} every 100 ms until it holds, failing with {@code daemon}'s log when it exits or time runs out. */
    static void awaitTrue(Daemon daemon, Duration timeout, Check check) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            daemon.checkAlive();
            try {
                if (check.done()) {
                    return;
                }
            } catch (Exception e) {
                // not yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(daemon.name() + " not ready after " + timeout + ":\n" + daemon.tail());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
