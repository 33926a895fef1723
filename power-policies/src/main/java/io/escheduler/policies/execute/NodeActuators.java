package io.escheduler.policies.execute;

/**
 * A node's CPU frequency ceiling and package power limit, through its node-actuator (or the simulator's model of
 * it). Returns once the change is confirmed (the actuator reads back every write); throws with the reason otherwise.
 */
public interface NodeActuators {

    /** Every CPU's ceiling to {@code value}: {@code min}, {@code max} or a frequency in kHz. */
    void setCeiling(String node, String value) throws OperationException;

    /** Every CPU's ceiling and governor back to the node's baseline (not to the hardware maximum). */
    void restoreCeiling(String node) throws OperationException;

    /** The node's power limited to {@code watts} (a decimal number), shared by its packages. */
    void setPowerLimit(String node, String watts) throws OperationException;

    /** Every package's limits back to the baseline. */
    void liftPowerLimit(String node) throws OperationException;
}
