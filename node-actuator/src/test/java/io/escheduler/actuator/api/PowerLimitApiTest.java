package io.escheduler.actuator.api;

import io.escheduler.actuator.FixtureNode;
import io.escheduler.actuator.kube.NodeAnnotator;
import io.escheduler.testing.ErrorWords;
import io.escheduler.testing.FixtureMachine;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static io.escheduler.actuator.api.CpufreqApiTest.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * {@code PUT/DELETE /v1/power-limit} through powercap on the two-socket Cascade Lake fixture
 * (PL1 85 W over 0.999 s, PL2 102 W; TDP 85 W, maximum 150 W), and the node annotations the
 * agent publishes on the Kubernetes test server.
 */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(value = FixtureNode.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "machine", value = "xeon-2s-clx"), @ResourceArg(name = "annotations", value = "true")})
class PowerLimitApiTest {

    @KubernetesTestServer
    KubernetesServer server;

    @BeforeEach
    void node() {
        KubernetesClient client = server.getClient();
        if (client.nodes().withName(FixtureNode.NODE).get() == null) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(FixtureNode.NODE).endMetadata().build()).create();
        }
    }

    @AfterEach
    void restore() {
        api().post("/v1/restore").then().statusCode(200);
    }

    static String zone(String zone, String attribute) throws IOException {
        FixtureMachine machine = FixtureNode.machine();
        return Files.readString(machine.powercapFile(zone, attribute)).strip();
    }

    private Map<String, String> annotations() {
        Node node = server.getClient().nodes().withName(FixtureNode.NODE).get();
        return node.getMetadata().getAnnotations() == null ? Map.of() : node.getMetadata().getAnnotations();
    }

    @Test
    void stateShowsEachPackageWithItsBounds() {
        api().get("/v1/state").then().statusCode(200)
                .body("powerLimits.interfaceName", equalTo("powercap"))
                .body("powerLimits.packages", hasSize(2))
                .body("powerLimits.packages[1].packageId", equalTo("1"))
                .body("powerLimits.packages[1].longTerm.watts", equalTo(85.0f))
                .body("powerLimits.packages[1].longTerm.enabled", equalTo(true))
                .body("powerLimits.packages[1].shortTerm.watts", equalTo(102.0f))
                .body("powerLimits.packages[1].bounds.maxLongTermWatts", equalTo(85.0f))
                .body("powerLimits.packages[1].bounds.maxShortTermWatts", equalTo(150.0f))
                .body("baseline.packages.1.longTerm.watts", equalTo(85.0f));
    }

    @Test
    void capsEveryPackageAndAnnotatesTheNode() throws IOException {
        api().body("{\"watts\": 60, \"windowSeconds\": 2}").put("/v1/power-limit").then().statusCode(200)
                .body("applied.0.setting.longTerm.watts", equalTo(60.0f))
                .body("throttleReasons", contains("power-limit"));

        assertThat(zone("intel-rapl:0", "constraint_0_power_limit_uw")).isEqualTo("60000000");
        assertThat(zone("intel-rapl:1", "constraint_0_power_limit_uw")).isEqualTo("60000000");
        assertThat(zone("intel-rapl:1", "constraint_0_time_window_us")).isEqualTo("2000000");
        assertThat(zone("intel-rapl:1", "enabled")).isEqualTo("1");
        assertThat(zone("intel-rapl:1", "constraint_1_power_limit_uw")).as("PL2 untouched").isEqualTo("102000000");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(annotations())
                .containsEntry(NodeAnnotator.THROTTLED, "true")
                .containsEntry(NodeAnnotator.THROTTLE_REASON, "power-limit")
                .containsEntry(NodeAnnotator.POWER_LIMIT_WATTS, "120")
                .containsEntry(NodeAnnotator.CPU_MAX_KHZ, "3200000")
                .containsKey(NodeAnnotator.CHANGED_AT));

        api().delete("/v1/power-limit").then().statusCode(200).body("throttled", equalTo(false));
        assertThat(zone("intel-rapl:0", "constraint_0_power_limit_uw")).isEqualTo("85000000");
        assertThat(zone("intel-rapl:1", "constraint_0_time_window_us")).isEqualTo("999424");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(annotations()).containsEntry(NodeAnnotator.THROTTLED, "false").containsEntry(NodeAnnotator.POWER_LIMIT_WATTS, "170");
            // merge patch null: the API server deletes the key (the test server keeps it as null)
            assertThat(annotations().get(NodeAnnotator.THROTTLE_REASON)).isNull();
        });
    }

    @Test
    void onePackageAndTheShortTermLimit() throws IOException {
        api().body("{\"watts\": 70, \"shortTermWatts\": 90, \"packages\": [\"1\"], \"ttlSeconds\": 600}").put("/v1/power-limit")
                .then().statusCode(200);

        assertThat(zone("intel-rapl:0", "constraint_0_power_limit_uw")).isEqualTo("85000000");
        assertThat(zone("intel-rapl:1", "constraint_0_power_limit_uw")).isEqualTo("70000000");
        assertThat(zone("intel-rapl:1", "constraint_1_power_limit_uw")).isEqualTo("90000000");
        api().get("/v1/state").then().body("changes.packages.1.expiresAt", org.hamcrest.Matchers.notNullValue())
                .body("changes.packages.0", org.hamcrest.Matchers.nullValue());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"watts\": 500}                                 | watts 500 W is outside what package 0 accepts (1..85 W) | watts",
            "{\"watts\": 0.5}                                 | watts 0.5 W is outside what package 0 accepts          | watts",
            "{\"watts\": 60, \"shortTermWatts\": 50}          | shortTermWatts 50 W is outside what package 0 accepts (60..150 W) | shortTermWatts",
            "{\"watts\": 60, \"windowSeconds\": 5000}         | windowSeconds 5000 s is outside                         | windowSeconds",
            "{\"watts\": 60, \"packages\": [\"7\"]}           | unknown package 7                                       | packages",
            "{\"watts\": 60, \"ttlSeconds\": 0}               | ttlSeconds must be between 1 and                        | ttlSeconds",
    })
    void outOfRangeIs422AndNothingIsWritten(String body, String error, String field) throws IOException {
        api().body(body).put("/v1/power-limit").then().statusCode(422)
                .body("error", containsString(error)).body("detail.field", equalTo(field));

        assertThat(zone("intel-rapl:0", "constraint_0_power_limit_uw")).isEqualTo("85000000");
        assertThat(zone("intel-rapl:0", "constraint_1_power_limit_uw")).isEqualTo("102000000");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"watts\": \"lots\"}                | field 'watts': expected a number, got \"lots\"",
            "{\"watts\": 50, \"packages\": 0}      | field 'packages': expected a list, got a number",
            "{\"watt\": 50}                       | unknown field 'watt'; expected one of: ",
            "{\"watts\": 50                       | malformed JSON: the body ends at line 1",
            "''                                   | a JSON body is required",
    })
    void badBodiesSayWhichFieldAndWhatItTakes(String body, String error) throws IOException {
        String answer = api().body(body).put("/v1/power-limit").then().statusCode(400).body("error", containsString(error))
                .extract().asString();
        assertThat(ErrorWords.internalsIn(answer)).as(answer).isEmpty();
        assertThat(zone("intel-rapl:0", "constraint_0_power_limit_uw")).isEqualTo("85000000");
    }

    @Test
    void wattsIsRequired() {
        api().body("{\"windowSeconds\": 1}").put("/v1/power-limit").then().statusCode(400)
                .body("error", containsString("watts (the long-term limit per package) is required"));
    }

    @Test
    void restoreBringsBackCpusAndPackages() throws IOException {
        api().body("{\"ceiling\": \"min\"}").put("/v1/cpufreq").then().statusCode(200);
        api().body("{\"watts\": 50}").put("/v1/power-limit").then().statusCode(200)
                .body("throttleReasons", contains("cpufreq", "power-limit"));

        api().post("/v1/restore").then().statusCode(200).body("throttled", equalTo(false))
                .body("changes.cpus.size()", equalTo(0)).body("changes.packages.size()", equalTo(0));

        assertThat(zone("intel-rapl:1", "constraint_0_power_limit_uw")).isEqualTo("85000000");
        assertThat(Files.readString(FixtureNode.machine().sysfs().resolve("devices/system/cpu/cpu9/cpufreq/scaling_max_freq")).strip())
                .isEqualTo("3200000");
    }
}
