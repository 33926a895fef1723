package io.escheduler.hardware.msr;

import java.io.IOException;

/** An MSR device could not be opened, read or written; the message names the path and the fix. */
public class MsrException extends IOException {

    /** What went wrong. */
    public enum Reason {
        /** No device file: the driver is not loaded (or the CPU is offline). */
        DEVICE_MISSING,
        /** The device exists but this process may not open it. */
        PERMISSION_DENIED,
        /** The device opened but this register does not read: not implemented, hidden by a hypervisor, or not allow-listed. */
        REGISTER_UNREADABLE,
        /** Anything else (a failed write, an I/O error). */
        OTHER
    }

    private final Reason reason;

    public MsrException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The device itself is unusable, as opposed to one register being absent. */
    public boolean deviceUnusable() {
        return reason == Reason.DEVICE_MISSING || reason == Reason.PERMISSION_DENIED;
    }
}
