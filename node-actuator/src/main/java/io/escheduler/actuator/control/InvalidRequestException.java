package io.escheduler.actuator.control;

import java.util.Map;

/** A request the hardware cannot take (out of range, unknown CPU or governor): answered 422 and nothing is written. */
public class InvalidRequestException extends RuntimeException {

    private final Map<String, Object> detail;

    public InvalidRequestException(String message, Map<String, Object> detail) {
        super(message);
        this.detail = detail;
    }

    /** What was asked and what is allowed, e.g. {@code {"field": "ceilingKhz", "allowed": {"min": 800000, "max": 3200000}}}. */
    public Map<String, Object> detail() {
        return detail;
    }
}
