package io.escheduler.simulator.policy;

import io.escheduler.simulator.cluster.ClusterSpec;
import io.escheduler.simulator.cluster.NodeType;
import io.escheduler.simulator.engine.PolicyHook;
import io.escheduler.simulator.input.InputError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The policy sets a run compares with the baseline ({@code --policies}): {@code none}; {@code all} (the seven, with the
 * cluster file's settings over the service's defaults); {@code seed} (the seven with the seed's original thresholds);
 * {@code each} (every policy alone, then all); or policy names joined by commas.
 */
public final class PolicySets {

    public static final List<String> POLICIES = List.of("power-on", "power-off", "consolidation", "dvfs", "capping", "dvfs-migration",
            "capping-migration");

    /** One set: its name, and what makes the hook that runs it (a new one for each run: a hook belongs to its simulation). */
    public record Set(String name, List<String> policies, long intervalMillis, Supplier<PolicyHook> hooks) {

        public PolicyHook newHook() {
            return hooks.get();
        }
    }

    private PolicySets() {
    }

    public static Set baseline(ClusterSpec cluster) {
        return new Set("none", List.of(), interval(cluster), () -> PolicyHook.NONE);
    }

    public static List<Set> parse(String spec, ClusterSpec cluster) {
        List<Set> out = new ArrayList<>();
        for (String part : spec.split(";")) {
            String s = part.strip().toLowerCase(Locale.ROOT);
            switch (s) {
                case "none" -> out.add(baseline(cluster));
                case "each" -> {
                    for (String p : POLICIES) {
                        out.add(set(p, List.of(p), cluster, false));
                    }
                    out.add(set("all", POLICIES, cluster, false));
                    out.add(set("seed", POLICIES, cluster, true));
                }
                case "all" -> out.add(set("all", POLICIES, cluster, false));
                case "seed" -> out.add(set("seed", POLICIES, cluster, true));
                default -> {
                    List<String> names = new ArrayList<>();
                    for (String p : s.split(",")) {
                        String name = p.strip();
                        if (!POLICIES.contains(name)) {
                            throw new InputError("--policies", 0, "'" + name + "' is not a policy (none, all, seed, each, or "
                                    + String.join(", ", POLICIES) + ")");
                        }
                        names.add(name);
                    }
                    out.add(set(String.join(",", names), names, cluster, false));
                }
            }
        }
        if (out.isEmpty()) {
            out.add(baseline(cluster));
        }
        return out;
    }

    private static Set set(String name, List<String> policies, ClusterSpec cluster, boolean seed) {
        return PolicyHooks.create(name, policies, cluster, seed);
    }

    static long interval(ClusterSpec cluster) {
        return Settings.of(cluster, List.of(), Map.of()).interval().toMillis();
    }

    /** The longest boot time plus one policy interval: pods pending longer count in {@code podsPendingBeyondBoot}. */
    public static long pendingThresholdMillis(ClusterSpec cluster, Set set) {
        double boot = 0;
        for (NodeType t : cluster.nodeTypes()) {
            boot = Math.max(boot, t.power().bootSeconds());
        }
        return Math.round(boot * 1000) + set.intervalMillis();
    }
}
