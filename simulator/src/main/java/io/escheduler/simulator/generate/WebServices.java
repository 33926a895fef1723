package io.escheduler.simulator.generate;

import io.escheduler.simulator.input.Tree;
import io.escheduler.simulator.workload.Budget;
import io.escheduler.simulator.workload.Owner;
import io.escheduler.simulator.workload.PodSpec;
import io.escheduler.simulator.workload.UsageCurve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Web services: Deployments whose total CPU demand follows a {@link Diurnal} curve (each service's daily peak drawn
 * log-normal, with multiplicative noise per step), scaled by an HPA-like rule: every step,
 * {@code desired = ceil(demand / (request × target))} within {@code [minReplicas, maxReplicas]}, scaled down only once
 * the desired count has stayed lower for the stabilisation window (the HPA's default five minutes). Each replica is a
 * pod of a ReplicaSet that lives while the replica count exceeds its index, uses the service's demand divided by the
 * replica count, and belongs to the service's PodDisruptionBudget ({@code maxUnavailable: 1}).
 */
record WebServices(int services, int minReplicas, int maxReplicas, double target, double peakMedian, double peakSigma,
                   long[][] cpuRequest, long memoryPerCpu, Diurnal diurnal, long stepMillis, double noiseSigma,
                   long stabilisationMillis) {

    private static final Set<String> KEYS = Set.of("services", "minReplicas", "maxReplicas", "targetUtilisationPercent",
            "peakReplicasMedian", "peakReplicasSigma", "cpuRequestMillis", "memoryMiBPerCpu", "diurnal", "stepSeconds", "noiseSigma",
            "scaleDownStabilisationSeconds");

    static WebServices read(Tree.Mapping m) {
        m.only(KEYS, "web");
        String w = "web";
        return new WebServices((int) GeneratorFile.positive(m, "services", w), (int) GeneratorFile.optional(m, "minReplicas", 1),
                (int) GeneratorFile.optional(m, "maxReplicas", 1000), GeneratorFile.positive(m, "targetUtilisationPercent", w) / 100,
                GeneratorFile.positive(m, "peakReplicasMedian", w), GeneratorFile.optional(m, "peakReplicasSigma", 0),
                Draw.choices(m.required("cpuRequestMillis", w), "web.cpuRequestMillis"), (long) GeneratorFile.positive(m, "memoryMiBPerCpu", w),
                GeneratorFile.diurnal(m.required("diurnal", w)), Math.round(GeneratorFile.optional(m, "stepSeconds", 300) * 1000),
                GeneratorFile.optional(m, "noiseSigma", 0), Math.round(GeneratorFile.optional(m, "scaleDownStabilisationSeconds", 300) * 1000));
    }

    List<PodSpec> generate(Random random, long end) {
        List<PodSpec> pods = new ArrayList<>();
        int steps = (int) Math.ceil((double) end / stepMillis);
        for (int s = 0; s < services; s++) {
            String service = String.format("web-%03d", s + 1);
            long request = Draw.weighted(random, cpuRequest[0], Draw.asDouble(cpuRequest[1]));
            double peak = Draw.logNormal(random, peakMedian, peakSigma) * request * target;
            long[] times = new long[steps];
            double[] perReplica = new double[steps];
            int[] replicas = new int[steps];
            int[] desiredHistory = new int[steps];
            int window = (int) Math.max(1, stabilisationMillis / stepMillis);
            for (int i = 0; i < steps; i++) {
                long t = i * stepMillis;
                double demand = peak * diurnal.at(t) * Math.exp(noiseSigma * random.nextGaussian());
                int desired = (int) Math.ceil(demand / (request * target));
                desired = Math.max(minReplicas, Math.min(maxReplicas, desired));
                desiredHistory[i] = desired;
                int r = desired;
                for (int k = Math.max(0, i - window); k < i; k++) {
                    r = Math.max(r, desiredHistory[k]);
                }
                replicas[i] = r;
                times[i] = t;
                perReplica[i] = demand / r;
            }
            UsageCurve curve = new UsageCurve(service, times, perReplica);
            Budget budget = new Budget("web", service, -1, 1);
            int max = 0;
            for (int r : replicas) {
                max = Math.max(max, r);
            }
            for (int k = 0; k < max; k++) {
                int serial = 0;
                long start = -1;
                for (int i = 0; i <= steps; i++) {
                    boolean live = i < steps && replicas[i] > k;
                    if (live && start < 0) {
                        start = times[i];
                    } else if (!live && start >= 0) {
                        long stop = i < steps ? times[i] : -1;
                        pods.add(new PodSpec(start, "web", service + "-" + (k + 1) + "-" + (++serial), Owner.REPLICA_SET, request,
                                request * memoryPerCpu / 1000, curve.scaled(1), stop < 0 ? -1 : stop - start, null, budget, false,
                                Map.of(), List.of()));
                        start = -1;
                    }
                }
            }
        }
        return pods;
    }
}
