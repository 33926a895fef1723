package io.escheduler.policies.execute;

/**
 * Switches a node's power through its power driver (in the service: exec, Redfish, IPMI, Wake-on-LAN, a file; in the
 * simulator: its model of boot and shutdown). Returns once the driver confirmed; throws with the driver's reason
 * otherwise.
 */
public interface PowerSwitch {

    void powerOn(String node) throws OperationException, InterruptedException;

    void powerOff(String node) throws OperationException, InterruptedException;
}
