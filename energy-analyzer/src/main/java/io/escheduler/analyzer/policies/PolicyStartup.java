package io.escheduler.analyzer.policies;

import io.escheduler.analyzer.config.AnalyzerConfig;
import io.escheduler.analyzer.policies.plan.PolicyName;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * Checks {@code energy-analyzer.policies.*} at startup (each invalid value fails with its key named) and refuses
 * {@code enforce}: this version plans (the policies, their safety rails and the planning benchmark) but has no
 * executor, power drivers or leader election yet, so a mode that promises actions must not start as if it acted.
 */
@ApplicationScoped
class PolicyStartup {

    private static final Logger LOG = Logger.getLogger(PolicyStartup.class);

    void check(@Observes StartupEvent event, AnalyzerConfig config) {
        PolicySettings settings = PolicySettings.from(config.policies());
        refuseEnforce(settings.modes());
        LOG.debugf("power policies configured (planning only in this version): %s", settings.modes());
    }

    /** @throws IllegalStateException naming every policy set to {@code enforce} */
    static void refuseEnforce(Map<PolicyName, Mode> modes) {
        List<String> keys = modes.entrySet().stream().filter(e -> e.getValue() == Mode.ENFORCE)
                .map(e -> "energy-analyzer.policies." + e.getKey().wireName() + ".mode").sorted().toList();
        if (!keys.isEmpty()) {
            throw new IllegalStateException(String.join(", ", keys) + " = enforce: enforcing power policies is not available in this "
                    + "version (no executor, power drivers or leader election yet); use dry-run or off");
        }
    }
}
