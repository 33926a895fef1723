package io.escheduler.policies.fit;

import io.escheduler.policies.model.PodSnapshot;

import java.util.Comparator;

/** Orders for packing pods. */
public final class PodOrder {

    /** Largest request first (cpu, then memory), then by {@code namespace/name}: first-fit decreasing. */
    public static final Comparator<PodSnapshot> LARGEST_FIRST = Comparator
            .comparingLong((PodSnapshot p) -> p.requests().cpuMillis()).reversed()
            .thenComparing(Comparator.comparingLong((PodSnapshot p) -> p.requests().memoryBytes()).reversed())
            .thenComparing(PodSnapshot::namespace)
            .thenComparing(PodSnapshot::name);

    private PodOrder() {
    }
}
