package io.escheduler.hardware.perf;

import com.sun.jna.Memory;

/**
 * The fields of {@code struct perf_event_attr} (linux/perf_event.h) that a counting event needs.
 * Everything else is written as zero: no sampling ({@code sample_period} 0), and
 * {@code read_format} 0 so that a {@code read(2)} returns the bare 64-bit count.
 *
 * @param type   the PMU: {@link PerfEventOpen#PERF_TYPE_SOFTWARE} and the other fixed types, or a
 *               dynamic PMU's number from {@code <sysfs>/bus/event_source/devices/<pmu>/type}; an
 *               unsigned 32-bit value
 * @param config the event within the PMU (for the {@code power} PMU, the {@code event=} term of its event file)
 * @param flags  the bitfield at offset 40: an OR of {@link #DISABLED}, {@link #INHERIT},
 *               {@link #EXCLUDE_USER}, {@link #EXCLUDE_KERNEL}, {@link #EXCLUDE_HV}, {@link #EXCLUDE_IDLE}
 */
public record PerfEventAttr(int type, long config, long flags) {

    /** Size of the first published version 5 of the structure (Linux 4.1), understood by every later kernel. */
    public static final int PERF_ATTR_SIZE_VER5 = 112;

    /** Offsets in bytes, as laid out by linux/perf_event.h on x86_64. */
    static final long OFFSET_TYPE = 0;       // __u32
    static final long OFFSET_SIZE = 4;       // __u32
    static final long OFFSET_CONFIG = 8;     // __u64
    static final long OFFSET_READ_FORMAT = 32; // __u64
    static final long OFFSET_FLAGS = 40;     // __u64 bitfield

    /** Bitfield {@code disabled}: the event starts off and must be enabled with an ioctl. */
    public static final long DISABLED = 1L;
    /** Bitfield {@code inherit}: children of the measured task are counted too. */
    public static final long INHERIT = 1L << 1;
    /** Bitfield {@code exclude_user}: do not count user space. */
    public static final long EXCLUDE_USER = 1L << 4;
    /** Bitfield {@code exclude_kernel}: do not count the kernel (needed at {@code perf_event_paranoid} 2 without privilege). */
    public static final long EXCLUDE_KERNEL = 1L << 5;
    /** Bitfield {@code exclude_hv}: do not count the hypervisor. */
    public static final long EXCLUDE_HV = 1L << 6;
    /** Bitfield {@code exclude_idle}: do not count while idle. */
    public static final long EXCLUDE_IDLE = 1L << 7;

    /**
     * A counting event with no flag set: enabled from the moment it opens. This is what the
     * {@code power} PMU accepts: it rejects sampling and every {@code exclude_*} filter with EINVAL.
     */
    public static PerfEventAttr counting(int type, long config) {
        return new PerfEventAttr(type, config, 0);
    }

    public PerfEventAttr withFlags(long moreFlags) {
        return new PerfEventAttr(type, config, flags | moreFlags);
    }

    /** The structure in native memory, {@link #PERF_ATTR_SIZE_VER5} bytes, every other byte zero. */
    public Memory toNative() {
        Memory memory = new Memory(PERF_ATTR_SIZE_VER5);
        memory.clear();
        memory.setInt(OFFSET_TYPE, type);
        memory.setInt(OFFSET_SIZE, PERF_ATTR_SIZE_VER5);
        memory.setLong(OFFSET_CONFIG, config);
        memory.setLong(OFFSET_READ_FORMAT, 0);
        memory.setLong(OFFSET_FLAGS, flags);
        return memory;
    }

    @Override
    public String toString() {
        return String.format("type %d config 0x%X", Integer.toUnsignedLong(type), config);
    }
}
