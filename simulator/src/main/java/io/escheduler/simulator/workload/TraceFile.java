package io.escheduler.simulator.workload;

import io.escheduler.simulator.cluster.Taint;
import io.escheduler.simulator.input.InputError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a workload trace (docs/simulator.md, "Trace file"): a CSV file with the header
 * {@value #HEADER}, one pod per line, {@code #} comments and blank lines ignored; and, when a row's {@code cpu_use_m}
 * names a curve ({@code curve:NAME} or {@code curve:NAME*SCALE}), the curves in the file beside it,
 * {@code <trace>.usage.csv} with the header {@value #USAGE_HEADER}. The whole file is read and checked before anything
 * is returned: a malformed row is an {@link InputError} with the file, the line and the reason.
 */
public final class TraceFile {

    public static final String HEADER = "arrival_s,namespace,name,owner,cpu_request_m,memory_request_mi,cpu_use_m,duration_s,"
            + "program,pdb,scheduler,node_selector,tolerations";
    public static final String USAGE_HEADER = "curve,time_s,cpu_m";
    private static final List<String> COLUMNS = List.of(HEADER.split(","));
    /** The first nine columns are required in every row; the rest may be left off. */
    private static final int REQUIRED = 9;
    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Pattern BUDGET = Pattern.compile("([a-z0-9][-a-z0-9.]*)(?::(minAvailable|maxUnavailable)=([0-9]+))?");

    private TraceFile() {
    }

    public static Workload read(Path file) {
        String name = file.toString();
        List<String> lines = lines(file);
        int header = -1;
        Map<String, UsageCurve> curves = null;
        Map<String, Budget> budgets = new HashMap<>();
        Set<String> keys = new HashSet<>();
        List<PodSpec> pods = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (header < 0) {
                if (!line.replace(" ", "").equals(HEADER)) {
                    throw new InputError(name, number, "the first line must be the header " + HEADER);
                }
                header = number;
                continue;
            }
            List<String> f = Csv.split(line);
            if (f == null) {
                throw new InputError(name, number, "a quoted field is not closed");
            }
            if (f.size() < REQUIRED || f.size() > COLUMNS.size()) {
                throw new InputError(name, number, "expected " + REQUIRED + " to " + COLUMNS.size() + " columns (" + HEADER + "), got " + f.size());
            }
            while (f.size() < COLUMNS.size()) {
                f.add("");
            }
            Row row = new Row(name, number, f);
            if (row.text(6).startsWith("curve:") && curves == null) {
                curves = curves(usageFile(file), name, number);
            }
            PodSpec pod = row.pod(curves, budgets);
            if (!keys.add(pod.key())) {
                throw new InputError(name, number, "pod " + pod.key() + " appears twice");
            }
            pods.add(pod);
        }
        if (header < 0) {
            throw new InputError(name, 0, "no header line (" + HEADER + ")");
        }
        return new Workload("trace " + file.getFileName(), pods, Programs.NONE);
    }

    /** {@code <trace>.usage.csv} beside {@code trace.csv}. */
    public static Path usageFile(Path trace) {
        String f = trace.getFileName().toString();
        String stem = f.endsWith(".csv") ? f.substring(0, f.length() - 4) : f;
        return trace.resolveSibling(stem + ".usage.csv");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputError(file.toString(), 0, "cannot be read: " + e.getMessage());
        }
    }

    private static Map<String, UsageCurve> curves(Path file, String trace, int line) {
        if (!Files.isRegularFile(file)) {
            throw new InputError(trace, line, "cpu_use_m names a curve, but there is no usage file " + file);
        }
        String name = file.toString();
        List<String> lines = lines(file);
        Map<String, List<long[]>> times = new LinkedHashMap<>();
        Map<String, List<Double>> values = new HashMap<>();
        boolean seenHeader = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (!seenHeader) {
                if (!l.replace(" ", "").equals(USAGE_HEADER)) {
                    throw new InputError(name, i + 1, "the first line must be the header " + USAGE_HEADER);
                }
                seenHeader = true;
                continue;
            }
            List<String> f = Csv.split(l);
            if (f == null || f.size() != 3) {
                throw new InputError(name, i + 1, "expected 3 columns (" + USAGE_HEADER + ")");
            }
            if (f.get(0).isEmpty()) {
                throw new InputError(name, i + 1, "curve: a name is needed");
            }
            double t = number(f.get(1), name, i + 1, "time_s");
            double v = number(f.get(2), name, i + 1, "cpu_m");
            if (t < 0 || v < 0) {
                throw new InputError(name, i + 1, "time_s and cpu_m must not be negative");
            }
            List<long[]> ts = times.computeIfAbsent(f.get(0), k -> new ArrayList<>());
            long ms = Math.round(t * 1000);
            if (!ts.isEmpty() && ts.get(ts.size() - 1)[0] >= ms) {
                throw new InputError(name, i + 1, "curve " + f.get(0) + ": time_s must increase from row to row (" + f.get(1) + ")");
            }
            ts.add(new long[]{ms});
            values.computeIfAbsent(f.get(0), k -> new ArrayList<>()).add(v);
        }
        Map<String, UsageCurve> out = new HashMap<>();
        times.forEach((curve, ts) -> {
            long[] t = ts.stream().mapToLong(a -> a[0]).toArray();
            double[] v = values.get(curve).stream().mapToDouble(Double::doubleValue).toArray();
            out.put(curve, new UsageCurve(curve, t, v));
        });
        return out;
    }

    private static double number(String text, String file, int line, String column) {
        try {
            double v = Double.parseDouble(text);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InputError(file, line, column + " must be a number, got '" + text + "'");
        }
    }

    /** One pod row. */
    private record Row(String file, int line, List<String> f) {

        String text(int column) {
            return f.get(column);
        }

        InputError error(String reason) {
            return new InputError(file, line, reason);
        }

        double number(int column) {
            return TraceFile.number(f.get(column), file, line, COLUMNS.get(column));
        }

        PodSpec pod(Map<String, UsageCurve> curves, Map<String, Budget> budgets) {
            double arrival = number(0);
            if (arrival < 0) {
                throw error("arrival_s must not be negative, got " + text(0));
            }
            String namespace = text(1);
            String name = text(2);
            if (!DNS_NAME.matcher(namespace).matches() || !DNS_NAME.matcher(name).matches()) {
                throw error("namespace and name must be lower-case DNS names, got '" + namespace + "/" + name + "'");
            }
            Owner owner = Owner.of(text(3));
            if (owner == null) {
                throw error("owner must be ReplicaSet, StatefulSet, Job, DaemonSet or None, got '" + text(3) + "'");
            }
            double cpu = number(4);
            double memory = number(5);
            if (cpu < 0 || memory < 0) {
                throw error("cpu_request_m and memory_request_mi must not be negative");
            }
            Usage usage = usage(curves);
            long duration = -1;
            if (!text(7).isEmpty()) {
                double d = number(7);
                if (!(d > 0)) {
                    throw error("duration_s must be positive, or empty for a pod that runs to the end, got " + text(7));
                }
                duration = Math.round(d * 1000);
            } else if (owner.batch()) {
                throw error("a Job's pod needs duration_s (its run time at nominal speed)");
            }
            String program = text(8).isEmpty() ? null : text(8);
            Budget budget = budget(namespace, budgets);
            boolean energy = switch (text(10)) {
                case "", "default-scheduler" -> false;
                case "energy-scheduler" -> true;
                default -> throw error("scheduler must be default-scheduler or energy-scheduler, got '" + text(10) + "'");
            };
            return new PodSpec(Math.round(arrival * 1000), namespace, name, owner, Math.round(cpu), Math.round(memory), usage, duration,
                    program, budget, energy, selector(), tolerations());
        }

        private Usage usage(Map<String, UsageCurve> curves) {
            String u = text(6);
            if (!u.startsWith("curve:")) {
                double v = number(6);
                if (v < 0) {
                    throw error("cpu_use_m must not be negative, got " + u);
                }
                return Usage.constant(v);
            }
            String ref = u.substring("curve:".length());
            double scale = 1;
            int star = ref.indexOf('*');
            if (star >= 0) {
                scale = TraceFile.number(ref.substring(star + 1), file, line, "cpu_use_m's scale");
                ref = ref.substring(0, star);
            }
            UsageCurve curve = curves.get(ref);
            if (curve == null) {
                throw error("cpu_use_m names curve '" + ref + "', which the usage file does not define");
            }
            return curve.scaled(scale);
        }

        private Budget budget(String namespace, Map<String, Budget> budgets) {
            String p = text(9);
            if (p.isEmpty()) {
                return null;
            }
            var m = BUDGET.matcher(p);
            if (!m.matches()) {
                throw error("pdb must be NAME, NAME:minAvailable=N or NAME:maxUnavailable=N, got '" + p + "'");
            }
            String key = namespace + "/" + m.group(1);
            Budget known = budgets.get(key);
            if (m.group(2) == null) {
                if (known == null) {
                    known = new Budget(namespace, m.group(1), -1, 1);
                    budgets.put(key, known);
                }
                return known;
            }
            int n = Integer.parseInt(m.group(3));
            Budget b = m.group(2).equals("minAvailable") ? new Budget(namespace, m.group(1), n, -1) : new Budget(namespace, m.group(1), -1, n);
            if (known != null && !known.equals(b)) {
                throw error("PodDisruptionBudget " + key + " is defined twice, differently");
            }
            budgets.put(key, b);
            return b;
        }

        private Map<String, String> selector() {
            Map<String, String> out = new LinkedHashMap<>();
            if (text(11).isEmpty()) {
                return out;
            }
            for (String pair : text(11).split(";")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw error("node_selector must be key=value;key=value, got '" + text(11) + "'");
                }
                out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
            return out;
        }

        private List<Taint> tolerations() {
            List<Taint> out = new ArrayList<>();
            if (text(12).isEmpty()) {
                return out;
            }
            for (String t : text(12).split(";")) {
                String effect = "";
                int colon = t.lastIndexOf(':');
                if (colon >= 0) {
                    effect = t.substring(colon + 1).strip();
                    t = t.substring(0, colon);
                    if (!Set.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                        throw error("a toleration's effect must be NoSchedule, PreferNoSchedule or NoExecute, got '" + effect + "'");
                    }
                }
                int eq = t.indexOf('=');
                String key = (eq < 0 ? t : t.substring(0, eq)).strip();
                if (key.isEmpty()) {
                    throw error("tolerations must be key[=value][:Effect];…, got '" + text(12) + "'");
                }
                out.add(new Taint(key, eq < 0 ? "" : t.substring(eq + 1).strip(), effect));
            }
            return out;
        }
    }
}
