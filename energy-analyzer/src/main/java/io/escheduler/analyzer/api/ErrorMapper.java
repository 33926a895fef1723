package io.escheduler.analyzer.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.escheduler.analyzer.database.DatabaseOutage;
import io.escheduler.json.BodyProblem;
import io.escheduler.json.JsonBodyErrors;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;
import java.util.UUID;

/** Maps failures to the JSON error body and status the API promises. */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @Inject
    DatabaseOutage database;

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

    /**
     * Any other failure: PostgreSQL unreachable is 503 naming it, with {@code Retry-After} (logged once per outage by
     * {@link DatabaseOutage}); anything else a 500 whose error id leads to the stack trace in the log.
     */
    @ServerExceptionMapper
    public Response failure(RuntimeException e, HttpServerRequest request) {
        if (database.unreachable(e)) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseOutage.RETRY_AFTER.toSeconds()))
                    .entity(new ApiError("the database is unreachable: " + database.database() + " does not answer; try again later",
                            Map.of("dependency", "postgresql", "retryAfterSeconds", DatabaseOutage.RETRY_AFTER.toSeconds())))
                    .build();
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "%s %s failed (error id %s)", request.method(), request.path(), id);
        return respond(500, "internal error: the analyzer's log has the details under error id " + id, null);
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
