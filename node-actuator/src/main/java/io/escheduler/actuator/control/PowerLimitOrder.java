package io.escheduler.actuator.control;

import java.time.Duration;
import java.util.List;

/**
 * A validated-for-shape {@code PUT /v1/power-limit}; ranges are checked against the hardware by
 * {@link Actuator}. Null means "keep what is in force".
 *
 * @param watts                  long-term (PL1) limit per package
 * @param windowSeconds          its averaging window
 * @param shortTermWatts         short-term (PL2) limit per package
 * @param shortTermWindowSeconds its window
 * @param packages               package ids, or null for every package
 * @param ttl                    how long the change lasts unless renewed, or null: until restored
 */
public record PowerLimitOrder(double watts, Double windowSeconds, Double shortTermWatts, Double shortTermWindowSeconds,
                              List<String> packages, Duration ttl) {
}
