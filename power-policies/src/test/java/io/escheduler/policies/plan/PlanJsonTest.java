package io.escheduler.policies.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed's JSON shapes, exactly: field names, nesting, and that they come first. */
class PlanJsonTest {

    private static final Instant AT = Instant.parse("2026-11-25T08:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode seedPart(Plan plan, String... keys) throws Exception {
        JsonNode tree = MAPPER.readTree(PlanJson.render(plan));
        Iterator<String> names = tree.fieldNames();
        for (String key : keys) {
            assertThat(names.next()).isEqualTo(key);
        }
        ObjectNode out = MAPPER.createObjectNode();
        for (String key : keys) {
            out.set(key, tree.get(key));
        }
        return out;
    }

    @Test
    void powerOnAndPowerOff() throws Exception {
        Plan on = new Plan(PolicyName.POWER_ON, AT, List.of(Action.onNode(ActionKind.POWER_ON, "node15", "r"),
                Action.onNode(ActionKind.POWER_ON, "node14", "r")), List.of());
        assertThat(seedPart(on, "powerOn")).isEqualTo(MAPPER.readTree("{\"powerOn\": [\"node14\", \"node15\"]}"));
        Plan off = new Plan(PolicyName.POWER_OFF, AT, List.of(Action.onNode(ActionKind.CORDON, "node14", "r"),
                Action.onNode(ActionKind.POWER_OFF, "node14", "r"), Action.onNode(ActionKind.POWER_OFF, "node15", "r")), List.of());
        assertThat(seedPart(off, "powerOff")).isEqualTo(MAPPER.readTree("{\"powerOff\": [\"node14\", \"node15\"]}"));
        Plan none = new Plan(PolicyName.POWER_OFF, AT, List.of(), List.of());
        assertThat(seedPart(none, "powerOff")).isEqualTo(MAPPER.readTree("{\"powerOff\": []}"));
    }

    @Test
    void consolidationAndMigrations() throws Exception {
        List<Action> actions = List.of(Action.onNode(ActionKind.CORDON, "node12", "r"),
                Action.evict("node12", "default", "web-1", "node14", "r"), Action.onNode(ActionKind.POWER_OFF, "node12", "r"),
                Action.evict("node13", "default", "web-2", "node14", "r"), Action.onNode(ActionKind.POWER_OFF, "node13", "r"));
        String seed = "{\"pods\": [{\"podName\": \"web-1\", \"nameSpace\": \"default\", \"nodeName\": \"node14\"},"
                + " {\"podName\": \"web-2\", \"nameSpace\": \"default\", \"nodeName\": \"node14\"}], \"powerOff\": [\"node12\", \"node13\"]}";
        assertThat(seedPart(new Plan(PolicyName.CONSOLIDATION, AT, actions, List.of()), "pods", "powerOff")).isEqualTo(MAPPER.readTree(seed));
        assertThat(seedPart(new Plan(PolicyName.DVFS_MIGRATION, AT, actions.subList(1, 2), List.of()), "pods"))
                .isEqualTo(MAPPER.readTree("{\"pods\": [{\"podName\": \"web-1\", \"nameSpace\": \"default\", \"nodeName\": \"node14\"}]}"));
    }

    @Test
    void actionsAndSkipsFollowWithTheirReasons() throws Exception {
        Plan plan = new Plan(PolicyName.CAPPING, AT, List.of(Action.setting(ActionKind.SET_POWER_LIMIT, "n1", "160", "hot")),
                List.of(Skip.node("n2", "no power in Prometheus"), Skip.pod("default/p", "why")));
        assertThat(MAPPER.readTree(PlanJson.render(plan))).isEqualTo(MAPPER.readTree("""
                {"policy": "capping", "plannedAt": "2026-11-25T08:00:00Z",
                 "actions": [{"kind": "set-power-limit", "node": "n1", "value": "160", "reason": "hot"}],
                 "skipped": [{"node": "n2", "reason": "no power in Prometheus"}, {"pod": "default/p", "reason": "why"}]}
                """));
    }
}
