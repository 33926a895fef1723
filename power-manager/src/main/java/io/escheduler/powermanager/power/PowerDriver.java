package io.escheduler.powermanager.power;

import io.fabric8.kubernetes.api.model.Node;

/**
 * One way of switching nodes on and off. Each method returns once the driver has done its job (the BMC reports the
 * power state reached, the command exited 0, the packet or the file is written) and throws otherwise; neither is
 * retried here: the executor decides.
 */
public interface PowerDriver {

    void powerOn(Node node) throws PowerDriverException;

    void powerOff(Node node) throws PowerDriverException;

    /** What acts on {@code node}, for logs and the audit trail, e.g. {@code redfish https://bmc-n1/redfish/v1/Systems/1}. No I/O. */
    String describe(Node node);

    /** Why this driver switches no node on, whatever the node ({@code driver=none}); null when it can. No I/O. */
    default String cannotPowerOnAny() {
        return null;
    }

    /** Why this driver switches no node off, whatever the node; null when it can. No I/O. */
    default String cannotPowerOffAny() {
        return null;
    }

    /** Why this driver cannot switch {@code node} on (it lacks an address it needs, or {@link #cannotPowerOnAny}); null when it can try. No I/O. */
    default String cannotPowerOn(Node node) {
        return cannotPowerOnAny();
    }

    /** As {@link #cannotPowerOn}, for power-off. */
    default String cannotPowerOff(Node node) {
        return cannotPowerOffAny();
    }
}
