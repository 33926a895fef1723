package io.escheduler.policies.plan;

import java.time.Duration;
import java.util.List;

/** Figures in reasons, the way a person reads them: one decimal at most, never exponent notation. */
public final class Figures {

    private Figures() {
    }

    /** 0.125 → {@code 12.5%}. */
    public static String percent(double fraction) {
        return number(fraction * 100) + "%";
    }

    /** 190.04 → {@code 190 W}. */
    public static String watts(double watts) {
        return number(watts) + " W";
    }

    /** A number rounded to one decimal, the decimal shown only when not 0. */
    public static String number(double value) {
        long tenths = Math.round(value * 10);
        String sign = tenths < 0 ? "-" : "";
        tenths = Math.abs(tenths);
        return tenths % 10 == 0 ? sign + tenths / 10 : sign + tenths / 10 + "." + tenths % 10;
    }

    /** {@code PT10M} → {@code 10m}, {@code PT1H30M} → {@code 1h30m}. */
    public static String duration(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    /** The first five items, then how many more. */
    public static String some(List<String> items) {
        if (items.size() <= 5) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, 5)) + " and " + (items.size() - 5) + " more";
    }
}
