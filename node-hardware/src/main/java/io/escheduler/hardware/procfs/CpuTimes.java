package io.escheduler.hardware.procfs;

/**
 * Node-wide CPU time since boot, summed over all CPUs, from the first line of {@code /proc/stat}.
 *
 * @param busySeconds user + nice + system + irq + softirq + steal (guest time is already inside user and nice)
 * @param idleSeconds idle + iowait
 */
public record CpuTimes(double busySeconds, double idleSeconds) {
}
