package io.escheduler.powermanager.power;

/** Switching a node on or off. */
enum PowerAction {
    ON, OFF;

    /** {@code on} or {@code off}. */
    String word() {
        return this == ON ? "on" : "off";
    }

    /**
     * An exception whose message reads {@code "cannot power on node n1 (redfish https://…): problem"}.
     *
     * @param driver the driver's {@link PowerDriver#describe description} for that node
     */
    PowerDriverException failure(String node, String driver, String problem) {
        return new PowerDriverException(prefix(node, driver) + problem);
    }

    PowerDriverException failure(String node, String driver, String problem, Throwable cause) {
        return new PowerDriverException(prefix(node, driver) + problem, cause);
    }

    private String prefix(String node, String driver) {
        return "cannot power " + word() + " node " + node + " (" + driver + "): ";
    }
}
