package io.escheduler.simulator.cli;

import io.escheduler.simulator.convert.HistoryConverter;
import io.escheduler.simulator.workload.TraceFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code escheduler-sim convert --prometheus URL --start T --end T --out FILE [--step 60s] [--rate-window 5m]}: a
 * cluster's history from Prometheus into a trace ({@code FILE}) and its usage curves ({@code FILE}'s {@code .usage.csv}).
 */
final class Convert {

    static final String USAGE = """
            usage: escheduler-sim convert --prometheus URL --start TIME --end TIME --out FILE [--step 60s] [--rate-window 5m]
              TIME is ISO-8601 (2026-11-23T00:00:00Z); the trace's time 0 is --start
            """;

    private Convert() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String url = null;
        Instant start = null;
        Instant end = null;
        Path file = null;
        Duration step = Duration.ofSeconds(60);
        Duration rate = Duration.ofMinutes(5);
        try {
            for (int i = 1; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--prometheus" -> url = v;
                    case "--start" -> start = Instant.parse(v);
                    case "--end" -> end = Instant.parse(v);
                    case "--out" -> file = Path.of(v);
                    case "--step" -> step = Duration.parse("PT" + v.toUpperCase());
                    case "--rate-window" -> rate = Duration.parse("PT" + v.toUpperCase());
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (url == null || start == null || end == null || file == null) {
                throw new IllegalArgumentException("--prometheus, --start, --end and --out are required");
            }
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("--end must be after --start");
            }
        } catch (DateTimeParseException e) {
            err.println("escheduler-sim convert: a time or duration is not ISO-8601 (2026-11-23T00:00:00Z, 60s, 5m): " + e.getParsedString());
            err.print(USAGE);
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("escheduler-sim convert: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            HistoryConverter.Trace trace = new HistoryConverter(url).convert(start, end, step, rate);
            Files.writeString(file, trace.csv(), StandardCharsets.UTF_8);
            Files.writeString(TraceFile.usageFile(file), trace.usage(), StandardCharsets.UTF_8);
            out.println("wrote " + trace.pods() + " pods to " + file + " and their CPU use to " + TraceFile.usageFile(file));
            return 0;
        } catch (IOException e) {
            err.println("escheduler-sim convert: " + e.getMessage());
            return 1;
        }
    }
}
