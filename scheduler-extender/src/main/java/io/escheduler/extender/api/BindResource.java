package io.escheduler.extender.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.extender.binding.Binder;
import io.escheduler.extender.protocol.ExtenderBindingArgs;
import io.escheduler.extender.protocol.ExtenderBindingResult;
import io.escheduler.extender.protocol.MalformedRequestException;
import io.escheduler.extender.protocol.ProtocolWriter;
import io.escheduler.json.JsonBodyErrors;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import java.io.IOException;

/**
 * kube-scheduler's bind verb ({@code k8s.io/kube-scheduler/extender/v1}): 200 with an {@code ExtenderBindingResult}
 * (its {@code Error} set when the node could not be restored or the Binding not created), or 400 with
 * {@code {"Error": "..."}} and a log line when the body is not an {@code ExtenderBindingArgs}. It blocks (an actuator,
 * the API server), so it runs on a worker thread; filter and prioritize are {@link VerbRoutes}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class BindResource {

    private static final Logger LOG = Logger.getLogger(BindResource.class);

    private final Binder binder;
    private final ExtenderMetrics metrics;
    private final ObjectMapper json;

    public BindResource(Binder binder, ExtenderMetrics metrics, ObjectMapper json) {
        this.binder = binder;
        this.metrics = metrics;
        this.json = json;
    }

    @POST
    @Path("/bind")
    @Operation(summary = "kube-scheduler bind: restores a throttled node through its node-actuator, then creates the Binding")
    public Response bind(byte[] body) {
        long start = System.nanoTime();
        try {
            ExtenderBindingArgs args;
            try {
                args = body == null || body.length == 0 ? null : json.readValue(body, ExtenderBindingArgs.class);
            } catch (JsonProcessingException e) {
                throw new MalformedRequestException(JsonBodyErrors.describe(e).message(), e);
            } catch (IOException e) {
                throw new MalformedRequestException("the body cannot be read", e);
            }
            ExtenderBindingResult result = binder.bind(args);
            try {
                return ok(json.writeValueAsBytes(result));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write " + result, e);
            }
        } catch (MalformedRequestException e) {
            return malformed("bind", e, body);
        } finally {
            metrics.latency("bind", start);
        }
    }

    private Response malformed(String verb, MalformedRequestException e, byte[] body) {
        metrics.verdicts(verb, "malformed", 1);
        LOG.warnf("%s: malformed request (%d bytes) answered 400: %s", verb, body == null ? 0 : body.length, e.getMessage());
        return Response.status(Response.Status.BAD_REQUEST).entity(ProtocolWriter.error(e.getMessage())).type(MediaType.APPLICATION_JSON).build();
    }

    private static Response ok(byte[] json) {
        return Response.ok(json, MediaType.APPLICATION_JSON).build();
    }
}
