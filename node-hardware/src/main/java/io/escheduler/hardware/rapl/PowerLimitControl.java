package io.escheduler.hardware.rapl;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the package RAPL power limits of one node: long term (PL1) and short term (PL2),
 * watts over a time window in seconds. Pure hardware access: which values are safe is the caller's
 * decision, checked against {@link #bounds(String)}; a backend refuses only what it cannot encode.
 *
 * <p>Backends: {@link MsrPowerLimitControl} (MSR 0x610 through {@code /dev/cpu/N/msr}) and
 * {@code powercap.PowercapPowerLimitControl} ({@code /sys/class/powercap/intel-rapl:N}). Neither
 * touches the MMIO limits ({@code intel-rapl-mmio}) that client parts from Tiger Lake on also
 * honour: the hardware enforces the lower of the two.
 *
 * <p>Not thread-safe: callers serialise.
 */
public interface PowerLimitControl extends Closeable {

    /** {@code msr} or {@code powercap}. */
    String kind();

    /** Package ids as in {@link io.escheduler.hardware.energy.ZoneKey#packageId()} ({@code 0}, {@code 1}, ...), ascending. */
    List<String> packages();

    /**
     * The limits in force, read fresh.
     *
     * @throws IllegalArgumentException when {@code pkg} is not one of {@link #packages()}
     * @throws IOException              when the register or file cannot be read; the message names it
     */
    PackageLimits read(String pkg) throws IOException;

    /**
     * What {@link #write} can set on {@code pkg}, read once at open.
     *
     * @throws IllegalArgumentException when {@code pkg} is not one of {@link #packages()}
     */
    LimitBounds bounds(String pkg);

    /**
     * Sets the long-term limit and, when given, the short-term one (else PL2 is left as it is), reads
     * back and verifies.
     *
     * @return what the hardware holds afterwards
     * @throws IllegalArgumentException     when {@code pkg} is unknown or a value cannot be encoded by this backend
     * @throws LimitLockedException         when the limits are locked until reset; nothing was changed
     * @throws LimitVerificationException   when the read-back differs from the request beyond the backend's resolution
     * @throws IOException                  when a write or read fails; the message names the register or file and the reason
     */
    PackageLimits write(String pkg, PowerLimit longTerm, Optional<PowerLimit> shortTerm) throws IOException;

    @Override
    void close();
}
