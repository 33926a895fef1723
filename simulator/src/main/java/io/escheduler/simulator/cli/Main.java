package io.escheduler.simulator.cli;

import io.escheduler.simulator.cluster.ClusterFile;
import io.escheduler.simulator.cluster.ClusterSpec;
import io.escheduler.simulator.engine.Metrics;
import io.escheduler.simulator.engine.RunConfig;
import io.escheduler.simulator.engine.Simulation;
import io.escheduler.simulator.generate.GeneratorFile;
import io.escheduler.simulator.input.InputError;
import io.escheduler.simulator.policy.PolicySets;
import io.escheduler.simulator.report.HtmlReport;
import io.escheduler.simulator.report.JsonReport;
import io.escheduler.simulator.report.RunResult;
import io.escheduler.simulator.report.Scenario;
import io.escheduler.simulator.report.TextTable;
import io.escheduler.simulator.schedule.Placement;
import io.escheduler.simulator.workload.TraceFile;
import io.escheduler.simulator.workload.Workload;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleConsumer;

/**
 * {@code escheduler-sim}: reads a cluster and a workload, runs the baseline and each policy set, prints the table and
 * writes the JSON and HTML reports. Exit 0 when done, 2 for a bad command line or input (the message names the file,
 * the line and the reason), 1 for anything else.
 */
public final class Main {

    private Main() {
    }

    /** The library's executor logs each deferred step (a line per action in the service): thousands in a simulated week. */
    private static final java.util.logging.Logger POLICIES_LOG = java.util.logging.Logger.getLogger("io.escheduler.policies");

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The whole command; the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        POLICIES_LOG.setLevel(java.util.logging.Level.WARNING);
        if (args.length > 0 && args[0].equals("convert")) {
            return Convert.run(args, out, err);
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageError e) {
            if (!e.getMessage().isEmpty()) {
                err.println("escheduler-sim: " + e.getMessage());
            }
            err.print(Options.USAGE);
            return e.getMessage().isEmpty() ? 0 : 2;
        }
        try {
            ClusterSpec cluster = ClusterFile.read(options.cluster()).withPolicySettings(options.settings());
            List<PolicySets.Set> sets = PolicySets.parse(options.policies(), cluster);
            Workload workload = options.workload() != null ? TraceFile.read(options.workload())
                    : GeneratorFile.generate(options.generate(), options.seed(), options.days());
            List<RunResult> runs = simulate(cluster, workload, sets, options, err);
            PolicySets.Set first = sets.get(0);
            Scenario scenario = new Scenario(cluster.name(), cluster.nodeCount(), workload.source(), workload.pods().size(), options.days(),
                    options.seed(), first.intervalMillis() / 1000.0, PolicySets.pendingThresholdMillis(cluster, first) / 1000.0);
            out.print(TextTable.render(runs));
            out.printf("baseline CPU utilisation %.1f%% of the cluster's CPU time%n", runs.get(0).cpuUtilisation() * 100);
            if (options.json() != null) {
                write(options.json(), JsonReport.render(scenario, runs));
            }
            if (options.html() != null) {
                write(options.html(), HtmlReport.render(scenario, runs));
            }
            return 0;
        } catch (InputError e) {
            err.println("escheduler-sim: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("escheduler-sim: cannot write the report: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The baseline with each placement, then every set with each placement, in that order; up to {@code --threads} of
     * them side by side (each run is a simulation of its own: the same input gives the same results, whatever runs
     * beside it). With {@code --timings}, each run's CPU time goes to {@code err} as it ends.
     */
    public static List<RunResult> simulate(ClusterSpec cluster, Workload workload, List<PolicySets.Set> sets, Options options, PrintStream err) {
        List<PolicySets.Set> all = new ArrayList<>();
        all.add(PolicySets.baseline(cluster));
        sets.stream().filter(s -> !s.name().equals("none")).forEach(all::add);
        List<Callable<RunResult>> runs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (PolicySets.Set set : all) {
            for (String p : options.placements()) {
                labels.add(set.name() + (options.placements().size() > 1 ? " / " + p : ""));
            }
        }
        Progress progress = options.quiet() ? null : new Progress(err, labels);
        for (PolicySets.Set set : all) {
            for (String p : options.placements()) {
                int index = runs.size();
                runs.add(() -> {
                    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
                    long cpuStart = cpu.getCurrentThreadCpuTime();
                    long wallStart = System.nanoTime();
                    RunConfig config = new RunConfig(options.days(), options.seed(), placement(p), 300_000);
                    DoubleConsumer reports = progress == null ? f -> { } : progress.of(index);
                    Metrics m = new Simulation(cluster, workload, config, set.newHook()).run(reports);
                    RunResult result = RunResult.of(set.name(), p, m, cluster.nodeCount(), options.days(),
                            PolicySets.pendingThresholdMillis(cluster, set));
                    if (options.timings()) {
                        synchronized (err) {
                            err.printf(Locale.ROOT, "run %s: %.1f CPU-s, %.1f s%n", labels.get(index), (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9,
                                    (System.nanoTime() - wallStart) / 1e9);
                        }
                    }
                    return result;
                });
            }
        }
        int threads = Math.min(options.threads(), runs.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "simulation");
            t.setDaemon(true);
            return t;
        });
        try {
            List<RunResult> results = new ArrayList<>();
            for (Future<RunResult> f : pool.invokeAll(runs)) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error x) {
                throw x;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Placement placement(String wire) {
        for (Placement p : Placement.values()) {
            if (p.wireName().equals(wire)) {
                return p;
            }
        }
        throw new IllegalArgumentException(wire);
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
