package io.escheduler.exporter.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.TimeUnit;

/** Times every request to {@code /metrics}: {@code msr_exporter_scrape_duration_seconds}. */
@ApplicationScoped
public class ScrapeTimer {

    void install(@Observes Router router, MeterRegistry registry) {
        Timer timer = Timer.builder("msr.exporter.scrape.duration")
                .description("Time to answer a scrape of /metrics, hardware reads included")
                .register(registry);
        router.route("/metrics").order(Integer.MIN_VALUE + 1).handler(context -> {
            long start = System.nanoTime();
            context.addEndHandler(done -> timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
            context.next();
        });
    }
}
