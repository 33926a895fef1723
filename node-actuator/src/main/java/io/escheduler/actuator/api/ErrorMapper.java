package io.escheduler.actuator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.escheduler.actuator.control.ConflictException;
import io.escheduler.actuator.control.InvalidRequestException;
import io.escheduler.actuator.control.UnsupportedOnNodeException;
import io.escheduler.actuator.control.WriteFailedException;
import io.escheduler.json.BodyProblem;
import io.escheduler.json.JsonBodyErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps failures to the JSON error body and status the API promises. */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return respond(422, e.getMessage(), e.detail());
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return respond(409, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response unsupported(UnsupportedOnNodeException e) {
        return respond(501, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response writeFailed(WriteFailedException e) {
        LOG.errorf("write failed: %s (rolled back: %s)", e.getMessage(), e.rolledBack());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("rolledBack", e.rolledBack());
        detail.put("rollbackErrors", e.rollbackErrors());
        return respond(500, e.getMessage(), detail);
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return respond(400, e.getMessage(), null);
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
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return malformed(json);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        return respond(status, e.getMessage(), null);
    }

    static Response respond(int status, String error, Object detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(error, detail)).build();
    }
}
