package io.escheduler.analyzer.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.escheduler.json.BodyProblem;
import io.escheduler.json.JsonBodyErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps failures to the JSON error body and status the API promises. */
public class ErrorMapper {

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.status(), e.getMessage(), e.detail());
    }

    /** A body Jackson refused: which field, what it expects, what it got (JsonBodyErrors), never Jackson's own text. */
    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        BodyProblem problem = JsonBodyErrors.describe(e);
        return respond(400, problem.message(), problem.detail().isEmpty() ? null : problem.detail());
    }

    /** Wrong types and unknown fields (Quarkus maps these itself unless told otherwise). */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformed(json);
        }
        return respond(e.getResponse() == null ? 500 : e.getResponse().getStatus(), e.getMessage(), null);
    }

    static Response respond(int status, String error, Object detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(error, detail)).build();
    }
}
