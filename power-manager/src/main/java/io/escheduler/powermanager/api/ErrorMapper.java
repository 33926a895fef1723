package io.escheduler.powermanager.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps refusals to the JSON error body and status the API promises; an unknown path or method keeps its status. */
public class ErrorMapper {

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.status(), e.getMessage(), e.detail());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        return respond(e.getResponse() == null ? 500 : e.getResponse().getStatus(), e.getMessage(), null);
    }

    private static Response respond(int status, String error, Object detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(error, detail)).build();
    }
}
