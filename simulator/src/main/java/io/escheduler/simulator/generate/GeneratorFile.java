package io.escheduler.simulator.generate;

import io.escheduler.simulator.input.InputError;
import io.escheduler.simulator.input.Tree;
import io.escheduler.simulator.workload.PodSpec;
import io.escheduler.simulator.workload.Programs;
import io.escheduler.simulator.workload.Workload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A workload generator described in a YAML file (docs/simulator.md, "Generators"): any of the sections {@code web}
 * (services scaled by an HPA-like rule over a diurnal curve), {@code batch} (Poisson arrivals, log-normal durations)
 * and {@code hpc} (runs of named programs whose power differs by system), each with its parameters and the sources
 * they come from. {@code --generate NAME} takes the built-in generator {@code NAME} (src/main/resources/generators/)
 * or a file.
 */
public final class GeneratorFile {

    private static final Set<String> TOP = Set.of("name", "description", "sources", "web", "batch", "hpc");

    private GeneratorFile() {
    }

    /** Built-in generators' names. */
    public static final List<String> BUILT_IN = List.of("web-batch", "mixed", "hpc");

    /** The generator {@code nameOrFile} with {@code seed} over {@code days}. */
    public static Workload generate(String nameOrFile, long seed, double days) {
        Path file = resolve(nameOrFile);
        Tree.Mapping root = Tree.read(file).only(TOP, "a generator file");
        Random random = new Random(seed);
        long end = Math.round(days * 86_400_000L);
        List<PodSpec> pods = new ArrayList<>();
        Map<String, Map<String, Double>> factors = new HashMap<>();
        if (root.optional("web") != null) {
            pods.addAll(WebServices.read(root.optional("web").mapping()).generate(new Random(random.nextLong()), end));
        } else {
            random.nextLong();
        }
        if (root.optional("batch") != null) {
            pods.addAll(BatchJobs.read(root.optional("batch").mapping()).generate(new Random(random.nextLong()), end));
        } else {
            random.nextLong();
        }
        if (root.optional("hpc") != null) {
            HpcRuns hpc = HpcRuns.read(root.optional("hpc").mapping());
            pods.addAll(hpc.generate(new Random(random.nextLong()), end));
            factors.putAll(hpc.factors());
        }
        if (pods.isEmpty()) {
            throw new InputError(file.toString(), 0, "the generator has no web, batch or hpc section, or they make no pod in " + days + " days");
        }
        String name = root.optional("name") == null ? nameOrFile : root.optional("name").text();
        return new Workload("generator " + name + ", seed " + seed, pods, new Programs(factors));
    }

    private static Path resolve(String nameOrFile) {
        Path path = Path.of(nameOrFile);
        if (Files.isRegularFile(path)) {
            return path;
        }
        if (BUILT_IN.contains(nameOrFile)) {
            try (InputStream in = GeneratorFile.class.getResourceAsStream("/generators/" + nameOrFile + ".yaml")) {
                if (in == null) {
                    throw new IllegalStateException("built-in generator " + nameOrFile + " missing from the jar");
                }
                Path tmp = Files.createTempFile("generator-" + nameOrFile, ".yaml");
                tmp.toFile().deleteOnExit();
                Files.write(tmp, in.readAllBytes());
                return tmp;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new InputError(nameOrFile, 0, "no such generator file, and no built-in generator of that name (built in: "
                + String.join(", ", BUILT_IN) + ")");
    }

    static double positive(Tree.Mapping m, String key, String what) {
        Tree.Value v = m.required(key, what);
        double d = v.number(key);
        if (!(d > 0)) {
            throw v.error(key + " must be positive, got " + v.text());
        }
        return d;
    }

    static double optional(Tree.Mapping m, String key, double fallback) {
        Tree.Value v = m.optional(key);
        return v == null ? fallback : v.number(key);
    }

    static Diurnal diurnal(Tree.Value v) {
        if (v == null) {
            return null;
        }
        Tree.Mapping m = v.mapping().only(Set.of("peakToTrough", "peakHour", "weekendFactor"), "diurnal");
        try {
            return new Diurnal(positive(m, "peakToTrough", "diurnal"), optional(m, "peakHour", 14), optional(m, "weekendFactor", 1));
        } catch (IllegalArgumentException e) {
            throw v.error(e.getMessage());
        }
    }
}
