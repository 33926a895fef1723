package io.escheduler.policies.rails;

import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.DisruptionBudget;
import io.escheduler.policies.model.NodePods;
import io.escheduler.policies.model.PodSnapshot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The PodDisruptionBudgets' allowed disruptions as one plan (or one cycle of the rails) spends them: each planned
 * eviction takes one from every budget of its pod. Mutable; one per plan.
 */
public final class BudgetLedger {

    private final ClusterSnapshot snapshot;
    private final Map<String, Integer> spent = new HashMap<>();

    public BudgetLedger(ClusterSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /**
     * Why evicting all of {@code pods} together is refused by their budgets, or null when they allow it. When several
     * budgets refuse, the one the pods name first.
     */
    public String refusal(List<PodSnapshot> pods) {
        return refusal(NodePods.budgetCounts(pods));
    }

    /**
     * Why evicting pods that need {@code wanted} disruptions (budget key → evictions) is refused, or null when the
     * budgets allow them; the first refusing budget in {@code wanted}'s order is named.
     */
    public String refusal(Map<String, Integer> wanted) {
        for (Map.Entry<String, Integer> e : wanted.entrySet()) {
            DisruptionBudget budget = snapshot.budget(e.getKey());
            int allowed = budget == null ? Integer.MAX_VALUE : budget.disruptionsAllowed() - spent.getOrDefault(e.getKey(), 0);
            if (e.getValue() > allowed) {
                return "PodDisruptionBudget " + e.getKey() + " allows " + Math.max(allowed, 0) + " more disruption"
                        + (allowed == 1 ? "" : "s") + ", " + e.getValue() + " needed";
            }
        }
        return null;
    }

    /** Records the eviction of {@code pods}. */
    public void spend(List<PodSnapshot> pods) {
        for (PodSnapshot pod : pods) {
            for (String key : pod.budgets()) {
                spent.merge(key, 1, Integer::sum);
            }
        }
    }
}
