package io.escheduler.hardware.rapl;

import java.io.IOException;

/**
 * A limit was written but reads back different from the request beyond the backend's resolution:
 * the hardware, a hypervisor or an allow-list (msr-safe write masks) dropped or changed it. The
 * message gives the register or file, the value requested and the value read back.
 */
public class LimitVerificationException extends IOException {

    public LimitVerificationException(String message) {
        super(message);
    }
}
