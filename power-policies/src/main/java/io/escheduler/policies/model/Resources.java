package io.escheduler.policies.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * An amount of the resources the scheduler's NodeResourcesFit plugin checks: a pod's requests or a node's
 * allocatable. The pod count is not in here: a node's pod limit is {@link NodeSnapshot#maxPods()}, and every pod
 * takes one slot.
 *
 * @param cpuMillis             CPU in millicores (Kubernetes' {@code MilliValue}, rounded up)
 * @param memoryBytes           memory in bytes
 * @param ephemeralStorageBytes local ephemeral storage in bytes
 * @param extended              every other resource (extended resources such as {@code nvidia.com/gpu},
 *                              {@code hugepages-2Mi}) by its name, in its own integer unit; sorted by name, zero
 *                              amounts left out
 */
public record Resources(long cpuMillis, long memoryBytes, long ephemeralStorageBytes, Map<String, Long> extended) {

    public static final Resources ZERO = new Resources(0, 0, 0, Map.of());

    public Resources {
        extended = extended.isEmpty() ? Map.of() : withoutZeros(extended);
    }

    public static Resources of(long cpuMillis, long memoryBytes) {
        return new Resources(cpuMillis, memoryBytes, 0, Map.of());
    }

    public Resources plus(Resources other) {
        return new Resources(cpuMillis + other.cpuMillis, memoryBytes + other.memoryBytes,
                ephemeralStorageBytes + other.ephemeralStorageBytes, merge(extended, other.extended, 1));
    }

    public Resources minus(Resources other) {
        return new Resources(cpuMillis - other.cpuMillis, memoryBytes - other.memoryBytes,
                ephemeralStorageBytes - other.ephemeralStorageBytes, merge(extended, other.extended, -1));
    }

    /** Whether this amount fits in {@code free}, resource by resource (a resource absent from {@code free} is 0). */
    public boolean fitsIn(Resources free) {
        if (cpuMillis > free.cpuMillis || memoryBytes > free.memoryBytes || ephemeralStorageBytes > free.ephemeralStorageBytes) {
            return false;
        }
        for (Map.Entry<String, Long> e : extended.entrySet()) {
            if (e.getValue() > free.extended.getOrDefault(e.getKey(), 0L)) {
                return false;
            }
        }
        return true;
    }

    /** The resources whose amount here exceeds {@code free}, for a reason a person reads ({@code cpu}, {@code memory}…). */
    public String shortfall(Resources free) {
        StringBuilder out = new StringBuilder();
        if (cpuMillis > free.cpuMillis) {
            out.append("cpu ").append(cpuMillis).append("m > ").append(Math.max(free.cpuMillis, 0)).append("m free");
        }
        if (memoryBytes > free.memoryBytes) {
            append(out, "memory " + mib(memoryBytes) + " > " + mib(Math.max(free.memoryBytes, 0)) + " free");
        }
        if (ephemeralStorageBytes > free.ephemeralStorageBytes) {
            append(out, "ephemeral-storage " + mib(ephemeralStorageBytes) + " > " + mib(Math.max(free.ephemeralStorageBytes, 0)) + " free");
        }
        extended.forEach((name, amount) -> {
            long available = free.extended.getOrDefault(name, 0L);
            if (amount > available) {
                append(out, name + " " + amount + " > " + Math.max(available, 0) + " free");
            }
        });
        return out.toString();
    }

    /** cpu and memory as a person reads them: {@code 500m cpu, 1024Mi}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder().append(cpuMillis).append("m cpu, ").append(mib(memoryBytes));
        if (ephemeralStorageBytes > 0) {
            out.append(", ").append(mib(ephemeralStorageBytes)).append(" ephemeral-storage");
        }
        extended.forEach((name, amount) -> out.append(", ").append(amount).append(' ').append(name));
        return out.toString();
    }

    private static String mib(long bytes) {
        return (bytes + (1 << 20) - 1 >> 20) + "Mi";
    }

    private static void append(StringBuilder out, String text) {
        out.append(out.isEmpty() ? "" : ", ").append(text);
    }

    private static Map<String, Long> merge(Map<String, Long> a, Map<String, Long> b, int sign) {
        if (b.isEmpty()) {
            return a;
        }
        Map<String, Long> out = new TreeMap<>(a);
        b.forEach((name, amount) -> out.merge(name, sign * amount, Long::sum));
        return out;
    }

    private static Map<String, Long> withoutZeros(Map<String, Long> amounts) {
        TreeMap<String, Long> out = new TreeMap<>();
        amounts.forEach((name, amount) -> {
            if (amount != 0) {
                out.put(name, amount);
            }
        });
        return out.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(out);
    }
}
