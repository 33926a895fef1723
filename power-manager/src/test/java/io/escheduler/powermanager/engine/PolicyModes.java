package io.escheduler.powermanager.engine;

import io.escheduler.policies.plan.PolicyName;

import java.util.HashMap;
import java.util.Map;

/** The policies' modes in a test profile: the policies named, in their modes; every other policy off. */
public final class PolicyModes {

    private PolicyModes() {
    }

    /**
     * E.g. {@code only("dvfs", "enforce", "capping", "dry-run")}: every {@code power-manager.<policy>.mode}
     * key, in a map the profile may add to.
     */
    public static Map<String, String> only(String... policyThenMode) {
        if (policyThenMode.length % 2 != 0) {
            throw new IllegalArgumentException("policy and mode pairs expected");
        }
        Map<String, String> modes = new HashMap<>();
        for (PolicyName policy : PolicyName.values()) {
            modes.put(key(policy), "off");
        }
        for (int i = 0; i < policyThenMode.length; i += 2) {
            String name = policyThenMode[i];
            PolicyName policy = PolicyName.ofWireName(name).orElseThrow(() -> new IllegalArgumentException("no policy " + name));
            modes.put(key(policy), policyThenMode[i + 1]);
        }
        return modes;
    }

    private static String key(PolicyName policy) {
        return "power-manager." + policy.wireName() + ".mode";
    }
}
