package io.escheduler.actuator.api;

import io.escheduler.actuator.FixtureNode;
import io.escheduler.hardware.rapl.PowerLimit;
import io.escheduler.hardware.rapl.PowerLimitRegister;
import io.escheduler.hardware.rapl.RaplUnits;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.escheduler.actuator.api.CpufreqApiTest.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Power limits written straight to MSR 0x610 on the Kaby Lake laptop fixture (through the preload
 * library): power units and the time-window exponent/mantissa encoded as the hardware reads them.
 */
@QuarkusTest
@QuarkusTestResource(value = FixtureNode.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "machine", value = "intel-client-kbl"), @ResourceArg(name = "power-limit-interface", value = "msr")})
class MsrPowerLimitApiTest {

    private static final RaplUnits UNITS = RaplUnits.decode(0x000A0E03L);
    private static final long BASELINE = 0x0042816000DD8078L;

    private static PowerLimitRegister register(int cpu) {
        return PowerLimitRegister.decode(FixtureNode.machine().msr(cpu).read(0x610), UNITS, true);
    }

    @Test
    void writesTheEncodedRegisterAndRestoresItBitForBit() {
        api().get("/v1/state").then().statusCode(200)
                .body("powerLimits.interfaceName", equalTo("msr"))
                .body("powerLimits.packages[0].locked", equalTo(false))
                .body("powerLimits.packages[0].longTerm.windowSeconds", equalTo(28.0f));

        api().body("{\"watts\": 9.5, \"windowSeconds\": 0.3}").put("/v1/power-limit").then().statusCode(200)
                .body("applied.0.setting.longTerm.watts", equalTo(9.5f))
                .body("applied.0.setting.longTerm.windowSeconds", equalTo(0.3125f)); // nearest 2^Y(1+F/4) time units

        assertThat(register(0).longTerm()).isEqualTo(new PowerLimit(9.5, true, true, 0.3125));
        assertThat(register(0).shortTerm()).contains(new PowerLimit(44, true, false, 0.00244140625));

        api().post("/v1/restore").then().statusCode(200);
        assertThat(FixtureNode.machine().msr(0).read(0x610)).isEqualTo(BASELINE);
    }

    @Test
    void boundsComeFromPowerInfo() {
        // 0x614: TDP 15 W, no minimum (one power unit), maximum 44 W
        api().body("{\"watts\": 16}").put("/v1/power-limit").then().statusCode(422)
                .body("detail.allowed.min", equalTo(0.125f))
                .body("detail.allowed.max", equalTo(15.0f));
        assertThat(FixtureNode.machine().msr(0).read(0x610)).isEqualTo(BASELINE);
    }
}
