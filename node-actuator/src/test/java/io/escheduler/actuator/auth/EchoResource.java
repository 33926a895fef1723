package io.escheduler.actuator.auth;

import io.escheduler.auth.Caller;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * Test-only endpoint under {@code /v1}: answers who the filter said the caller is, and on which
 * thread the resource ran. {@code /non-blocking} runs on the event loop, so the filter has to move
 * the (blocking) authentication off it.
 */
@Path("/v1/test-echo")
@Produces(MediaType.APPLICATION_JSON)
public class EchoResource {

    private final Caller caller;

    public EchoResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    public Map<String, Object> blocking() {
        return echo();
    }

    @GET
    @Path("/non-blocking")
    @NonBlocking
    public Map<String, Object> nonBlocking() {
        return echo();
    }

    private Map<String, Object> echo() {
        return Map.of("identity", caller.name(), "authenticated", caller.authenticated(),
                "thread", Thread.currentThread().getName());
    }
}
