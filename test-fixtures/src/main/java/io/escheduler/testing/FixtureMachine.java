package io.escheduler.testing;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A machine described in text ({@code fixtures/<name>/machine.yaml} on the class path), written out
 * as the sysfs, procfs and {@code /dev/cpu} trees the node services read:
 * <pre>
 *   root/sys/devices/system/cpu/{online, cpuN/topology/*, cpuN/cpufreq/*}
 *   root/sys/class/powercap/intel-rapl:N[:M]/*
 *   root/sys/bus/event_source/devices/power/*   (perf power PMU description)
 *   root/proc/{cpuinfo, stat}
 *   root/dev/cpu/N/msr                          (sparse MSR fixture files)
 * </pre>
 * CPUs are numbered as Linux numbers them on Intel servers: first thread of every core of every
 * package, then the second threads ({@code cpu = thread * packages * cores + package * cores + core}).
 *
 * <p>MSR values are given per scope: {@code all} (every CPU), {@code package P} (every CPU of
 * package P), {@code core P.C} (both threads of core C of package P), {@code cpu N}.
 */
public final class FixtureMachine {

    private final String name;
    private final Map<String, Object> spec;
    private final Path root;
    private final int packages;
    private final int cores;
    private final int threads;

    private FixtureMachine(String name, Map<String, Object> spec, Path root) {
        this.name = name;
        this.spec = spec;
        this.root = root;
        Map<String, Object> topology = map(spec, "topology");
        this.packages = integer(topology, "packages");
        this.cores = integer(topology, "cores");
        this.threads = integer(topology, "threads");
    }

    /** Writes fixture {@code name} under {@code root} (created if needed). */
    public static FixtureMachine create(String name, Path root) {
        String resource = "fixtures/" + name + "/machine.yaml";
        try (InputStream in = FixtureMachine.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture machine " + resource + " on the class path");
            }
            Map<String, Object> spec = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            FixtureMachine machine = new FixtureMachine(name, spec, root);
            machine.write();
            return machine;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public Path root() {
        return root;
    }

    public Path sysfs() {
        return root.resolve("sys");
    }

    public Path procfs() {
        return root.resolve("proc");
    }

    /** The MSR device pattern of this tree, e.g. {@code /tmp/x/dev/cpu/%d/msr}. */
    public String msrPattern() {
        return root.resolve("dev/cpu").toString() + "/%d/msr";
    }

    public int cpuCount() {
        return packages * cores * threads;
    }

    public int packages() {
        return packages;
    }

    public int cpu(int pkg, int core, int thread) {
        return thread * packages * cores + pkg * cores + core;
    }

    public int firstCpuOfPackage(int pkg) {
        return cpu(pkg, 0, 0);
    }

    public MsrFixtureFile msr(int cpu) {
        return new MsrFixtureFile(root.resolve("dev/cpu/" + cpu + "/msr"));
    }

    /** Writes {@code value} to {@code register} of every CPU of package {@code pkg} (package-scope registers). */
    public void writePackageRegister(int pkg, long register, long value) {
        for (int core = 0; core < cores; core++) {
            for (int thread = 0; thread < threads; thread++) {
                msr(cpu(pkg, core, thread)).write(register, value);
            }
        }
    }

    /** Advances a package-scope 32-bit energy counter by {@code counts}, wrapping at 2^32. */
    public void addPackageCounter(int pkg, long register, long counts) {
        for (int core = 0; core < cores; core++) {
            for (int thread = 0; thread < threads; thread++) {
                msr(cpu(pkg, core, thread)).add32(register, counts);
            }
        }
    }

    /** Advances a core-scope 32-bit energy counter (AMD core energy) by {@code counts}. */
    public void addCoreCounter(int pkg, int core, long register, long counts) {
        for (int thread = 0; thread < threads; thread++) {
            msr(cpu(pkg, core, thread)).add32(register, counts);
        }
    }

    /** Path of a powercap zone's attribute, e.g. {@code powercapFile("intel-rapl:0", "energy_uj")}. */
    public Path powercapFile(String zone, String attribute) {
        return sysfs().resolve("class/powercap").resolve(zone).resolve(attribute);
    }

    public void writeFile(Path path, Object content) {
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, content + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write() throws IOException {
        Files.createDirectories(root);
        writeCpus();
        writeProc();
        if (spec.containsKey("msr")) {
            writeMsr(map(spec, "msr"));
        }
        if (spec.containsKey("powercap")) {
            writePowercap(map(spec, "powercap"));
        }
        if (spec.containsKey("perf")) {
            writePerf(map(spec, "perf"));
        }
    }

    private void writeCpus() {
        Path cpuDir = sysfs().resolve("devices/system/cpu");
        writeFile(cpuDir.resolve("online"), "0-" + (cpuCount() - 1));
        writeFile(cpuDir.resolve("possible"), "0-" + (cpuCount() - 1));
        Map<String, Object> cpufreq = spec.containsKey("cpufreq") ? map(spec, "cpufreq") : null;
        for (int pkg = 0; pkg < packages; pkg++) {
            for (int core = 0; core < cores; core++) {
                for (int thread = 0; thread < threads; thread++) {
                    Path dir = cpuDir.resolve("cpu" + cpu(pkg, core, thread));
                    writeFile(dir.resolve("topology/physical_package_id"), pkg);
                    writeFile(dir.resolve("topology/core_id"), core);
                    if (cpufreq != null) {
                        Path freq = dir.resolve("cpufreq");
                        writeFile(freq.resolve("cpuinfo_min_freq"), cpufreq.get("min"));
                        writeFile(freq.resolve("cpuinfo_max_freq"), cpufreq.get("max"));
                        writeFile(freq.resolve("scaling_min_freq"), cpufreq.get("min"));
                        writeFile(freq.resolve("scaling_max_freq"), cpufreq.get("ceiling"));
                        writeFile(freq.resolve("scaling_cur_freq"), cpufreq.get("current"));
                        writeFile(freq.resolve("scaling_governor"), cpufreq.get("governor"));
                        writeFile(freq.resolve("scaling_available_governors"), String.join(" ", strings(cpufreq, "governors")));
                        writeFile(freq.resolve("scaling_driver"), cpufreq.getOrDefault("driver", "intel_pstate"));
                        int id = cpu(pkg, core, thread);
                        writeFile(freq.resolve("related_cpus"), id); // one policy per CPU, as intel_pstate has
                        writeFile(freq.resolve("affected_cpus"), id);
                        writeFile(freq.resolve("scaling_setspeed"), "<unsupported>");
                    }
                }
            }
        }
    }

    private void writeProc() {
        Map<String, Object> cpu = map(spec, "cpu");
        StringBuilder cpuinfo = new StringBuilder();
        for (int id = 0; id < cpuCount(); id++) {
            int pkg = (id / cores) % packages;
            int core = id % cores;
            cpuinfo.append("processor\t: ").append(id).append('\n')
                    .append("vendor_id\t: ").append(cpu.get("vendor")).append('\n')
                    .append("cpu family\t: ").append(integer(cpu, "family")).append('\n')
                    .append("model\t\t: ").append(integer(cpu, "model")).append('\n')
                    .append("model name\t: ").append(cpu.get("name")).append('\n')
                    .append("physical id\t: ").append(pkg).append('\n')
                    .append("core id\t\t: ").append(core).append('\n')
                    .append("cpu cores\t: ").append(cores).append('\n')
                    .append('\n');
        }
        writeFile(procfs().resolve("cpuinfo"), cpuinfo.toString().strip());
        writeFile(procfs().resolve("stat"), spec.getOrDefault("stat", "cpu  100 0 50 1000 10 0 0 0 0 0"));
    }

    private void writeMsr(Map<String, Object> scopes) {
        for (Map.Entry<String, Object> scope : scopes.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> registers = (Map<Object, Object>) scope.getValue();
            for (int cpu : cpusOf(scope.getKey())) {
                MsrFixtureFile file = msr(cpu);
                for (Map.Entry<Object, Object> register : registers.entrySet()) {
                    file.write(number(register.getKey()), number(register.getValue()));
                }
            }
        }
    }

    private List<Integer> cpusOf(String scope) {
        String[] words = scope.trim().split("\\s+");
        List<Integer> cpus = new ArrayList<>();
        switch (words[0]) {
            case "all" -> {
                for (int id = 0; id < cpuCount(); id++) {
                    cpus.add(id);
                }
            }
            case "package" -> {
                int pkg = Integer.parseInt(words[1]);
                for (int core = 0; core < cores; core++) {
                    for (int thread = 0; thread < threads; thread++) {
                        cpus.add(cpu(pkg, core, thread));
                    }
                }
            }
            case "core" -> {
                String[] pc = words[1].split("\\.");
                for (int thread = 0; thread < threads; thread++) {
                    cpus.add(cpu(Integer.parseInt(pc[0]), Integer.parseInt(pc[1]), thread));
                }
            }
            case "cpu" -> cpus.add(Integer.parseInt(words[1]));
            default -> throw new IllegalArgumentException(name + ": unknown MSR scope '" + scope + "' (all, package P, core P.C, cpu N)");
        }
        return cpus;
    }

    @SuppressWarnings("unchecked")
    private void writePowercap(Map<String, Object> zones) {
        Path classDir = sysfs().resolve("class/powercap");
        writeFile(classDir.resolve("intel-rapl/enabled"), 1);
        for (Map.Entry<String, Object> zone : zones.entrySet()) {
            Path dir = classDir.resolve(zone.getKey());
            Map<String, Object> attributes = (Map<String, Object>) zone.getValue();
            for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
                if (attribute.getKey().equals("constraints")) {
                    List<Map<String, Object>> constraints = (List<Map<String, Object>>) attribute.getValue();
                    for (int n = 0; n < constraints.size(); n++) {
                        for (Map.Entry<String, Object> field : constraints.get(n).entrySet()) {
                            writeFile(dir.resolve("constraint_" + n + "_" + field.getKey()), field.getValue());
                        }
                    }
                } else {
                    writeFile(dir.resolve(attribute.getKey()), attribute.getValue());
                }
            }
        }
    }

    private void writePerf(Map<String, Object> perf) {
        Path dir = sysfs().resolve("bus/event_source/devices/power");
        for (Map.Entry<String, Object> entry : perf.entrySet()) {
            writeFile(dir.resolve(entry.getKey()), entry.getValue());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("fixture: '" + key + "' must be a mapping");
        }
        return new LinkedHashMap<>((Map<String, Object>) value);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> parent, String key) {
        return ((List<Object>) parent.get(key)).stream().map(Object::toString).toList();
    }

    private static int integer(Map<String, Object> parent, String key) {
        return (int) number(parent.get(key));
    }

    /** YAML integers, or strings in decimal or 0x-hex (YAML 1.1 reads 0x55 as an integer already). */
    static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        String text = String.valueOf(value).trim().replace("_", "");
        if (text.startsWith("0x") || text.startsWith("0X")) {
            return Long.parseUnsignedLong(text.substring(2), 16);
        }
        return Long.parseLong(text);
    }
}
