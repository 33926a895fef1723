package io.escheduler.actuator.api;

import io.escheduler.actuator.FixtureNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.escheduler.actuator.api.CpufreqApiTest.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The Cascade Lake fixture through MSR: its BIOS locked the package limits (bit 63). */
@QuarkusTest
@QuarkusTestResource(value = FixtureNode.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "machine", value = "xeon-2s-clx"), @ResourceArg(name = "power-limit-interface", value = "msr")})
class LockedAndMissingLimitsTest {

    @Test
    void aLockedLimitIs409AndNothingIsWritten() {
        long before = FixtureNode.machine().msr(8).read(0x610);

        api().get("/v1/state").then().body("powerLimits.packages[1].locked", equalTo(true));
        api().body("{\"watts\": 60}").put("/v1/power-limit").then().statusCode(409)
                .body("error", containsString("locked"));

        assertThat(FixtureNode.machine().msr(8).read(0x610)).isEqualTo(before);
        assertThat(FixtureNode.machine().msr(0).read(0x610)).isEqualTo(before);
    }
}
