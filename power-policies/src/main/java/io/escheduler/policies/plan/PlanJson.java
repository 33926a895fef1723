package io.escheduler.policies.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * A plan as JSON: first the seed's keys for its policy, exactly as the seed writes them, then what the seed lacks.
 *
 * <pre>
 * power-on           {"powerOn": ["node14", "node15"], …}
 * power-off          {"powerOff": ["node14", "node15"], …}
 * consolidation      {"pods": [{"podName": "…", "nameSpace": "default", "nodeName": "node14"}], "powerOff": ["node12"], …}
 * dvfs-migration     {"pods": [...], …}
 * capping-migration  {"pods": [...], …}
 * dvfs, capping      (the seed writes no file) {…}
 * </pre>
 *
 * followed by {@code "policy"}, {@code "plannedAt"}, {@code "actions"} (each with {@code kind}, {@code node} and,
 * where they apply, {@code namespace}, {@code pod}, {@code target}, {@code value}, then {@code reason}) and
 * {@code "skipped"} ({@code node} and/or {@code pod}, {@code reason}). {@code nodeName} in {@code pods} is the
 * planned target node. Built as a Jackson tree (no reflection, so nothing to register for native images).
 */
public final class PlanJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PlanJson() {
    }

    public static ObjectNode tree(Plan plan) {
        ObjectNode root = MAPPER.createObjectNode();
        switch (plan.policy()) {
            case POWER_ON -> strings(root.putArray("powerOn"), plan.powerOn());
            case POWER_OFF -> strings(root.putArray("powerOff"), plan.powerOff());
            case CONSOLIDATION -> {
                pods(root.putArray("pods"), plan);
                strings(root.putArray("powerOff"), plan.powerOff());
            }
            case DVFS_MIGRATION, CAPPING_MIGRATION -> pods(root.putArray("pods"), plan);
            case DVFS, CAPPING -> {
                // the seed gives these two no output file: actions only
            }
        }
        root.put("policy", plan.policy().wireName());
        root.put("plannedAt", plan.plannedAt().toString());
        ArrayNode actions = root.putArray("actions");
        for (Action a : plan.actions()) {
            ObjectNode o = actions.addObject().put("kind", a.kind().wireName()).put("node", a.node());
            putIfSet(o, "namespace", a.namespace());
            putIfSet(o, "pod", a.pod());
            putIfSet(o, "target", a.target());
            putIfSet(o, "value", a.value());
            o.put("reason", a.reason());
        }
        ArrayNode skipped = root.putArray("skipped");
        for (Skip s : plan.skipped()) {
            ObjectNode o = skipped.addObject();
            putIfSet(o, "node", s.node());
            putIfSet(o, "pod", s.pod());
            o.put("reason", s.reason());
        }
        return root;
    }

    public static String render(Plan plan) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree(plan));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void strings(ArrayNode array, List<String> nodes) {
        nodes.forEach(array::add);
    }

    private static void pods(ArrayNode array, Plan plan) {
        for (Action a : plan.pods()) {
            array.addObject().put("podName", a.pod()).put("nameSpace", a.namespace()).put("nodeName", a.target());
        }
    }

    private static void putIfSet(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
