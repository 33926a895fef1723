package io.escheduler.policies.execute;

import java.util.Locale;
import java.util.Optional;

/** What came of one action the executor was asked to carry out (audit column {@code outcome}, metric tag). */
public enum Outcome {
    /** Carried out and confirmed (read back, or the driver reported the target state). */
    DONE,
    /** Not attempted, or refused without harm: an eviction a PodDisruptionBudget forbade (HTTP 429), a later step of a node's change after an earlier one failed. */
    SKIPPED,
    /** Attempted and did not work: a driver or actuator error, a drain or boot that timed out. */
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome written {@code wireName} (audit column {@code outcome}), if there is one. */
    public static Optional<Outcome> ofWireName(String wireName) {
        for (Outcome outcome : values()) {
            if (outcome.wireName().equals(wireName)) {
                return Optional.of(outcome);
            }
        }
        return Optional.empty();
    }
}
