package io.escheduler.powermanager.power;

import io.escheduler.policies.plan.ActionKind;
import io.escheduler.powermanager.config.PowerManagerConfig;
import io.escheduler.powermanager.execute.NodePower;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the executor calls to switch a node on or off: finds the node's group ({@link PowerGroups}) and hands it to
 * that group's driver. Built at startup, so that a configuration error stops power-manager with the key named
 * rather than surfacing at the first power action. Safe for concurrent calls (different nodes).
 */
@Startup
@ApplicationScoped
public class PowerDrivers implements NodePower {

    private final PowerGroups groups;

    @Inject
    PowerDrivers(PowerManagerConfig config, Instance<KubernetesClient> kubernetes) {
        this(PowerGroups.from(config.power(), new SecretCredentials(kubernetes::get)));
    }

    PowerDrivers(PowerGroups groups) {
        this.groups = groups;
    }

    /**
     * Returns once the node's driver has done its part (see {@link PowerDriver}).
     *
     * @throws PowerDriverException with a message naming the node, the driver, what failed and what to change
     */
    @Override
    public void powerOn(Node node) throws PowerDriverException {
        groups.forNode(node).driver().powerOn(node);
    }

    /** As {@link #powerOn}. */
    @Override
    public void powerOff(Node node) throws PowerDriverException {
        groups.forNode(node).driver().powerOff(node);
    }

    @Override
    public Map<ActionKind, String> blocked(Node node) {
        PowerGroups.Group group = groups.forNode(node);
        String on = group.driver().cannotPowerOn(node);
        String off = group.driver().cannotPowerOff(node);
        if (on == null && off == null) {
            return Map.of();
        }
        String where = group.named() ? " (group " + group.name() + ")" : "";
        Map<ActionKind, String> blocked = new EnumMap<>(ActionKind.class);
        if (on != null) {
            blocked.put(ActionKind.POWER_ON, on + where);
        }
        if (off != null) {
            blocked.put(ActionKind.POWER_OFF, off + where);
        }
        return blocked;
    }

    @Override
    public String uncovered(ActionKind kind) {
        if (kind != ActionKind.POWER_ON && kind != ActionKind.POWER_OFF) {
            throw new IllegalArgumentException(kind.wireName() + " is no power action");
        }
        List<String> gaps = new ArrayList<>();
        boolean everyGroup = true;
        for (PowerGroups.Group group : groups.all()) {
            String cannot = kind == ActionKind.POWER_ON ? group.driver().cannotPowerOnAny() : group.driver().cannotPowerOffAny();
            if (cannot == null) {
                everyGroup = false;
            } else {
                gaps.add((group.named() ? "the nodes of group " + group.name() : "the nodes no group claims") + ": " + cannot);
            }
        }
        if (gaps.isEmpty()) {
            return null;
        }
        return (everyGroup ? "any node, " : "") + String.join("; ", gaps);
    }

    /** The driver acting on {@code node}, e.g. {@code redfish https://bmc-n1/redfish/v1/Systems/1 (group rack-a)}. No I/O. */
    public String describe(Node node) {
        PowerGroups.Group group = groups.forNode(node);
        String driver = group.driver().describe(node);
        return group.named() ? driver + " (group " + group.name() + ")" : driver;
    }
}
