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
import java.io.Writer;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

    /** The size of the last answer: the next one is about the same, so its buffer seldom grows. */
    private static final AtomicInteger LAST_SIZE = new AtomicInteger(8192);

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
        BufferWriter body = new BufferWriter(Buffer.buffer(LAST_SIZE.get() + 512));
        try {
            prometheus.scrape(body, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the buffer does not throw
        }
        LAST_SIZE.set(body.buffer.length());
        context.response().putHeader("Content-Type", contentType).end(body.buffer);
    }

    /**
     * Writes the exposition's text straight into the response buffer, encoded as UTF-8 there: no
     * intermediate text of the whole answer, no copy of it.
     */
    private static final class BufferWriter extends Writer {

        private final Buffer buffer;

        BufferWriter(Buffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void write(String text) {
            buffer.appendString(text);
        }

        @Override
        public void write(String text, int offset, int length) {
            buffer.appendString(offset == 0 && length == text.length() ? text : text.substring(offset, offset + length));
        }

        @Override
        public void write(int c) {
            if (c < 0x80) {
                buffer.appendByte((byte) c);
            } else {
                buffer.appendString(String.valueOf((char) c));
            }
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            buffer.appendString(new String(chars, offset, length));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
