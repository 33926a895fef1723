package io.escheduler.policies.model;

/** A PodDisruptionBudget: how many of its pods may be evicted now ({@code status.disruptionsAllowed}). */
public record DisruptionBudget(String namespace, String name, int disruptionsAllowed) {

    /** {@code namespace/name}, as {@link PodSnapshot#budgets()} names it. */
    public String key() {
        return namespace + "/" + name;
    }
}
