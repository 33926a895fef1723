package io.escheduler.powermanager.kube;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Kubernetes quantities in the integer units the scheduler uses; fractions round up, as {@code resource.Quantity} does.
 * The forms pods and nodes nearly always use (a whole number with no suffix, {@code m}, or a binary or decimal
 * multiple: {@code 500m}, {@code 4}, {@code 256Mi}, {@code 2G}) are read without BigDecimal, which a snapshot of
 * 150 000 pods would otherwise spend most of its conversion time in; anything else takes the exact general path.
 */
final class Quantities {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    /** Whole numbers up to this many digits cannot overflow any multiplier below. */
    private static final int FAST_DIGITS = 6;

    private Quantities() {
    }

    /** CPU in millicores ({@code MilliValue}): {@code 1} → 1000, {@code 250m} → 250, {@code 0.1} → 100. */
    static long millis(Quantity quantity) {
        long whole = wholeNumber(quantity.getAmount());
        if (whole >= 0) {
            long multiplier = "m".equals(quantity.getFormat()) ? 1 : multiplier(quantity.getFormat());
            if (multiplier > 0 && multiplier <= 1_000_000_000L) {
                return "m".equals(quantity.getFormat()) ? whole : whole * multiplier * 1000;
            }
        }
        return quantity.getNumericalAmount().multiply(THOUSAND).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** An amount in its base unit ({@code Value}): bytes for memory and storage ({@code 1Gi}, {@code 1G}), a count otherwise. */
    static long value(Quantity quantity) {
        long whole = wholeNumber(quantity.getAmount());
        if (whole >= 0) {
            if ("m".equals(quantity.getFormat())) {
                return (whole + 999) / 1000;
            }
            long multiplier = multiplier(quantity.getFormat());
            if (multiplier > 0) {
                return whole * multiplier;
            }
        }
        return Quantity.getAmountInBytes(quantity).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** {@code amount} as a whole number of at most {@value #FAST_DIGITS} digits, else -1. */
    private static long wholeNumber(String amount) {
        if (amount == null || amount.isEmpty() || amount.length() > FAST_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < amount.length(); i++) {
            char c = amount.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The suffix's multiplier, or -1 for a suffix the fast path leaves to BigDecimal (exponents, P, E). */
    private static long multiplier(String format) {
        if (format == null || format.isEmpty()) {
            return 1;
        }
        return switch (format) {
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            default -> -1;
        };
    }
}
