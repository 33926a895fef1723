package io.escheduler.actuator.control;

/** This node's hardware cannot do it (no cpufreq; no RAPL power limits, as on AMD): answered 501. */
public class UnsupportedOnNodeException extends RuntimeException {

    public UnsupportedOnNodeException(String message) {
        super(message);
    }
}
