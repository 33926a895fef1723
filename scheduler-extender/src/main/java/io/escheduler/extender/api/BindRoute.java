package io.escheduler.extender.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.extender.binding.Binder;
import io.escheduler.extender.protocol.ExtenderBindingArgs;
import io.escheduler.extender.protocol.ExtenderBindingResult;
import io.escheduler.extender.protocol.MalformedRequestException;
import io.escheduler.extender.protocol.ProtocolWriter;
import io.escheduler.json.JsonBodyErrors;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;

/**
 * kube-scheduler's bind verb ({@code k8s.io/kube-scheduler/extender/v1}) as a Vert.x route: 200 with an
 * {@code ExtenderBindingResult} (its {@code Error} set when the node could not be restored or the Binding not
 * created), or 400 with {@code {"Error": "..."}} and a log line when the body is not an {@code ExtenderBindingArgs}.
 * A bind onto a node that needs no restore (nearly all) is answered from the event loop when the API server has
 * answered the Binding's POST; one that waits for a node-actuator runs on a worker thread. Described in OpenAPI by
 * {@code META-INF/openapi.yaml}, like filter and prioritize ({@link VerbRoutes}).
 */
@ApplicationScoped
public class BindRoute {

    private static final Logger LOG = Logger.getLogger(BindRoute.class);

    private final Binder binder;
    private final ExtenderMetrics metrics;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    public BindRoute(Binder binder, ExtenderMetrics metrics, ObjectMapper json,
                     @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M") MemorySize maxBody) {
        this.binder = binder;
        this.metrics = metrics;
        this.json = json;
        this.maxBodyBytes = Math.min(maxBody.asLongValue(), Integer.MAX_VALUE - 8);
    }

    void routes(@Observes Router router) {
        router.post("/bind").handler(ctx -> {
            long start = System.nanoTime();
            RequestBodies.read(ctx, maxBodyBytes, body -> bind(ctx, body, start));
        });
        router.route("/bind").handler(ctx -> {
            ctx.response().putHeader("Allow", "POST");
            Responses.refuse(ctx, 405, ctx.request().method() + " /bind: kube-scheduler's extender verbs are POST only");
        });
    }

    private void bind(RoutingContext ctx, byte[] body, long start) {
        ExtenderBindingArgs args;
        try {
            args = read(body);
            Binder.check(args);
        } catch (MalformedRequestException e) {
            metrics.verdicts("bind", "malformed", 1);
            LOG.warnf("bind: malformed request (%d bytes) answered 400: %s", body.length, e.getMessage());
            Responses.refuse(ctx, 400, e.getMessage());
            metrics.latency("bind", start);
            return;
        }
        if (binder.needsRestore(args.node())) {
            ctx.vertx().executeBlocking(() -> binder.bind(args), false)
                    .onComplete(result -> answer(ctx, result.result(), result.cause(), start));
        } else {
            binder.bindUnthrottled(args).whenComplete((result, error) -> answer(ctx, result, error, start));
        }
    }

    private ExtenderBindingArgs read(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return json.readValue(body, ExtenderBindingArgs.class);
        } catch (JsonProcessingException e) {
            throw new MalformedRequestException(JsonBodyErrors.describe(e).message(), e);
        } catch (IOException e) {
            throw new MalformedRequestException("the body cannot be read", e);
        }
    }

    private void answer(RoutingContext ctx, ExtenderBindingResult result, Throwable error, long start) {
        if (error != null) {
            LOG.errorf(error, "bind: the request failed");
            Responses.refuse(ctx, 500, "bind failed: " + error);
        } else {
            Responses.json(ctx, 200, ProtocolWriter.error(result.error()));
        }
        metrics.latency("bind", start);
    }
}
