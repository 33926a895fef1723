package io.escheduler.powermanager.execute;

import io.escheduler.policies.plan.ActionKind;
import io.fabric8.kubernetes.api.model.Node;

import java.util.Map;

/** Switches a node's power through its configured driver; returns once the driver confirmed, throws with a reason otherwise. */
public interface NodePower {

    void powerOn(Node node) throws Exception;

    void powerOff(Node node) throws Exception;

    /**
     * Which of {@link ActionKind#POWER_ON} and {@link ActionKind#POWER_OFF} no driver can do on {@code node}, each with
     * the reason and what to configure (driver {@code none}, a BMC address or MAC address missing, Wake-on-LAN without a
     * power-off command); empty when both can be tried. No I/O: configuration and the Node's annotations only. Such a
     * node is no candidate for the policies that would switch it, so that nothing is cordoned or evicted for a power
     * action that cannot happen.
     */
    Map<ActionKind, String> blocked(Node node);

    /**
     * For the start-up log: which nodes no driver can switch in the direction of {@code kind} ({@code power-on} or
     * {@code power-off}) whatever their annotations, e.g. {@code every node (power-manager.power.driver=none)};
     * null when some driver is configured for every node.
     */
    String uncovered(ActionKind kind);
}
