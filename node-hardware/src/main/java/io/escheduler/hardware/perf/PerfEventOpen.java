package io.escheduler.hardware.perf;

import com.sun.jna.Memory;
import io.escheduler.hardware.sysfs.Sysfs;

import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code perf_event_open(2)} through libc's {@code syscall}, for counting events. Linux on x86_64
 * only: the syscall number and the structure offsets are those of x86_64.
 *
 * <p>Every event is opened with {@code group_fd} -1 and {@link #PERF_FLAG_FD_CLOEXEC}. A failure
 * is a {@link PerfException} naming the errno:
 * <ul>
 *   <li>EACCES, EPERM: denied; the message gives {@code kernel.perf_event_paranoid} (read under the
 *       procfs root given here) and what system-wide events need;</li>
 *   <li>ENOENT, EINVAL, ENODEV, EOPNOTSUPP: the kernel or the CPU does not support the event;</li>
 *   <li>EMFILE, ENFILE: too many open files.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class PerfEventOpen {

    /** {@code __NR_perf_event_open} on x86_64 (arch/x86/entry/syscalls/syscall_64.tbl). */
    static final long NR_PERF_EVENT_OPEN_X86_64 = 298;

    // enum perf_type_id
    public static final int PERF_TYPE_HARDWARE = 0;
    public static final int PERF_TYPE_SOFTWARE = 1;
    public static final int PERF_TYPE_TRACEPOINT = 2;
    public static final int PERF_TYPE_HW_CACHE = 3;
    public static final int PERF_TYPE_RAW = 4;
    public static final int PERF_TYPE_BREAKPOINT = 5;

    // enum perf_sw_ids (counts in nanoseconds for the two clocks)
    public static final long PERF_COUNT_SW_CPU_CLOCK = 0;
    public static final long PERF_COUNT_SW_TASK_CLOCK = 1;

    // perf_event_open flags
    public static final long PERF_FLAG_FD_NO_GROUP = 1L;
    public static final long PERF_FLAG_FD_OUTPUT = 1L << 1;
    public static final long PERF_FLAG_PID_CGROUP = 1L << 2;
    public static final long PERF_FLAG_FD_CLOEXEC = 1L << 3;

    /** {@code pid} argument: count every task (system-wide; needs a CPU). */
    public static final int ALL_TASKS = -1;
    /** {@code pid} argument: count the calling process. */
    public static final int THIS_PROCESS = 0;
    /** {@code cpu} argument: count on every CPU (needs a task). */
    public static final int ANY_CPU = -1;

    private final Path procfsRoot;

    /**
     * @param procfsRoot where procfs is mounted ({@code /proc} on a host), read only to explain a permission error
     * @throws UnsupportedOperationException when the JVM does not run on x86_64
     */
    public PerfEventOpen(Path procfsRoot) {
        String arch = System.getProperty("os.arch", "");
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            throw new UnsupportedOperationException("perf_event_open is bound for x86_64 Linux only; this JVM runs on '"
                    + arch + "' (os.arch), where the syscall number and perf_event_attr layout differ");
        }
        this.procfsRoot = procfsRoot;
    }

    /**
     * Opens a counting event.
     *
     * @param attr        the event
     * @param pid         the task to count, {@link #THIS_PROCESS}, or {@link #ALL_TASKS} for a system-wide event
     * @param cpu         the CPU to count on, or {@link #ANY_CPU}
     * @param description what the event is, for messages (e.g. {@code power/energy-pkg on CPU 0})
     * @throws PerfException when the kernel refuses the event
     */
    public PerfCounter open(PerfEventAttr attr, int pid, int cpu, String description) throws PerfException {
        Memory memory = attr.toNative();
        long fd = Libc.syscall(NR_PERF_EVENT_OPEN_X86_64, memory, pid, cpu, -1L, PERF_FLAG_FD_CLOEXEC);
        if (fd < 0) {
            int errno = (int) -fd;
            throw new PerfException(errno, String.format("perf_event_open(%s: %s, pid %d, cpu %d) failed: %s",
                    description, attr, pid, cpu, explain(errno, attr)));
        }
        return new PerfCounter((int) fd, description);
    }

    private String explain(int errno, PerfEventAttr attr) {
        String name = Errno.name(errno);
        return switch (errno) {
            case Errno.EACCES, Errno.EPERM -> "perf_event_open denied (" + name + "): kernel.perf_event_paranoid is "
                    + paranoid() + "; system-wide power events need it \u2264 0, root, or CAP_PERFMON"
                    + (errno == Errno.EPERM ? " (EPERM also comes from a seccomp profile, such as a container runtime's default, that blocks perf_event_open)" : "");
            case Errno.ENOENT, Errno.EINVAL, Errno.ENODEV, Errno.EOPNOTSUPP -> "event not supported (" + name
                    + "): the kernel has no PMU of type " + Integer.toUnsignedLong(attr.type()) + " or it rejects config 0x"
                    + Long.toHexString(attr.config()).toUpperCase(Locale.ROOT) + " with these flags on this CPU";
            case Errno.EMFILE, Errno.ENFILE -> "too many open files (" + name + "): raise the open-file limit (ulimit -n, LimitNOFILE)";
            case Errno.ESRCH -> "no such process (" + name + ")";
            case Errno.ENOSYS -> "perf_event_open is not implemented (" + name + "): the kernel lacks CONFIG_PERF_EVENTS";
            default -> name;
        };
    }

    /**
     * {@code kernel.perf_event_paranoid} as read from {@code <procfs>/sys/kernel/perf_event_paranoid},
     * with the path, e.g. {@code 2 (read /proc/sys/kernel/perf_event_paranoid)}, or why it could not be read.
     */
    public String paranoid() {
        Path path = procfsRoot.resolve("sys/kernel/perf_event_paranoid");
        return Sysfs.readIfPresent(path).map(value -> value + " (read " + path + ")").orElse("unknown (" + path + " is unreadable)");
    }
}
