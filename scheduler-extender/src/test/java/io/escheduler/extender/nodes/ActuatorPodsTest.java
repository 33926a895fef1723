package io.escheduler.extender.nodes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActuatorPodsTest {

    @Test
    void equalitySelectors() {
        assertThat(ActuatorPods.selector("app.kubernetes.io/name=node-actuator, app.kubernetes.io/part-of=escheduler"))
                .containsEntry("app.kubernetes.io/name", "node-actuator").containsEntry("app.kubernetes.io/part-of", "escheduler");
        assertThatThrownBy(() -> ActuatorPods.selector("app in (a,b)")).hasMessageContaining("only equality selectors");
    }
}
