package io.escheduler.analyzer.policies.kube;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Kubernetes quantities in the integer units the scheduler uses; fractions round up, as {@code resource.Quantity} does. */
final class Quantities {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private Quantities() {
    }

    /** CPU in millicores ({@code MilliValue}): {@code 1} → 1000, {@code 250m} → 250, {@code 0.1} → 100. */
    static long millis(Quantity quantity) {
        return quantity.getNumericalAmount().multiply(THOUSAND).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** An amount in its base unit ({@code Value}): bytes for memory and storage ({@code 1Gi}, {@code 1G}), a count otherwise. */
    static long value(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
