package io.escheduler.analyzer.reports;

import io.escheduler.analyzer.runs.ComputingSystem;
import io.escheduler.analyzer.runs.Program;
import io.escheduler.analyzer.runs.Run;
import io.escheduler.analyzer.runs.RunNodeProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Writes runs straight into PostgreSQL through Panache, with the profile a test wants (power W,
 * energy J), for the placement and report tests.
 */
@ApplicationScoped
public class RunSeeder {

    /**
     * A run to store; figures null for a pending run.
     *
     * @param nodeEnergyJoules per node (nodes get {@code node-<i>} names); empty: one node with the run's figures
     */
    public record Seed(String program, String system, Run.Status status, Instant start, double seconds, Double peakWatts,
                       Double minWatts, Double energyJoules, String lastError, List<Double> nodeEnergyJoules) {

        public static Seed complete(String program, String system, Instant start, double seconds, double peakWatts, double minWatts,
                                    double energyJoules) {
            return new Seed(program, system, Run.Status.complete, start, seconds, peakWatts, minWatts, energyJoules, null, List.of());
        }

        public static Seed pending(String program, String system, Instant start, double seconds) {
            return new Seed(program, system, Run.Status.pending, start, seconds, null, null, null, "Prometheus has no data yet", List.of());
        }

        /** Failed runs may carry figures (a partial profile): they must not count either. */
        public static Seed failed(String program, String system, Instant start, double seconds, double peakWatts, double energyJoules) {
            return new Seed(program, system, Run.Status.failed, start, seconds, peakWatts, peakWatts, energyJoules,
                    "gave up: no data within the retention", List.of());
        }

        public Seed withNodes(List<Double> energies) {
            return new Seed(program, system, status, start, seconds, peakWatts, minWatts, energyJoules, lastError, energies);
        }
    }

    @Transactional
    public void systems(String... names) {
        for (String name : names) {
            ComputingSystem.named(name);
        }
    }

    @Transactional
    public long systemCount() {
        return ComputingSystem.count();
    }

    /** Stores the runs; a run equal to one stored before (same key) is stored once. */
    @Transactional
    public void add(Seed... seeds) {
        for (Seed seed : seeds) {
            String key = "test:" + seed.program() + "/" + seed.system() + "/" + seed.start() + "/" + seed.status();
            if (Run.count("runKey", key) > 0) {
                continue;
            }
            Run run = new Run();
            run.program = Program.named(seed.program());
            run.system = ComputingSystem.named(seed.system());
            run.source = Run.Source.rest;
            run.runKey = key;
            int nodes = Math.max(1, seed.nodeEnergyJoules().size());
            run.nodes = IntStream.range(0, nodes).mapToObj(i -> "node-" + i).toArray(String[]::new);
            run.startedAt = seed.start();
            run.endedAt = seed.start().plusMillis(Math.round(seed.seconds() * 1000));
            run.status = seed.status();
            run.lastError = seed.lastError();
            run.peakWatts = seed.peakWatts();
            run.minWatts = seed.minWatts();
            run.energyJoules = seed.energyJoules();
            run.meanWatts = seed.energyJoules() == null ? null : seed.energyJoules() / seed.seconds();
            run.samples = seed.energyJoules() == null ? null : (int) (seed.seconds() / 15) + 1;
            run.createdAt = Instant.now();
            run.completedAt = seed.status() == Run.Status.complete ? Instant.now() : null;
            if (seed.status() == Run.Status.pending) {
                run.nextAttemptAt = Instant.now().plusSeconds(3600);
            }
            for (int i = 0; i < seed.nodeEnergyJoules().size(); i++) {
                RunNodeProfile profile = new RunNodeProfile();
                profile.run = run;
                profile.node = run.nodes[i];
                profile.energyJoules = seed.nodeEnergyJoules().get(i);
                profile.meanWatts = profile.energyJoules / seed.seconds();
                profile.peakWatts = profile.meanWatts * 1.5;
                profile.minWatts = profile.meanWatts / 2;
                profile.samples = run.samples;
                run.nodeProfiles.add(profile);
            }
            run.persist();
        }
    }

    /** A prefix no other test's names start with, so tests sharing the database do not see each other's programs. */
    public static String uniquePrefix(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }
}
