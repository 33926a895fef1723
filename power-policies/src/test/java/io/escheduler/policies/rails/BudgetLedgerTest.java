package io.escheduler.policies.rails;

import io.escheduler.policies.Cluster;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.PodSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.escheduler.policies.Cluster.node;
import static io.escheduler.policies.Cluster.pod;
import static org.assertj.core.api.Assertions.assertThat;

class BudgetLedgerTest {

    private static final Cluster CLUSTER = new Cluster().add(node("n1"))
            .add(pod("a-1").on("n1").budgets("default/zeta")).add(pod("a-2").on("n1").budgets("default/zeta"))
            .add(pod("b-1").on("n1").budgets("default/alpha")).add(pod("b-2").on("n1").budgets("default/alpha"))
            .add(pod("c-1").on("n1").budgets("default/free"))
            .budget("default", "zeta", 1).budget("default", "alpha", 0).budget("default", "free", 5);

    @Test
    void evictionsTheBudgetsAllowTogetherAreAllowedAndSpent() {
        ClusterSnapshot s = CLUSTER.snapshot();
        BudgetLedger ledger = new BudgetLedger(s);
        List<PodSnapshot> one = List.of(s.podsOn("n1").get(0));

        assertThat(ledger.refusal(one)).isNull();
        ledger.spend(one);
        assertThat(ledger.refusal(List.of(s.podsOn("n1").get(1))))
                .isEqualTo("PodDisruptionBudget default/zeta allows 0 more disruptions, 1 needed");
        assertThat(ledger.refusal(List.of(s.podsOn("n1").get(4)))).isNull();
    }

    @Test
    void whenSeveralBudgetsRefuseTheFirstInThePodsOrderIsNamed() {
        ClusterSnapshot s = CLUSTER.snapshot();

        assertThat(new BudgetLedger(s).refusal(s.podsOn("n1")))
                .isEqualTo("PodDisruptionBudget default/zeta allows 1 more disruption, 2 needed");
        List<PodSnapshot> reversed = new ArrayList<>(s.podsOn("n1"));
        Collections.reverse(reversed);
        assertThat(new BudgetLedger(s).refusal(reversed))
                .isEqualTo("PodDisruptionBudget default/alpha allows 0 more disruptions, 2 needed");
    }
}
