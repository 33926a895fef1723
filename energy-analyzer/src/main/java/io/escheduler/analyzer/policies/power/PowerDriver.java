package io.escheduler.analyzer.policies.power;

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
}
