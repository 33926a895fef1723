package io.escheduler.actuator.api;

import io.escheduler.auth.Caller;
import io.escheduler.actuator.baseline.Change;
import io.escheduler.actuator.baseline.CpuChange;
import io.escheduler.actuator.baseline.PackageSetting;
import io.escheduler.actuator.control.Actuator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;

/** The actuator's REST API (docs/architecture.md, "REST"); every path needs a bearer token. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ActuatorResource {

    private final Actuator actuator;
    private final Caller caller;

    public ActuatorResource(Actuator actuator, Caller caller) {
        this.actuator = actuator;
        this.caller = caller;
    }

    @GET
    @Path("/state")
    @Operation(summary = "Per CPU frequencies and governor, per package power limits and bounds, the baseline, the changes in force")
    public StateView state() {
        return StateView.of(actuator, actuator.view());
    }

    @PUT
    @Path("/cpufreq")
    @Operation(summary = "Set the frequency ceiling (kHz, min or max) and/or governor of some or all CPUs, optionally for ttlSeconds;"
            + " only the parts named change, each with its own expiry")
    public Applied<Integer, CpuChange> cpufreq(CpufreqRequest request) {
        if (request == null) {
            throw new BadRequestException("a JSON body is required");
        }
        return applied(actuator.setCpufreq(request.toOrder(), caller.name()));
    }

    @PUT
    @Path("/power-limit")
    @Operation(summary = "Set the long-term (and optionally short-term) package power limit, optionally for ttlSeconds")
    public Applied<String, Change<PackageSetting>> powerLimit(PowerLimitRequest request) {
        if (request == null) {
            throw new BadRequestException("a JSON body is required");
        }
        return applied(actuator.setPowerLimit(request.toOrder(), caller.name()));
    }

    @DELETE
    @Path("/power-limit")
    @Operation(summary = "Put every package's power limits back to the baseline")
    public StateView removePowerLimit() {
        actuator.restorePowerLimits(caller.name());
        return state();
    }

    @POST
    @Path("/restore")
    @Operation(summary = "Put every CPU and package back to the baseline")
    public StateView restore() {
        actuator.restoreAll(caller.name());
        return state();
    }

    private <K, V> Applied<K, V> applied(Map<K, V> changes) {
        Actuator.View view = actuator.view();
        return new Applied<>(changes, view.throttle().throttled(), view.throttle().reasons());
    }

    /** What a PUT applied (read back from the hardware), and whether the node is throttled now. */
    public record Applied<K, V>(Map<K, V> applied, boolean throttled, java.util.List<String> throttleReasons) {
    }
}
