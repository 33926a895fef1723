package io.escheduler.actuator.api;

import io.escheduler.actuator.FixtureNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.escheduler.actuator.api.CpufreqApiTest.api;
import static io.escheduler.actuator.api.PowerLimitApiTest.zone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/**
 * The Cascade Lake fixture through powercap, its package 1 zone switched off ({@code enabled} = 0,
 * PL1 85 W, PL2 102 W): powercap has one switch for both limits of a zone, so a request that names
 * only the long-term limit switches the zone on and leaves the short-term limit at its value, and
 * restoring switches it off again.
 */
@QuarkusTest
@QuarkusTestResource(value = FixtureNode.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "machine", value = "xeon-2s-clx"), @ResourceArg(name = "disabled-zones", value = "intel-rapl:1")})
class DisabledPowercapZoneTest {

    @AfterEach
    void restore() {
        api().post("/v1/restore").then().statusCode(200);
    }

    @Test
    void theBaselineHoldsTheZoneDisabled() {
        api().get("/v1/state").then().statusCode(200)
                .body("powerLimits.packages[1].longTerm.enabled", equalTo(false))
                .body("baseline.packages.1.longTerm.enabled", equalTo(false))
                .body("baseline.packages.0.longTerm.enabled", equalTo(true))
                .body("throttled", equalTo(false));
    }

    @Test
    void aLongTermLimitEnablesTheZoneAndLeavesTheShortTermLimitAtItsBaseline() throws IOException {
        api().body("{\"watts\": 60, \"ttlSeconds\": 300}").put("/v1/power-limit").then().statusCode(200)
                .body("applied.1.setting.longTerm.watts", equalTo(60.0f))
                .body("applied.1.setting.longTerm.enabled", equalTo(true))
                .body("applied.1.setting.shortTerm.watts", equalTo(102.0f))
                .body("throttleReasons", contains("power-limit"));

        assertThat(zone("intel-rapl:1", "enabled")).isEqualTo("1");
        assertThat(zone("intel-rapl:1", "constraint_0_power_limit_uw")).isEqualTo("60000000");
        assertThat(zone("intel-rapl:1", "constraint_0_time_window_us")).as("window untouched").isEqualTo("999424");
        assertThat(zone("intel-rapl:1", "constraint_1_power_limit_uw")).as("PL2 at its baseline").isEqualTo("102000000");
        assertThat(zone("intel-rapl:1", "constraint_1_time_window_us")).isEqualTo("9765");
        assertThat(zone("intel-rapl:0", "constraint_0_power_limit_uw")).isEqualTo("60000000");
    }

    @Test
    void restoringSwitchesTheZoneOffAgain() throws IOException {
        api().body("{\"watts\": 60}").put("/v1/power-limit").then().statusCode(200);
        assertThat(zone("intel-rapl:1", "enabled")).isEqualTo("1");

        api().delete("/v1/power-limit").then().statusCode(200).body("throttled", equalTo(false))
                .body("changes.packages.size()", equalTo(0));

        assertThat(zone("intel-rapl:1", "enabled")).isEqualTo("0");
        assertThat(zone("intel-rapl:1", "constraint_0_power_limit_uw")).isEqualTo("85000000");
        assertThat(zone("intel-rapl:1", "constraint_1_power_limit_uw")).isEqualTo("102000000");
        assertThat(zone("intel-rapl:0", "enabled")).isEqualTo("1");
    }

    @Test
    void bothLimitsNamedEnableTheZoneWithBoth() throws IOException {
        api().body("{\"watts\": 60, \"shortTermWatts\": 90, \"packages\": [\"1\"]}").put("/v1/power-limit").then().statusCode(200);

        assertThat(zone("intel-rapl:1", "enabled")).isEqualTo("1");
        assertThat(zone("intel-rapl:1", "constraint_0_power_limit_uw")).isEqualTo("60000000");
        assertThat(zone("intel-rapl:1", "constraint_1_power_limit_uw")).isEqualTo("90000000");
    }
}
