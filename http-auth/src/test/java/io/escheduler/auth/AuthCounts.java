package io.escheduler.auth;

/** The {@code <service>_auth_total{outcome}} counters in a service's {@code /metrics} text, for the services' tests. */
public final class AuthCounts {

    private AuthCounts() {
    }

    /**
     * @param metrics the {@code /metrics} text
     * @param service e.g. {@code energy-analyzer}
     * @throws AssertionError when the series is missing
     */
    public static double total(String metrics, String service, String outcome) {
        String prefix = service.replace('-', '_') + "_auth_total{outcome=\"" + outcome + "\"} ";
        return metrics.lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()).strip()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + prefix));
    }
}
