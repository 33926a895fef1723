package io.escheduler.hardware.perf;

import io.escheduler.hardware.rapl.RaplDomain;

/**
 * One event of the perf {@code power} PMU.
 *
 * @param name           the event file's name, e.g. {@code energy-pkg}
 * @param domain         the RAPL domain it counts
 * @param config         the {@code perf_event_attr.config} value (the {@code event=} term)
 * @param joulesPerCount the {@code .scale} file: joules per count (2^-32 on every kernel so far)
 */
public record PowerEvent(String name, RaplDomain domain, long config, double joulesPerCount) {
}
