package io.escheduler.prometheus;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The two Prometheus HTTP API endpoints the services read
 * (<a href="https://prometheus.io/docs/prometheus/latest/querying/api/">querying API</a>). Times are
 * Unix seconds with a fraction ({@link PromQL#time}), steps are seconds. Only {@link PrometheusClient}
 * calls this: it owns timeouts, retries and circuit breaking.
 */
@RegisterRestClient(configKey = "prometheus")
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
interface PrometheusApi {

    /** An instant query evaluated at {@code time}. */
    @GET
    @Path("/query")
    QueryResponse query(@QueryParam("query") String query, @QueryParam("time") String time);

    /** A range query evaluated at {@code start}, {@code start + step}, ... up to {@code end}. */
    @GET
    @Path("/query_range")
    QueryResponse queryRange(@QueryParam("query") String query, @QueryParam("start") String start, @QueryParam("end") String end,
                             @QueryParam("step") String step);

    /**
     * Prometheus' refusals: 400 ({@code bad_data}) and 422 ({@code execution}) are the query's
     * fault; every other error status (503 when its own query timeout hits, 5xx, 404 from a wrong
     * base URL behind a proxy) means "not available now".
     */
    @ClientExceptionMapper
    static RuntimeException refusal(Response response) {
        return PrometheusErrors.fromStatus(response.getStatus(), response.hasEntity() ? response.readEntity(String.class) : "");
    }
}
