package io.escheduler.hardware.procfs;

import io.escheduler.hardware.sysfs.AttributeFile;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads {@code <procfs>/stat}. Times are in USER_HZ ticks, which Linux fixes at 100 per second for
 * user space on every architecture this project runs on.
 */
public final class ProcStat implements Closeable {

    /** {@code sysconf(_SC_CLK_TCK)}: 100 on x86-64 Linux. */
    public static final int USER_HZ = 100;

    private final AttributeFile file;

    public ProcStat(Path procfsRoot) {
        this.file = new AttributeFile(procfsRoot.resolve("stat"));
    }

    public Path path() {
        return file.path();
    }

    public CpuTimes read() throws IOException {
        return parse(file.read(), file.path());
    }

    /** Parses the aggregate {@code cpu  user nice system idle iowait irq softirq steal guest guest_nice} line. */
    static CpuTimes parse(String text, Path source) throws IOException {
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 5 || !fields[0].equals("cpu")) {
            throw new IOException(source + ": first line is not the aggregate cpu line: '" + line + "'");
        }
        long[] ticks = new long[8]; // user nice system idle iowait irq softirq steal; older kernels have fewer
        try {
            for (int i = 0; i < ticks.length && i + 1 < fields.length; i++) {
                ticks[i] = Long.parseLong(fields[i + 1]);
            }
        } catch (NumberFormatException e) {
            throw new IOException(source + ": not a number in '" + line + "'");
        }
        long busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7];
        long idle = ticks[3] + ticks[4];
        return new CpuTimes((double) busy / USER_HZ, (double) idle / USER_HZ);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
