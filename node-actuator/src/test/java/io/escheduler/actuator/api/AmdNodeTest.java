package io.escheduler.actuator.api;

import io.escheduler.actuator.FixtureNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.escheduler.actuator.api.CpufreqApiTest.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** AMD Zen: no RAPL power-limit registers, so capping is refused with the reason; cpufreq works. */
@QuarkusTest
@QuarkusTestResource(value = FixtureNode.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "machine", value = "amd-ryzen-5800x"))
class AmdNodeTest {

    @Test
    void cappingIsUnavailableAndSaysWhy() {
        api().get("/v1/state").then().statusCode(200)
                .body("powerLimits.interfaceName", equalTo("none"))
                .body("powerLimits.unavailable", containsString("unavailable on AMD"))
                .body("powerLimits.packages", hasSize(0));
        api().body("{\"watts\": 60}").put("/v1/power-limit").then().statusCode(501)
                .body("error", containsString("unavailable on AMD"));
    }

    @Test
    void cpufreqStillWorks() {
        api().body("{\"ceiling\": \"min\", \"governor\": \"powersave\"}").put("/v1/cpufreq").then().statusCode(200);
        api().post("/v1/restore").then().statusCode(200).body("cpus[0].ceilingKhz", equalTo(4_850_000))
                .body("cpus[0].governor", equalTo("schedutil"));
    }
}
