package io.escheduler.powermanager.kube;

import io.escheduler.policies.model.Resources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.HashMap;
import java.util.Map;

/**
 * What the scheduler reserves for a pod, by the rules of Kubernetes' {@code resource.PodRequests}
 * (component-helpers): the regular containers' requests summed; init containers run one after the other, so the
 * pod needs at least the largest of them, each counted with the restartable (sidecar, {@code restartPolicy:
 * Always}) init containers started before it, and the sidecars also add to the sum; pod-level requests
 * ({@code spec.resources}, cpu and memory) replace the containers' figure where set; {@code spec.overhead} is
 * added last. Requests missing from a container count as 0 (the API server already copied limits into missing
 * requests).
 */
final class PodRequests {

    private PodRequests() {
    }

    static Resources of(PodSpec spec) {
        Map<String, Long> sum = new HashMap<>();
        for (Container c : spec.getContainers()) {
            add(sum, requests(c.getResources()));
        }
        Map<String, Long> sidecars = new HashMap<>();
        Map<String, Long> initPeak = new HashMap<>();
        for (Container c : spec.getInitContainers()) {
            Map<String, Long> own = requests(c.getResources());
            Map<String, Long> during;
            if ("Always".equals(c.getRestartPolicy())) {
                add(sum, own);
                add(sidecars, own);
                during = sidecars;
            } else {
                during = new HashMap<>(own);
                add(during, sidecars);
            }
            during.forEach((name, amount) -> initPeak.merge(name, amount, Math::max));
        }
        initPeak.forEach((name, amount) -> sum.merge(name, amount, Math::max));
        Map<String, Long> podLevel = requests(spec.getResources());
        for (String name : new String[] {"cpu", "memory"}) {
            if (podLevel.containsKey(name)) {
                sum.put(name, podLevel.get(name));
            }
        }
        if (spec.getOverhead() != null) {
            add(sum, amounts(spec.getOverhead()));
        }
        return toResources(sum);
    }

    /** A resource list ({@code requests} or {@code allocatable}) as {@link Resources}; {@code pods} is left out. */
    static Resources toResources(Map<String, Long> amounts) {
        Map<String, Long> extended = new HashMap<>(amounts);
        long cpu = orZero(extended.remove("cpu"));
        long memory = orZero(extended.remove("memory"));
        long storage = orZero(extended.remove("ephemeral-storage"));
        extended.remove("pods");
        return new Resources(cpu, memory, storage, extended);
    }

    /** Each quantity in the scheduler's unit: millicores for {@code cpu}, the base unit for the rest. */
    static Map<String, Long> amounts(Map<String, Quantity> list) {
        Map<String, Long> out = new HashMap<>();
        if (list != null) {
            list.forEach((name, q) -> out.put(name, "cpu".equals(name) ? Quantities.millis(q) : Quantities.value(q)));
        }
        return out;
    }

    private static Map<String, Long> requests(ResourceRequirements resources) {
        return resources == null ? Map.of() : amounts(resources.getRequests());
    }

    private static void add(Map<String, Long> into, Map<String, Long> amounts) {
        amounts.forEach((name, amount) -> into.merge(name, amount, Long::sum));
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
