package io.escheduler.exporter.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Serves {@code /metrics} on the event loop that received the scrape, and times it
 * ({@code msr_exporter_scrape_duration_seconds}). A scrape reads a few sysfs files at most once per
 * {@link io.escheduler.exporter.sampling.NodeReadings#MAX_AGE} and formats some forty series:
 * microseconds of work, less than handing it to a worker thread and back would cost, as Quarkus'
 * own handler does. The format is chosen from {@code Accept} as Quarkus' handler chooses it (the
 * Prometheus text format, or OpenMetrics when the scraper prefers it). Until the {@link SeriesGate}
 * opens, the answer is 503.
 */
@ApplicationScoped
public class MetricsEndpoint {

    void install(@Observes Router router, SeriesGate gate, PrometheusMeterRegistry prometheus, MeterRegistry registry) {
        Timer timer = Timer.builder("msr.exporter.scrape.duration")
                .description("Time to answer a scrape of /metrics, hardware reads included")
                .register(registry);
        router.get("/metrics").order(Integer.MIN_VALUE).handler(context -> {
            if (!gate.open()) {
                context.response().setStatusCode(503).putHeader("Retry-After", "1").putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("msr-exporter is starting: its first sample is not registered yet\n");
                return;
            }
            long start = System.nanoTime();
            scrape(context, prometheus);
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        });
    }

    private static void scrape(RoutingContext context, PrometheusMeterRegistry prometheus) {
        String contentType = TextFormat.chooseContentType(context.request().getHeader("Accept"));
        StringWriter text = new StringWriter(8192);
        try {
            prometheus.scrape(text, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        context.response().putHeader("Content-Type", contentType).end(Buffer.buffer(text.toString()));
    }
}
