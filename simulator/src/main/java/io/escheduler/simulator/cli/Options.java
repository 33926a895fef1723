package io.escheduler.simulator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line (docs/simulator.md, "Command line"). A mistake is a {@link UsageError} that says what to write instead.
 */
record Options(Path cluster, Path workload, String generate, String policies, double days, long seed, Path json, Path html,
               List<String> placements, boolean quiet, java.util.Map<String, String> settings, int threads, boolean timings) {

    static final String USAGE = """
            usage: escheduler-sim --cluster FILE (--workload FILE | --generate NAME) [options]
              --cluster FILE       node types, scheduler and policy settings (YAML or JSON)
              --workload FILE      a trace (CSV; curves in FILE's .usage.csv beside it)
              --generate NAME      a generator: web-batch, mixed, hpc, or a generator file
              --policies SETS      policy sets to compare with the baseline, separated by ';': none, all, seed, each,
                                   or policy names joined by ',' (power-on,power-off,consolidation,dvfs,capping,
                                   dvfs-migration,capping-migration); default: all
              --days N             simulated days (default 7)
              --seed N             seed of the generator and the scheduler's tie-breaks (default 1)
              --placement LIST     energy-scheduler placement, ',' separated: lowest-peak, least-allocated, random
                                   (default lowest-peak; each set runs with each)
              --json FILE          write the JSON report
              --html FILE          write the HTML page
              --set KEY=VALUE      a policy setting in the service's keys (dvfs.lower-below-percent=15), over the
                                   cluster file's; repeatable
              --threads N          runs side by side (default: the machine's processors)
              --timings            each run's CPU time on standard error as it ends
              --quiet              no progress bar
            escheduler-sim convert --prometheus URL --start TIME --end TIME --out FILE: a cluster's history into a trace
            """;

    /** A command line that cannot be run, with the reason. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    static Options parse(String[] args) {
        Path cluster = null;
        Path workload = null;
        String generate = null;
        String policies = "all";
        double days = 7;
        long seed = 1;
        Path json = null;
        Path html = null;
        List<String> placements = List.of("lowest-peak");
        boolean quiet = false;
        boolean timings = false;
        int threads = Runtime.getRuntime().availableProcessors();
        java.util.Map<String, String> settings = new java.util.TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quiet")) {
                quiet = true;
                continue;
            }
            if (a.equals("--timings")) {
                timings = true;
                continue;
            }
            if (a.equals("--help") || a.equals("-h")) {
                throw new UsageError("");
            }
            String value;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageError(a + " needs a value");
                }
                value = args[++i];
            }
            switch (a) {
                case "--cluster" -> cluster = Path.of(value);
                case "--workload" -> workload = Path.of(value);
                case "--generate" -> generate = value;
                case "--policies" -> policies = value;
                case "--days" -> days = number(a, value, 1.0 / 24, 366);
                case "--seed" -> seed = (long) number(a, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--threads" -> {
                    double n = number(a, value, 1, 256);
                    if (n != Math.rint(n)) {
                        throw new UsageError("--threads must be a whole number, got " + value);
                    }
                    threads = (int) n;
                }
                case "--json" -> json = Path.of(value);
                case "--html" -> html = Path.of(value);
                case "--set" -> {
                    int at = value.indexOf('=');
                    if (at <= 0) {
                        throw new UsageError("--set needs KEY=VALUE, got '" + value + "'");
                    }
                    settings.put(value.substring(0, at).strip(), value.substring(at + 1).strip());
                }
                case "--placement" -> {
                    placements = new ArrayList<>();
                    for (String p : value.split(",")) {
                        String v = p.strip().toLowerCase(Locale.ROOT);
                        if (!List.of("lowest-peak", "least-allocated", "random").contains(v)) {
                            throw new UsageError("--placement: '" + p + "' is not lowest-peak, least-allocated or random");
                        }
                        placements.add(v);
                    }
                }
                default -> throw new UsageError("unknown option " + a);
            }
        }
        if (cluster == null) {
            throw new UsageError("--cluster FILE is required");
        }
        if ((workload == null) == (generate == null)) {
            throw new UsageError("give exactly one of --workload FILE and --generate NAME");
        }
        return new Options(cluster, workload, generate, policies, days, seed, json, html, List.copyOf(placements), quiet, java.util.Map.copyOf(settings),
                threads, timings);
    }

    private static double number(String option, String value, double min, double max) {
        try {
            double v = Double.parseDouble(value);
            if (v < min || v > max || Double.isNaN(v)) {
                throw new UsageError(option + " must be between " + min + " and " + max + ", got " + value);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageError(option + " must be a number, got '" + value + "'");
        }
    }
}
