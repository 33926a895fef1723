package io.escheduler.powermanager.power;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redfish driver against {@link FakeBmc}, its credentials from a Secret in the fabric8 mock API server (CRUD
 * mode), read by the real {@link SecretCredentials}.
 */
@EnableKubernetesMockClient(crud = true)
class RedfishDriverTest {

    static KubernetesClient client;

    private FakeBmc bmc;

    @BeforeEach
    void start() throws Exception {
        bmc = FakeBmc.http().with("1", new FakeBmc.SystemState("Off"));
        secret("bmc", "bmc-login", "admin", "s3cret");
    }

    @AfterEach
    void stop() {
        bmc.close();
    }

    static void secret(String namespace, String name, String username, String password) {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withData(Map.of("username", base64(username), "password", base64(password))).build()).createOr(c -> c.update());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private RedfishDriver driver(Optional<String> systemId, Duration softOff, boolean forceOff) {
        return driver(Optional.of(bmc.url()), systemId, softOff, forceOff, Duration.ofSeconds(5));
    }

    private RedfishDriver driver() {
        return driver(Optional.empty(), Duration.ofSeconds(5), true);
    }

    private RedfishDriver driver(Optional<String> template, Optional<String> systemId, Duration softOff, boolean forceOff, Duration powerOn) {
        RedfishDriver.Settings settings = new RedfishDriver.Settings("power-manager.power", template, systemId, "bmc-login",
                Optional.of("bmc"), powerOn, softOff, forceOff, Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofSeconds(5));
        return new RedfishDriver(settings, BmcTls.system(), new SecretCredentials(() -> client));
    }

    private FakeBmc.SystemState system() {
        return bmc.systems.get("1");
    }

    @Test
    void powerOnResetsWithOnAndWaitsForPowerState() throws Exception {
        driver().powerOn(Nodes.node("n1"));
        assertThat(system().powerState).isEqualTo("On");
        assertThat(bmc.resetsOf("1")).containsExactly("On");
        assertThat(bmc.requests).as("the System's own action target, not the default path").contains("POST /redfish/v1/Systems/1/Reset");
    }

    @Test
    void powerOffShutsDownGracefully() throws Exception {
        system().powerState = "On";
        driver().powerOff(Nodes.node("n1"));
        assertThat(system().powerState).isEqualTo("Off");
        assertThat(bmc.resetsOf("1")).containsExactly("GracefulShutdown");
    }

    @Test
    void aNodeAlreadyInTheTargetStateIsLeftAlone() throws Exception {
        system().powerState = "On";
        driver().powerOn(Nodes.node("n1"));
        system().powerState = "Off";
        driver().powerOff(Nodes.node("n1"));
        assertThat(bmc.resets).isEmpty();
    }

    @Test
    void aGracefulShutdownThatNeverEndsIsFollowedByForceOffAfterTheSoftTimeout() throws Exception {
        system().powerState = "On";
        system().ignoresGracefulShutdown = true;
        long start = System.nanoTime();
        driver(Optional.empty(), Duration.ofMillis(400), true).powerOff(Nodes.node("n1"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(bmc.resetsOf("1")).containsExactly("GracefulShutdown", "ForceOff");
        assertThat(system().powerState).isEqualTo("Off");
    }

    @Test
    void withoutForceOffAGracefulShutdownThatNeverEndsFails() {
        system().powerState = "On";
        system().ignoresGracefulShutdown = true;
        assertThatThrownBy(() -> driver(Optional.empty(), Duration.ofMillis(200), false).powerOff(Nodes.node("n1")))
                .isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("cannot power off node n1 (redfish " + bmc.url() + "/redfish/v1/Systems (its only member))")
                .hasMessageContaining("PowerState still On 200ms after GracefulShutdown (power-manager.power.redfish.soft-off-timeout)")
                .hasMessageContaining("redfish.force-off=false");
        assertThat(bmc.resetsOf("1")).containsExactly("GracefulShutdown");
    }

    @Test
    void forceOffIsUsedDirectlyWhenGracefulShutdownIsNotAllowed() throws Exception {
        system().powerState = "On";
        system().allowed = List.of("On", "ForceOff");
        driver().powerOff(Nodes.node("n1"));
        assertThat(bmc.resetsOf("1")).containsExactly("ForceOff");
    }

    @Test
    void aResetTypeTheSystemDoesNotAllowIsNeverSent() {
        system().allowed = List.of("ForceOff", "GracefulShutdown", "ForceRestart");
        assertThatThrownBy(() -> driver().powerOn(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("the System does not allow ResetType On (allowed: [ForceOff, GracefulShutdown, ForceRestart])");
        assertThat(bmc.resets).isEmpty();
    }

    @Test
    void allowedValuesAreReadFromTheActionInfoWhenTheSystemPointsThere() {
        system().allowed = List.of("ForceOff");
        system().actionInfo = true;
        assertThatThrownBy(() -> driver().powerOn(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("does not allow ResetType On (allowed: [ForceOff])");
        assertThat(bmc.requests).contains("GET /redfish/v1/Systems/1/ResetActionInfo");
        assertThat(bmc.resets).isEmpty();
    }

    @Test
    void aWrongPasswordIsReportedWithTheSecretToFix() {
        secret("bmc", "bmc-login", "admin", "wrong");
        assertThatThrownBy(() -> driver().powerOn(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("GET " + bmc.url() + "/redfish/v1/Systems: HTTP 401 (There is no valid session established")
                .hasMessageContaining("the BMC refused user admin; check username and password in Secret bmc/bmc-login")
                .hasMessageNotContaining("wrong");
    }

    @Test
    void aPowerStateNeverReachedFailsAfterTheTimeout() {
        system().stuck = true;
        assertThatThrownBy(() -> driver(Optional.of(bmc.url()), Optional.empty(), Duration.ofSeconds(5), true, Duration.ofMillis(300))
                .powerOn(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("PowerState still Off 300ms after the reset, not On (power-manager.power.redfish.power-on-timeout)");
        assertThat(bmc.resetsOf("1")).containsExactly("On");
    }

    @Test
    void severalSystemsNeedAConfiguredId() throws Exception {
        bmc.with("2", new FakeBmc.SystemState("Off"));
        assertThatThrownBy(() -> driver().powerOn(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("/redfish/v1/Systems lists 2 Systems [1, 2]: set power-manager.power.redfish.system-id");
        assertThat(bmc.resets).isEmpty();

        RedfishDriver second = driver(Optional.of("2"), Duration.ofSeconds(5), true);
        assertThat(second.describe(Nodes.node("n1"))).isEqualTo("redfish " + bmc.url() + "/redfish/v1/Systems/2");
        second.powerOn(Nodes.node("n1"));
        assertThat(bmc.resets).containsExactly("2 On");
    }

    @Test
    void theAnnotationWinsOverTheTemplate() throws Exception {
        RedfishDriver driver = driver(Optional.of("http://127.0.0.1:1/{node}"), Optional.empty(), Duration.ofSeconds(5), true, Duration.ofSeconds(5));
        Node node = Nodes.annotated("n1", BmcAddress.ANNOTATION, bmc.url() + "/");
        assertThat(driver.describe(node)).isEqualTo("redfish " + bmc.url() + "/redfish/v1/Systems (its only member)");
        driver.powerOn(node);
        assertThat(bmc.resetsOf("1")).containsExactly("On");
        assertThat(driver.describe(Nodes.node("n7"))).isEqualTo("redfish http://127.0.0.1:1/n7/redfish/v1/Systems (its only member)");
    }

    @Test
    void aNodeWithoutAddressOrSecretSaysWhatToSet() {
        assertThatThrownBy(() -> driver(Optional.empty(), Optional.empty(), Duration.ofSeconds(1), true, Duration.ofSeconds(1)).powerOn(Nodes.node("n1")))
                .isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("no BMC address for node n1: annotate the Node energy.escheduler.io/bmc-address=<address> or set "
                        + "power-manager.power.redfish.url-template");
        client.secrets().inNamespace("bmc").withName("bmc-login").delete();
        assertThatThrownBy(() -> driver().powerOn(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("Secret bmc/bmc-login does not exist: create it with the keys username and password");
    }

    @Test
    void anUnreachableBmcIsNamed() {
        RedfishDriver driver = driver(Optional.of("http://127.0.0.1:1"), Optional.empty(), Duration.ofSeconds(1), true, Duration.ofSeconds(1));
        assertThatThrownBy(() -> driver.powerOff(Nodes.node("n1"))).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("cannot power off node n1").hasMessageContaining("GET http://127.0.0.1:1/redfish/v1/Systems: the BMC is not reachable");
    }

    @Test
    void baseUrlsAreNormalised() {
        assertThat(RedfishDriver.baseUrl("bmc-n1.example")).isEqualTo("https://bmc-n1.example");
        assertThat(RedfishDriver.baseUrl("http://10.0.0.5:8000/")).isEqualTo("http://10.0.0.5:8000");
        assertThat(RedfishDriver.baseUrl("https://bmc/redfish/v1/")).isEqualTo("https://bmc");
    }
}
