package io.escheduler.actuator.api;

import io.escheduler.actuator.FixtureNode;
import io.escheduler.testing.ErrorWords;
import io.escheduler.testing.FixtureMachine;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** {@code PUT /v1/cpufreq} and its refusals, on a Kaby Lake laptop fixture (8 CPUs, 400..4200 MHz, baseline ceiling 4.2 GHz). */
@QuarkusTest
@QuarkusTestResource(value = FixtureNode.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "machine", value = "intel-client-kbl"))
class CpufreqApiTest {

    static RequestSpecification api() {
        return given().auth().oauth2(FixtureNode.TOKEN).contentType(ContentType.JSON);
    }

    /** The CPU's ceiling now; fails while the actuator is writing the file (truncated, then written). */
    static long ceiling(int cpu) throws IOException {
        return Long.parseLong(Files.readString(cpufreq(cpu).resolve("scaling_max_freq")).strip());
    }

    static String governor(int cpu) throws IOException {
        return Files.readString(cpufreq(cpu).resolve("scaling_governor")).strip();
    }

    static Path cpufreq(int cpu) {
        FixtureMachine machine = FixtureNode.machine();
        return machine.sysfs().resolve("devices/system/cpu/cpu" + cpu + "/cpufreq");
    }

    @AfterEach
    void restore() {
        api().post("/v1/restore").then().statusCode(200);
    }

    @Test
    void stateShowsEveryCpuTheBaselineAndNoChange() {
        api().get("/v1/state").then().statusCode(200)
                .body("node", equalTo(FixtureNode.NODE))
                .body("throttled", equalTo(false))
                .body("cpus", hasSize(8))
                .body("cpus[3].cpu", equalTo(3))
                .body("cpus[3].currentKhz", equalTo(1_900_000))
                .body("cpus[3].ceilingKhz", equalTo(4_200_000))
                .body("cpus[3].hardwareMinKhz", equalTo(400_000))
                .body("cpus[3].hardwareMaxKhz", equalTo(4_200_000))
                .body("cpus[3].governor", equalTo("powersave"))
                .body("cpus[3].availableGovernors", contains("performance", "powersave"))
                .body("baseline.cpus.3.ceilingKhz", equalTo(4_200_000))
                .body("baseline.capturedAt", notNullValue())
                .body("changes.cpus.size()", equalTo(0));
    }

    @Test
    void lowersTheCeilingOfEveryCpuAndReportsTheChange() throws IOException {
        api().body("{\"ceiling\": 2000000}").put("/v1/cpufreq").then().statusCode(200)
                .body("applied.size()", equalTo(8))
                .body("applied.5.ceilingKhz.setting", equalTo(2_000_000))
                .body("applied.5.ceilingKhz.caller", equalTo("test-client"))
                .body("applied.5.governor", nullValue())
                .body("throttled", equalTo(true))
                .body("throttleReasons", contains("cpufreq"));

        for (int cpu = 0; cpu < 8; cpu++) {
            assertThat(ceiling(cpu)).isEqualTo(2_000_000);
        }
        api().get("/v1/state").then().body("changes.cpus.size()", equalTo(8)).body("throttled", equalTo(true))
                .body("changes.cpus.0.ceilingKhz.expiresAt", equalTo(null));
    }

    @Test
    void minMaxKeywordsCpuSubsetsAndGovernor() throws IOException {
        api().body("{\"ceiling\": \"min\", \"cpus\": \"0-1,6\", \"governor\": \"performance\"}").put("/v1/cpufreq").then().statusCode(200);

        assertThat(ceiling(0)).isEqualTo(400_000);
        assertThat(ceiling(6)).isEqualTo(400_000);
        assertThat(ceiling(2)).isEqualTo(4_200_000);
        assertThat(governor(1)).isEqualTo("performance");
        assertThat(governor(2)).isEqualTo("powersave");

        api().body("{\"ceiling\": \"max\", \"cpus\": [0, 1, 6]}").put("/v1/cpufreq").then().statusCode(200);
        assertThat(ceiling(0)).isEqualTo(4_200_000);
        assertThat(governor(0)).as("governor untouched when not asked").isEqualTo("performance");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"ceiling\": 100}                          | ceiling 100 kHz is outside the hardware range of CPU 0 (400000..4200000 kHz) | ceiling",
            "{\"ceiling\": 5000000, \"cpus\": [7]}       | ceiling 5000000 kHz is outside the hardware range of CPU 7                 | ceiling",
            "{\"governor\": \"turbo\"}                   | governor 'turbo' is not available on CPU 0                                  | governor",
            "{\"ceiling\": \"min\", \"cpus\": [0, 99]}   | unknown CPU 99                                                              | cpus",
            "{\"ceiling\": 2000000, \"ttlSeconds\": -5}  | ttlSeconds must be between 1 and 604800                                     | ttlSeconds",
    })
    void outOfRangeIs422WithTheAllowedRangeAndNothingWritten(String body, String error, String field) throws IOException {
        api().body(body).put("/v1/cpufreq").then().statusCode(422)
                .body("error", containsString(error))
                .body("detail.field", equalTo(field))
                .body("detail.allowed", notNullValue());

        for (int cpu = 0; cpu < 8; cpu++) {
            assertThat(ceiling(cpu)).isEqualTo(4_200_000);
            assertThat(governor(cpu)).isEqualTo("powersave");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"ceiling\": 2000000                  | malformed JSON: the body ends at line 1",
            "ceiling=min                             | malformed JSON at line 1, column 1: unrecognized token 'ceiling'",
            "{\"ceiling\": \"fast\"}                 | ceiling must be a whole number of kHz",
            "{\"ceilingKhz\": 2000000}               | unknown field 'ceilingKhz'; expected one of: ceiling, cpus, governor, ttlSeconds",
            "{\"ceiling\": \"min\", \"ttlSeconds\": \"soon\"} | field 'ttlSeconds': expected a whole number, got \"soon\"",
            "{\"governor\": [\"powersave\"]}         | field 'governor': expected a string, got a list",
            "{}                                      | nothing to change",
            "''                                      | a JSON body is required",
            "{\"ceiling\": 2000000, \"cpus\": []}    | cpus is empty",
            "{\"ceiling\": 2000000, \"cpus\": \"x\"} | cpus: not a CPU list",
            "[1, 2]                                  | the body: expected an object, got a list",
    })
    void malformedRequestsAre400WithTheReason(String body, String error) throws IOException {
        String answer = api().body(body).put("/v1/cpufreq").then().statusCode(400).body("error", containsString(error)).extract().asString();
        assertThat(ErrorWords.internalsIn(answer)).as(answer).isEmpty();
        assertThat(ceiling(0)).isEqualTo(4_200_000);
    }

    @Test
    void aChangeWithATtlRevertsByItself() throws IOException {
        api().body("{\"ceiling\": 1000000, \"cpus\": [2], \"ttlSeconds\": 1}").put("/v1/cpufreq").then().statusCode(200)
                .body("applied.2.ceilingKhz.expiresAt", notNullValue());
        assertThat(ceiling(2)).isEqualTo(1_000_000);

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> ceiling(2) == 4_200_000);
        api().get("/v1/state").then().body("changes.cpus.size()", equalTo(0)).body("throttled", equalTo(false));
        given().get("/metrics").then().body(containsString("node_actuator_changes_total{kind=\"cpufreq\",outcome=\"reverted\"}"));
    }

    @Test
    void renewingAChangeMovesItsExpiry() throws IOException, InterruptedException {
        api().body("{\"ceiling\": 1000000, \"cpus\": [3], \"ttlSeconds\": 2}").put("/v1/cpufreq").then().statusCode(200);
        Thread.sleep(1000);
        api().body("{\"ceiling\": 1000000, \"cpus\": [3], \"ttlSeconds\": 30}").put("/v1/cpufreq").then().statusCode(200);
        Thread.sleep(2000); // past the first expiry

        assertThat(ceiling(3)).isEqualTo(1_000_000);
    }

    @Test
    void aGovernorOnlyRequestLeavesATemporaryCeilingTemporary() throws IOException {
        api().body("{\"ceiling\": \"min\", \"ttlSeconds\": 2}").put("/v1/cpufreq").then().statusCode(200);
        api().body("{\"governor\": \"performance\", \"cpus\": [6]}").put("/v1/cpufreq").then().statusCode(200)
                .body("applied.6.governor.setting", equalTo("performance"))
                .body("applied.6.ceilingKhz", nullValue());
        assertThat(ceiling(6)).isEqualTo(400_000);

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> ceiling(0) == 4_200_000 && ceiling(6) == 4_200_000);
        assertThat(governor(6)).as("the governor change has no TTL").isEqualTo("performance");
        api().get("/v1/state").then().body("changes.cpus.size()", equalTo(1))
                .body("changes.cpus.6.ceilingKhz", nullValue())
                .body("changes.cpus.6.governor.setting", equalTo("performance"))
                .body("changes.cpus.6.governor.expiresAt", nullValue())
                .body("throttled", equalTo(false));
    }

    @Test
    void aTemporaryCeilingRevertsOnlyTheCeiling() throws IOException {
        api().body("{\"governor\": \"performance\", \"cpus\": [6]}").put("/v1/cpufreq").then().statusCode(200);
        api().body("{\"ceiling\": 1000000, \"ttlSeconds\": 2}").put("/v1/cpufreq").then().statusCode(200);
        api().get("/v1/state").then()
                .body("changes.cpus.6.ceilingKhz.expiresAt", notNullValue())
                .body("changes.cpus.6.governor.expiresAt", nullValue());

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> ceiling(6) == 4_200_000);
        assertThat(governor(6)).as("reverting the ceiling leaves the governor as asked").isEqualTo("performance");
        assertThat(governor(5)).isEqualTo("powersave");
    }

    @Test
    void aCpufreqFileReplacedUnderTheActuatorIsReadAfresh() throws IOException {
        api().get("/v1/state").then().statusCode(200).body("cpus[3].ceilingKhz", equalTo(4_200_000));

        // a driver reload recreates the attribute with what the new driver starts from
        replace(cpufreq(3).resolve("scaling_max_freq"), "3000000");
        replace(cpufreq(3).resolve("scaling_governor"), "performance");

        api().get("/v1/state").then().statusCode(200)
                .body("cpus[3].ceilingKhz", equalTo(3_000_000))
                .body("cpus[3].governor", equalTo("performance"));
        api().body("{\"ceiling\": 2000000, \"cpus\": [3]}").put("/v1/cpufreq").then().statusCode(200)
                .body("applied.3.ceilingKhz.setting", equalTo(2_000_000));
        assertThat(ceiling(3)).isEqualTo(2_000_000);

        api().post("/v1/restore").then().statusCode(200).body("cpus[3].ceilingKhz", equalTo(4_200_000))
                .body("cpus[3].governor", equalTo("powersave"));
        assertThat(ceiling(3)).isEqualTo(4_200_000);
        assertThat(governor(3)).isEqualTo("powersave");
    }

    /** Replaces {@code file} by a new file (a new inode), as sysfs does when a driver is reloaded. */
    static void replace(Path file, String content) throws IOException {
        Path fresh = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(fresh, content + "\n");
        Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aValueRefusedBeforeAnythingIsWrittenIs422NotA500() throws IOException {
        Path governors = cpufreq(7).resolve("scaling_available_governors");
        String list = Files.readString(governors);
        Files.delete(governors); // some drivers publish no list: then only the name's form can be checked here
        try {
            api().body("{\"governor\": \"power save\", \"cpus\": [7]}").put("/v1/cpufreq").then().statusCode(422)
                    .body("error", containsString("not a governor name"));
            assertThat(governor(6)).isEqualTo("powersave");
            assertThat(governor(7)).isEqualTo("powersave");
        } finally {
            Files.writeString(governors, list);
        }
    }

    @Test
    void aFailedWriteRollsBackWhatTheRequestAlreadyChanged() throws IOException {
        Path broken = cpufreq(5).resolve("scaling_max_freq");
        immutable(broken, true); // even root cannot write it now
        try {
            api().body("{\"ceiling\": 2000000}").put("/v1/cpufreq").then().statusCode(500)
                    .body("error", containsString("CPU 5"))
                    .body("detail.rolledBack", equalTo(true))
                    .body("detail.rollbackErrors", empty());

            for (int cpu : new int[] {0, 1, 2, 3, 4}) {
                assertThat(ceiling(cpu)).as("CPU %d put back", cpu).isEqualTo(4_200_000);
            }
        } finally {
            immutable(broken, false);
        }
    }

    static void immutable(Path file, boolean on) throws IOException {
        try {
            Process chattr = new ProcessBuilder("chattr", on ? "+i" : "-i", file.toString()).inheritIO().start();
            assertThat(chattr.waitFor()).as("chattr (e2fsprogs) on the fixture's file system").isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
