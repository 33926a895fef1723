package io.escheduler.hardware.msr;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-CPU model-specific-register devices of one node: {@code /dev/cpu/N/msr} (the kernel's
 * msr driver) or {@code /dev/cpu/N/msr_safe} (LLNL msr-safe). A register is read or written as 8
 * bytes at file offset = register number, with positional {@link FileChannel} I/O ({@code pread} /
 * {@code pwrite}). Each CPU's device is opened once, on first use, and kept open.
 *
 * <p>Thread-safe: positional channel I/O is, and opening is synchronised.
 */
public final class MsrDevices implements Closeable {

    private final String pattern;
    private final boolean writable;
    private final Map<Integer, FileChannel> channels = new HashMap<>();

    /**
     * @param pattern  device path with {@code %d} for the CPU number, e.g. {@code /dev/cpu/%d/msr}
     * @param writable open the devices for writing too (the actuator); the exporter only reads
     */
    public MsrDevices(String pattern, boolean writable) {
        if (!pattern.contains("%d")) {
            throw new IllegalArgumentException("MSR device pattern '" + pattern + "' has no %d for the CPU number");
        }
        this.pattern = pattern;
        this.writable = writable;
    }

    public String pattern() {
        return pattern;
    }

    public Path path(int cpu) {
        return Path.of(String.format(pattern, cpu));
    }

    /** Reads the 64-bit register {@code register} of {@code cpu}. */
    public long read(int cpu, long register) throws MsrException {
        ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        FileChannel channel = channel(cpu);
        try {
            int n = channel.read(buffer, register);
            if (n != 8) { // end of device: the register does not exist
                throw new MsrException(MsrException.Reason.REGISTER_UNREADABLE, unreadable(cpu, register), null);
            }
        } catch (MsrException e) {
            throw e;
        } catch (IOException e) {
            throw new MsrException(MsrException.Reason.REGISTER_UNREADABLE, unreadable(cpu, register), e);
        }
        return buffer.flip().getLong();
    }

    /** Writes {@code value} to register {@code register} of {@code cpu}. */
    public void write(int cpu, long register, long value) throws MsrException {
        if (!writable) {
            throw new IllegalStateException("MSR devices were opened read-only");
        }
        ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).flip();
        FileChannel channel = channel(cpu);
        try {
            int n = channel.write(buffer, register);
            if (n != 8) {
                throw new MsrException(MsrException.Reason.OTHER, String.format("%s: register 0x%X wrote %d of 8 bytes", path(cpu), register, n), null);
            }
        } catch (MsrException e) {
            throw e;
        } catch (IOException e) {
            throw new MsrException(MsrException.Reason.OTHER, String.format("%s: writing register 0x%X failed (%s)%s", path(cpu), register,
                    e.getMessage(), msrSafe() ? "; msr-safe allows a write only when the allow-list's write mask covers it" : ""), e);
        }
    }

    private synchronized FileChannel channel(int cpu) throws MsrException {
        FileChannel channel = channels.get(cpu);
        if (channel != null) {
            return channel;
        }
        Path path = path(cpu);
        try {
            channel = writable
                    ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new MsrException(MsrException.Reason.DEVICE_MISSING, path + " does not exist: " + (msrSafe()
                    ? "load LLNL's msr-safe module (modprobe msr-safe)"
                    : "load the msr driver (modprobe msr)"), e);
        } catch (AccessDeniedException e) {
            throw new MsrException(MsrException.Reason.PERMISSION_DENIED, path + ": permission denied: " + (msrSafe()
                    ? "the user needs read/write access to the msr_safe devices (group permissions set by the site)"
                    : "run as root, or with CAP_SYS_RAWIO and read access to the device"), e);
        } catch (java.nio.file.FileSystemException e) {
            if (String.valueOf(e.getReason()).contains("Operation not permitted")) { // EPERM: capability or device cgroup
                throw new MsrException(MsrException.Reason.PERMISSION_DENIED, path + ": operation not permitted: the msr driver needs "
                        + "CAP_SYS_RAWIO, and inside a container the device cgroup must allow the device (a privileged container, "
                        + "or a device plugin)", e);
            }
            throw new MsrException(MsrException.Reason.OTHER, path + ": cannot open: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MsrException(MsrException.Reason.OTHER, path + ": cannot open: " + e.getMessage(), e);
        }
        channels.put(cpu, channel);
        return channel;
    }

    private String unreadable(int cpu, long register) {
        String reason = msrSafe()
                ? "it is not in msr-safe's allow-list (add it to /dev/cpu/msr_allowlist)"
                : "this CPU does not implement it, or a hypervisor hides it (MSRs are usually unreadable inside VMs)";
        return String.format("%s: register 0x%X is not readable: %s", path(cpu), register, reason);
    }

    private boolean msrSafe() {
        return pattern.contains("msr_safe");
    }

    @Override
    public synchronized void close() {
        for (FileChannel channel : channels.values()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a device cannot lose data
            }
        }
        channels.clear();
    }
}
