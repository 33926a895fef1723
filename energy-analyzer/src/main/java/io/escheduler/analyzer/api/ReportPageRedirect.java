package io.escheduler.analyzer.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code GET /report} → {@code report/}: the report page is static ({@code META-INF/resources/report/}),
 * and Quarkus serves a directory's {@code index.html} only under its slash ({@code /report/}), answering
 * 404 without it. The Location is relative and keeps the query, so the redirect and the page's
 * own relative URLs also work behind a path prefix ({@code /prefix/report} → {@code /prefix/report/}).
 */
@ApplicationScoped
public class ReportPageRedirect {

    void route(@Observes Router router) {
        router.get("/report").handler(ReportPageRedirect::redirect);
    }

    /** Vert.x also matches {@code /report/} to the route: that one goes on to the static files. */
    static void redirect(RoutingContext context) {
        if (!context.request().path().endsWith("/report")) {
            context.next();
            return;
        }
        String query = context.request().query();
        context.response().setStatusCode(302).putHeader("Location", "report/" + (query == null || query.isEmpty() ? "" : "?" + query))
                .end();
    }
}
