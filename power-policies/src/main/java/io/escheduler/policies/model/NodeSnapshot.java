package io.escheduler.policies.model;

import io.escheduler.policies.plan.ActionKind;
import io.escheduler.policies.plan.Control;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A Node as the policies see it.
 *
 * <p><b>Powered off.</b> A node our executor switched off keeps its Node object (its kubelet stops posting
 * status, so it turns NotReady and the node lifecycle controller taints it {@code node.kubernetes.io/unreachable}),
 * and carries the annotation {@code energy.escheduler.io/powered-off: "true"}, which the executor writes after the
 * power driver confirmed the power-off and removes when it powers the node on. {@link #poweredOff()} is that
 * annotation (unless {@link #POWER_ON_FAILED} is set too), nothing else: a NotReady node without it is broken or
 * booting, never a power-on candidate.
 *
 * @param name              Node name
 * @param labels            all labels (node affinity of pods is matched against them)
 * @param controlPlane      labelled {@code node-role.kubernetes.io/control-plane} or {@code …/master}
 * @param doNotPowerOff     annotated {@code energy.escheduler.io/do-not-power-off: "true"}
 * @param unschedulable     cordoned ({@code spec.unschedulable})
 * @param ready             the {@code Ready} condition is {@code True}
 * @param poweredOff        annotated {@code energy.escheduler.io/powered-off: "true"} (see above)
 * @param allocatable       {@code status.allocatable}
 * @param maxPods           {@code status.allocatable.pods}
 * @param taints            {@code spec.taints}
 * @param cpufreqLowered    the node's actuator reports its CPU ceiling under the baseline (annotation
 *                          {@code energy.escheduler.io/throttle-reason} holds {@code cpufreq})
 * @param powerCapped       the actuator reports a power limit under the baseline ({@code throttle-reason} holds
 *                          {@code power-limit})
 * @param cpuMaxKhz         the lowest CPU ceiling in force ({@code energy.escheduler.io/cpu-max-khz}), if published
 * @param powerLimitWatts   the enforced package limits' sum ({@code energy.escheduler.io/power-limit-watts}), if any
 * @param blocked           actions the executor cannot carry out on this node, each with the reason a person reads:
 *                          {@code power-on} / {@code power-off} when no configured power driver can switch it that way
 *                          (docs/energy-analyzer.md, "Power drivers"), and every action of a control whose {@link #failedAnnotation}
 *                          the node carries; absent kinds are possible
 */
public record NodeSnapshot(String name, Map<String, String> labels, boolean controlPlane, boolean doNotPowerOff,
                           boolean unschedulable, boolean ready, boolean poweredOff, Resources allocatable, int maxPods,
                           List<Taint> taints, boolean cpufreqLowered, boolean powerCapped, OptionalLong cpuMaxKhz,
                           OptionalDouble powerLimitWatts, Map<ActionKind, String> blocked) {

    public NodeSnapshot {
        blocked = Map.copyOf(blocked);
    }

    /** Annotation our executor writes on a node it powered off. */
    public static final String POWERED_OFF = "energy.escheduler.io/powered-off";

    /**
     * Annotation the executor writes on a node it powered on that did not become Ready within the boot timeout
     * (value: when it gave up). Such a node is not {@link #poweredOff()} whatever its other annotations say: no
     * policy powers it on again until a person removes this annotation.
     */
    public static final String POWER_ON_FAILED = "energy.escheduler.io/power-on-failed";

    /**
     * Annotation the executor writes on a node when the actions of one {@linkplain Control#failureTracked
     * failure-tracked} control failed {@code rails.max-failures} times in a row, e.g.
     * {@code energy.escheduler.io/power-failed}; the value says when, what and why. No policy acts on that control of
     * the node until a person removes it.
     */
    public static String failedAnnotation(Control control) {
        return "energy.escheduler.io/" + control.wireName() + "-failed";
    }

    /** Node annotation that keeps every policy from powering the node off. */
    public static final String DO_NOT_POWER_OFF = "energy.escheduler.io/do-not-power-off";

    /** Why the executor cannot do {@code kind} on this node, or null when it can. */
    public String blocker(ActionKind kind) {
        return blocked.get(kind);
    }

    /** Running: Ready and not powered off. */
    public boolean on() {
        return ready && !poweredOff;
    }

    /** Whether new pods may land here: on, not cordoned, and every repelling taint tolerated by {@code pod}. */
    public boolean accepts(PodSnapshot pod) {
        if (!on() || unschedulable || !pod.affinity().matches(labels)) {
            return false;
        }
        for (Taint taint : taints) {
            if (taint.repels() && pod.tolerations().stream().noneMatch(t -> t.tolerates(taint))) {
                return false;
            }
        }
        return true;
    }
}
