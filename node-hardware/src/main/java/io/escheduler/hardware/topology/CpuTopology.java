package io.escheduler.hardware.topology;

import io.escheduler.hardware.sysfs.Sysfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Online CPUs and how they map onto packages and cores, from
 * {@code <sysfs>/devices/system/cpu/online} and {@code cpuN/topology/{physical_package_id,core_id}}.
 */
public record CpuTopology(List<Cpu> cpus) {

    public CpuTopology {
        cpus = List.copyOf(cpus);
    }

    public static CpuTopology read(Path sysfsRoot) throws IOException {
        Path cpuDir = sysfsRoot.resolve("devices/system/cpu");
        List<Integer> online;
        try {
            online = Sysfs.parseCpuList(Sysfs.read(cpuDir.resolve("online")));
        } catch (IllegalArgumentException e) {
            throw new IOException(cpuDir.resolve("online") + ": " + e.getMessage());
        }
        if (online.isEmpty()) {
            throw new IOException(cpuDir.resolve("online") + " lists no CPU");
        }
        List<Cpu> cpus = new ArrayList<>(online.size());
        for (int id : online) {
            Path topology = cpuDir.resolve("cpu" + id).resolve("topology");
            int packageId = (int) Sysfs.readLong(topology.resolve("physical_package_id"));
            int coreId = (int) Sysfs.readLong(topology.resolve("core_id"));
            cpus.add(new Cpu(id, packageId, coreId));
        }
        return new CpuTopology(cpus);
    }

    /** Package id → its CPUs in ascending order, packages in ascending order. */
    public Map<Integer, List<Cpu>> byPackage() {
        return cpus.stream().collect(Collectors.groupingBy(Cpu::packageId, TreeMap::new, Collectors.toList()));
    }

    /** The lowest-numbered CPU of each package: where package-scope registers are read. */
    public Map<Integer, Cpu> firstCpuOfEachPackage() {
        Map<Integer, Cpu> first = new TreeMap<>();
        for (Cpu cpu : cpus) {
            first.merge(cpu.packageId(), cpu, (a, b) -> a.id() <= b.id() ? a : b);
        }
        return first;
    }

    /** The lowest-numbered CPU (hardware thread) of each core of a package: where core-scope registers are read. */
    public List<Cpu> firstThreadOfEachCore(int packageId) {
        Map<Integer, Cpu> first = new TreeMap<>();
        for (Cpu cpu : cpus) {
            if (cpu.packageId() == packageId) {
                first.merge(cpu.coreId(), cpu, (a, b) -> a.id() <= b.id() ? a : b);
            }
        }
        return List.copyOf(first.values());
    }
}
