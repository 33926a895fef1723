package io.escheduler.powermanager.power;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redfish driver over HTTPS to a BMC with a self-signed certificate for 127.0.0.1 (made by the JDK's keytool):
 * refused by default with a message saying what to set, accepted with that certificate as the CA bundle (host names
 * still checked), accepted by anything with insecure.
 */
@EnableKubernetesMockClient(crud = true)
class RedfishTlsTest {

    static KubernetesClient client;

    @TempDir
    static Path dir;

    private static FakeBmc bmc;
    private static Path caBundle;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("bmc.p12");
        caBundle = dir.resolve("bmc-ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "bmc", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=bmc-self-signed",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "bmc", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", caBundle.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        bmc = FakeBmc.https(tls).with("1", new FakeBmc.SystemState("Off"));
        RedfishDriverTest.client = client;
        RedfishDriverTest.secret("bmc", "bmc-login", "admin", "s3cret");
    }

    @AfterAll
    static void stop() {
        bmc.close();
    }

    private static void run(String... argv) throws Exception {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", argv) + ": " + output).isZero();
    }

    private RedfishDriver driver(String host, SSLContext tls) {
        RedfishDriver.Settings settings = new RedfishDriver.Settings("power-manager.power", Optional.of("https://" + host + ":" + bmc.port()),
                Optional.of("1"), "bmc-login", Optional.of("bmc"), Duration.ofSeconds(5), Duration.ofSeconds(5), true, Duration.ofSeconds(5),
                Duration.ofMillis(20), Duration.ofSeconds(5));
        return new RedfishDriver(settings, tls, new SecretCredentials(() -> client));
    }

    @Test
    void aSelfSignedBmcIsRefusedByDefault() {
        assertThatThrownBy(() -> driver("127.0.0.1", BmcTls.system()).powerOn(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("TLS failed (unable to find valid certification path to requested target)")
                .hasMessageContaining("trust the BMC's CA with ca-bundle, or set insecure=true");
    }

    @Test
    void theCaBundleIsTrustedAndHostNamesAreStillChecked() throws Exception {
        bmc.systems.get("1").powerState = "Off";
        driver("127.0.0.1", BmcTls.trusting(caBundle)).powerOn(Nodes.node("n1"));
        assertThat(bmc.systems.get("1").powerState).isEqualTo("On");
        assertThatThrownBy(() -> driver("localhost", BmcTls.trusting(caBundle)).powerOff(Nodes.node("n1")))
                .as("the certificate names 127.0.0.1, not localhost").isInstanceOf(PowerDriverException.class).hasMessageContaining("TLS failed");
    }

    @Test
    void insecureTrustsAnyCertificateForAnyName() throws Exception {
        bmc.systems.get("1").powerState = "On";
        driver("localhost", BmcTls.insecure()).powerOff(Nodes.node("n1"));
        assertThat(bmc.systems.get("1").powerState).isEqualTo("Off");
    }

    @Test
    void aBundleWithoutCertificatesIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        assertThatThrownBy(() -> BmcTls.trusting(empty)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty.pem");
    }
}
