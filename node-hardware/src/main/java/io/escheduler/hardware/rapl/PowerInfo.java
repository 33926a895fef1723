package io.escheduler.hardware.rapl;

/**
 * A power-info register decoded (package 0x614, DRAM 0x61C): thermal spec power (TDP) bits 14:0,
 * minimum power 30:16, maximum power 46:32 (power units), maximum time window 53:48 (decoded as
 * the kernel does, in the Y/F time-window format). A field of 0 means the part does not report it.
 */
public record PowerInfo(double thermalSpecWatts, double minWatts, double maxWatts, double maxWindowSeconds) {

    public static PowerInfo decode(long raw, RaplUnits units) {
        double tdp = (raw & 0x7FFF) * units.wattsPerCount();
        double min = (raw >>> 16 & 0x7FFF) * units.wattsPerCount();
        double max = (raw >>> 32 & 0x7FFF) * units.wattsPerCount();
        double window = PowerLimitRegister.decodeWindow((int) (raw >>> 48 & 0x3F), units);
        return new PowerInfo(tdp, min, max, window);
    }
}
