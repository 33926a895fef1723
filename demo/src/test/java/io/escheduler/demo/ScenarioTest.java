package io.escheduler.demo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioTest {

    @Test
    void eachProgramRunsWhileItsSystemIsBusyAndTheOtherQuiet() {
        List<Scenario.Run> runs = Scenario.runs(5);

        assertThat(runs).hasSize(8).extracting(Scenario.Run::phase).containsExactly(5L, 5L, 6L, 6L, 7L, 7L, 8L, 8L);
        for (Scenario.Run run : runs) {
            String busy = run.phase() % 2 == 0 ? Scenario.SYSTEM_A : Scenario.SYSTEM_B;
            assertThat(Scenario.expectedPlacement(run.program())).as("%s", run).isNotEqualTo(busy);
            for (Scenario.Node node : Scenario.NODES) {
                double load = node.load().get((int) (run.phase() % node.load().size()));
                assertThat(load).as("%s in %s", node, run).isGreaterThanOrEqualTo(node.system().equals(busy) ? 0.6 : 0).isLessThan(
                        node.system().equals(busy) ? 1 : 0.4);
            }
        }
    }

    @Test
    void powerFollowsLoad() {
        Scenario.Node node = new Scenario.Node("n", Scenario.SYSTEM_A, List.of(0.0, 1.0));

        assertThat(node.watts("intel-rapl:0")).containsExactly(35.0, 120.0);
        assertThat(node.watts("intel-rapl:1:0")).containsExactly(3.5, 11.5);
    }
}
