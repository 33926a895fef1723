package io.escheduler.simulator.cluster;

import io.escheduler.simulator.input.InputError;
import io.escheduler.simulator.input.Tree;
import io.escheduler.simulator.power.PowerCurve;
import io.escheduler.simulator.power.PowerModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a cluster file (YAML or JSON; docs/simulator.md, "Cluster file"). Every problem is an {@link InputError} with
 * the file, the line and the reason; nothing of a broken file is used.
 */
public final class ClusterFile {

    private static final Set<String> TOP = Set.of("name", "description", "nodeTypes", "scheduler", "policies");
    private static final Set<String> NODE_TYPE = Set.of("name", "count", "cpuMillis", "memoryMiB", "maxPods", "powerCurveWatts",
            "offWatts", "bootSeconds", "bootJoules", "shutdownSeconds", "minKhz", "maxKhz", "tdpWatts", "dynamicPowerExponent",
            "labels", "taints", "controlPlane", "source");
    private static final Set<String> TAINT = Set.of("key", "value", "effect");
    private static final Set<String> SCHEDULER = Set.of("scoring");
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    /** A DNS-1123 label: node names are built from it. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,48}[a-z0-9])?");

    /** Default {@code dynamicPowerExponent} (docs/simulator.md, "Power model"). */
    public static final double DEFAULT_GAMMA = 2.0;
    /** Default {@code maxPods}: the kubelet's default. */
    public static final int DEFAULT_MAX_PODS = 110;

    private ClusterFile() {
    }

    public static ClusterSpec read(Path file) {
        Tree.Mapping root = Tree.read(file).only(TOP, "the cluster file");
        String name = root.optional("name") == null ? stem(file) : root.optional("name").text();
        List<NodeType> types = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Tree.Value> list = root.required("nodeTypes", "the cluster file").list();
        if (list.isEmpty()) {
            throw root.required("nodeTypes", "").error("nodeTypes is empty: a cluster needs at least one node type");
        }
        for (Tree.Value item : list) {
            NodeType type = nodeType(item.mapping().only(NODE_TYPE, "a node type"));
            if (!names.add(type.name())) {
                throw item.error("node type '" + type.name() + "' is named twice");
            }
            types.add(type);
        }
        Scoring scoring = Scoring.LEAST_ALLOCATED;
        Tree.Value scheduler = root.optional("scheduler");
        if (scheduler != null) {
            Tree.Value s = scheduler.mapping().only(SCHEDULER, "scheduler").optional("scoring");
            if (s != null) {
                scoring = Scoring.of(s.text());
                if (scoring == null) {
                    throw s.error("scheduler.scoring must be LeastAllocated or MostAllocated, got '" + s.text() + "'");
                }
            }
        }
        Map<String, String> settings = new TreeMap<>();
        Map<String, Integer> lines = new TreeMap<>();
        Tree.Value policies = root.optional("policies");
        if (policies != null) {
            for (Map.Entry<String, Tree.Value> e : policies.mapping().values().entrySet()) {
                settings.put(e.getKey(), e.getValue().text().strip());
                lines.put(e.getKey(), e.getValue().line());
            }
        }
        return new ClusterSpec(file.toString(), name, types, scoring, settings, lines);
    }

    private static NodeType nodeType(Tree.Mapping m) {
        String what = "a node type";
        Tree.Value nameValue = m.required("name", what);
        String name = nameValue.text();
        if (!NAME.matcher(name).matches()) {
            throw nameValue.error("node type name '" + name + "' must be lower-case letters, digits and '-' (at most 50), as node names are built from it");
        }
        what = "node type '" + name + "'";
        int count = (int) positiveWhole(m.required("count", what), "count", 0);
        long cpu = positiveWhole(m.required("cpuMillis", what), "cpuMillis", 1);
        long memory = positiveWhole(m.required("memoryMiB", what), "memoryMiB", 1);
        int maxPods = m.optional("maxPods") == null ? DEFAULT_MAX_PODS : (int) positiveWhole(m.optional("maxPods"), "maxPods", 1);
        Tree.Value curveValue = m.required("powerCurveWatts", what);
        List<Tree.Value> points = curveValue.list();
        if (points.size() != PowerCurve.POINTS) {
            throw curveValue.error("powerCurveWatts needs 11 numbers (active idle, then 10 % … 100 % load), got " + points.size());
        }
        double[] watts = new double[PowerCurve.POINTS];
        for (int i = 0; i < watts.length; i++) {
            watts[i] = points.get(i).number("powerCurveWatts at " + PowerCurve.label(i));
        }
        PowerCurve curve;
        try {
            curve = new PowerCurve(watts);
        } catch (IllegalArgumentException e) {
            throw curveValue.error("powerCurveWatts: " + e.getMessage());
        }
        Tree.Value offValue = m.required("offWatts", what);
        double off = offValue.number("offWatts");
        if (off < 0 || off >= curve.idleWatts()) {
            throw offValue.error("offWatts must be at least 0 and below the active-idle power " + curve.idleWatts() + " W, got " + offValue.text());
        }
        double boot = m.required("bootSeconds", what).number("bootSeconds");
        double bootJoules = m.required("bootJoules", what).number("bootJoules");
        double shutdown = m.required("shutdownSeconds", what).number("shutdownSeconds");
        Tree.Value minValue = m.required("minKhz", what);
        long minKhz = minValue.whole("minKhz");
        long maxKhz = m.required("maxKhz", what).whole("maxKhz");
        if (!(0 < minKhz && minKhz <= maxKhz)) {
            throw minValue.error("need 0 < minKhz <= maxKhz, got " + minKhz + " and " + maxKhz);
        }
        double tdp = m.required("tdpWatts", what).number("tdpWatts");
        double gamma = m.optional("dynamicPowerExponent") == null ? DEFAULT_GAMMA : m.optional("dynamicPowerExponent").number("dynamicPowerExponent");
        PowerModel power;
        try {
            power = new PowerModel(curve, off, boot, bootJoules, shutdown, minKhz, maxKhz, tdp, gamma);
        } catch (IllegalArgumentException e) {
            throw m.error(what + ": " + e.getMessage());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.optional("labels") != null) {
            for (Map.Entry<String, Tree.Value> e : m.optional("labels").mapping().values().entrySet()) {
                labels.put(e.getKey(), e.getValue().text());
            }
        }
        List<Taint> taints = new ArrayList<>();
        if (m.optional("taints") != null) {
            for (Tree.Value t : m.optional("taints").list()) {
                Tree.Mapping tm = t.mapping().only(TAINT, "a taint");
                String effect = tm.required("effect", "a taint").text();
                if (!EFFECTS.contains(effect)) {
                    throw tm.required("effect", "").error("taint effect must be NoSchedule, PreferNoSchedule or NoExecute, got '" + effect + "'");
                }
                taints.add(new Taint(tm.required("key", "a taint").text(), tm.optional("value") == null ? "" : tm.optional("value").text(), effect));
            }
        }
        int controlPlane = m.optional("controlPlane") == null ? 0 : (int) positiveWhole(m.optional("controlPlane"), "controlPlane", 0);
        if (controlPlane > count) {
            throw m.optional("controlPlane").error("controlPlane (" + controlPlane + ") is more than count (" + count + ")");
        }
        String source = m.optional("source") == null ? "" : m.optional("source").text();
        return new NodeType(name, count, cpu, memory, maxPods, power, labels, taints, controlPlane, source);
    }

    private static long positiveWhole(Tree.Value v, String what, long min) {
        long n = v.whole(what);
        if (n < min) {
            throw v.error(what + " must be at least " + min + ", got " + n);
        }
        return n;
    }

    private static String stem(Path file) {
        String f = file.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }
}
