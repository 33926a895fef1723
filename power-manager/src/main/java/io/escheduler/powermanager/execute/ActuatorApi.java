package io.escheduler.powermanager.execute;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The node-actuator endpoints the policies use (docs/node-actuator.md). Bodies and answers are Jackson trees:
 * power-manager reads a few fields of the actuator's state and needs none of its types (nothing to register for native).
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface ActuatorApi {

    @GET
    @Path("/state")
    JsonNode state(@HeaderParam("Authorization") String authorization);

    @PUT
    @Path("/cpufreq")
    JsonNode cpufreq(@HeaderParam("Authorization") String authorization, JsonNode request);

    @PUT
    @Path("/power-limit")
    JsonNode powerLimit(@HeaderParam("Authorization") String authorization, JsonNode request);

    @DELETE
    @Path("/power-limit")
    JsonNode liftPowerLimit(@HeaderParam("Authorization") String authorization);
}
