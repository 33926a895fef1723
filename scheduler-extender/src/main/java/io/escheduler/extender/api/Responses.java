package io.escheduler.extender.api;

import io.escheduler.extender.protocol.ProtocolWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Answers of the verbs served as Vert.x routes: JSON bodies, refusals as {@code {"Error": "..."}}. */
final class Responses {

    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

    private Responses() {
    }

    static void json(RoutingContext ctx, int status, Buffer body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
    }

    /** {@code status} with {@code {"Error": message}}. */
    static void refuse(RoutingContext ctx, int status, String message) {
        json(ctx, status, ProtocolWriter.error(message));
    }
}
