package io.escheduler.hardware.rapl;

import java.io.IOException;

/**
 * The package's power limits are locked (MSR 0x610 bit 63, set by firmware and cleared only by a
 * reset): the hardware would ignore a write, so none was made. The powercap driver refuses such
 * writes with EACCES.
 */
public class LimitLockedException extends IOException {

    public LimitLockedException(String message) {
        super(message);
    }

    public LimitLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
