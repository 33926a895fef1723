package io.escheduler.hardware.rapl;

import java.io.IOException;
import java.util.List;

/** Reads the RAPL power limits in force and the packages' static power figures. */
public interface PowerLimitReader {

    /** The limits of every zone that has them; read fresh on every call. */
    List<ZonePowerLimits> readLimits() throws IOException;

    /** Per package TDP, minimum and maximum power, read once. */
    List<PackagePower> packagePower();
}
