package io.escheduler.extender.protocol;

/**
 * What the extender reads of the {@code Pod} of a request: who it is, and whether it opted in to
 * energy-aware placement ({@code program} label and {@code energy-aware: "true"} annotation).
 *
 * @param program the pod's program label, null when it has none
 */
public record PodFacts(String namespace, String name, String uid, String program, boolean energyAware) {

    /** Energy-aware placement applies: the pod opted in and names its program. */
    public boolean wantsPlacement() {
        return energyAware && program != null && !program.isBlank();
    }
}
