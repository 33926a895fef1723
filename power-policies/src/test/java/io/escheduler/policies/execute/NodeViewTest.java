package io.escheduler.policies.execute;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeViewTest {

    /** An API server's merge patch can leave a key without value in a cache: it reads as absent, not as a crash. */
    @Test
    void anAnnotationWithoutValueIsAbsent() {
        Map<String, String> annotations = new HashMap<>();
        annotations.put("energy.escheduler.io/power-limit-watts", null);
        annotations.put(PlanExecutor.CORDONED_BY, "capping-migration");
        NodeView view = new NodeView("hot-1", true, true, false, annotations);
        assertThat(view.annotations()).containsOnlyKeys(PlanExecutor.CORDONED_BY);
        assertThat(view.annotation("energy.escheduler.io/power-limit-watts")).isNull();
    }
}
