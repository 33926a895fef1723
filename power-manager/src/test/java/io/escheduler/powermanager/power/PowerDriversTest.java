package io.escheduler.powermanager.power;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.powermanager.PostgresResource;
import io.escheduler.powermanager.engine.PolicyModes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link PowerDrivers} bean in the running power-manager: its {@code @ConfigMapping} read from the application's
 * configuration (three groups and a default), the BMC Secret read through the application's Kubernetes client from
 * the Kubernetes test server, and the executor's three calls.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = PowerDriversTest.Secrets.class)
@QuarkusTestResource(value = PowerDriversTest.Bmc.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(PostgresResource.class)
@TestProfile(PowerDriversTest.Groups.class)
class PowerDriversTest {

    /** Every policy off, no planning cycle: this test is about the power drivers. */
    public static class Groups implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = PolicyModes.only();
            config.put("quarkus.scheduler.enabled", "false");
            return config;
        }
    }

    /** The BMC's Secret in the client's namespace (power-manager's own, as in a cluster). */
    public static class Secrets implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient client = server.getClient();
            RedfishDriverTest.client = client;
            RedfishDriverTest.secret(client.getNamespace(), "bmc-login", "admin", "s3cret");
        }
    }

    /** A Redfish BMC with one powered-off System, an exec script and the spool directory, configured as groups. */
    public static class Bmc implements QuarkusTestResourceLifecycleManager {
        private FakeBmc bmc;
        private Path dir;

        @Override
        public Map<String, String> start() {
            try {
                bmc = FakeBmc.http().with("1", new FakeBmc.SystemState("Off"));
                dir = Files.createTempDirectory("escheduler-power-");
                Path script = dir.resolve("resume");
                Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + dir.resolve("resumed") + "\n");
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
                String p = "power-manager.power.";
                return Map.ofEntries(
                        Map.entry(p + "driver", "file"),
                        Map.entry(p + "file.power-on-path", dir.resolve("spool/powerOn.json").toString()),
                        Map.entry(p + "file.power-off-path", dir.resolve("spool/powerOff.json").toString()),
                        Map.entry(p + "groups.rack-a.node-selector", "rack=a"),
                        Map.entry(p + "groups.rack-a.driver", "redfish"),
                        Map.entry(p + "groups.rack-a.redfish.url-template", bmc.url()),
                        Map.entry(p + "groups.rack-a.redfish.credentials-secret", "bmc-login"),
                        Map.entry(p + "groups.rack-a.redfish.poll-interval", "50ms"),
                        Map.entry(p + "groups.scripted.nodes", "s1,s2"),
                        Map.entry(p + "groups.scripted.driver", "exec"),
                        Map.entry(p + "groups.scripted.exec.power-on-command", script + ",--node={node}"),
                        Map.entry(p + "groups.scripted.exec.power-off-command", script + ",--off"),
                        Map.entry(p + "groups.scripted.exec.timeout", "20s"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            if (bmc != null) {
                bmc.close();
            }
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Inject
    PowerDrivers drivers;

    @ConfigProperty(name = "power-manager.power.groups.rack-a.redfish.url-template")
    String bmcUrl;

    @ConfigProperty(name = "power-manager.power.file.power-on-path")
    Path powerOnFile;

    @Test
    void eachNodeIsPoweredThroughItsGroupsDriver() throws Exception {
        Node rackA = Nodes.node("r1", Map.of("rack", "a"), Map.of());
        assertThat(drivers.describe(rackA)).isEqualTo("redfish " + bmcUrl + "/redfish/v1/Systems (its only member) (group rack-a)");
        drivers.powerOn(rackA);
        assertThat(powerState()).isEqualTo("On");

        drivers.powerOn(Nodes.node("s1"));
        assertThat(Files.readString(powerOnFile.getParent().getParent().resolve("resumed")).strip()).isEqualTo("--node=s1");
        assertThat(drivers.describe(Nodes.node("s2", Map.of("rack", "a"), Map.of()))).as("rack-a comes before scripted by name")
                .endsWith("(group rack-a)");

        drivers.powerOn(Nodes.node("n14"));
        drivers.powerOn(Nodes.node("n15"));
        assertThat(Files.readString(powerOnFile)).isEqualTo("{\"powerOn\":[\"n14\",\"n15\"]}\n");
        assertThat(drivers.describe(Nodes.node("n14"))).startsWith("file ");
    }

    /** The fake BMC's System, asked directly with the Secret's credentials. */
    private String powerState() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(bmcUrl + "/redfish/v1/Systems/1"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8))).build();
        String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        return new ObjectMapper().readTree(body).path("PowerState").asText();
    }

    @Test
    void theRedfishGroupReadsItsSecretThroughTheApplicationsClient() throws Exception {
        Node rackA = Nodes.node("r2", Map.of("rack", "a"), Map.of());
        drivers.powerOn(rackA); // already on or switched on: either way it authenticated
        drivers.powerOff(rackA);
        assertThat(powerState()).isEqualTo("Off");
        RedfishDriverTest.secret(RedfishDriverTest.client.getNamespace(), "bmc-login", "admin", "rotated");
        assertThatThrownBy(() -> drivers.powerOn(rackA)).isInstanceOf(PowerDriverException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("check username and password in Secret bmc-login");
        RedfishDriverTest.secret(RedfishDriverTest.client.getNamespace(), "bmc-login", "admin", "s3cret");
    }
}
