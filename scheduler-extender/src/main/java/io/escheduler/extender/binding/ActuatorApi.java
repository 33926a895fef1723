package io.escheduler.extender.binding;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The node-actuator endpoint the extender calls. Only {@link ActuatorClient} uses it: it owns the address, token and timeout. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
interface ActuatorApi {

    /** Puts every CPU and package back to the node's baseline; the state read back afterwards. */
    @POST
    @Path("/restore")
    ActuatorState restore(@HeaderParam("Authorization") String authorization);
}
