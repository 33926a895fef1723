package io.escheduler.powermanager.power;

import io.fabric8.kubernetes.api.model.Node;

/** The default: nodes nobody configured a driver for. Every action fails, saying which keys to set. */
record NoDriver(String keys) implements PowerDriver {

    @Override
    public void powerOn(Node node) throws PowerDriverException {
        throw new PowerDriverException(problem(PowerAction.ON, node));
    }

    @Override
    public void powerOff(Node node) throws PowerDriverException {
        throw new PowerDriverException(problem(PowerAction.OFF, node));
    }

    @Override
    public String describe(Node node) {
        return "none";
    }

    @Override
    public String cannotPowerOnAny() {
        return unconfigured();
    }

    @Override
    public String cannotPowerOffAny() {
        return unconfigured();
    }

    /** For plans: short, with the keys to set. */
    private String unconfigured() {
        String fix = keys.equals(PowerGroups.PREFIX) ? PowerGroups.PREFIX + ".driver, or a group that claims the node" : keys + ".driver";
        return "no power driver configured (" + keys + ".driver=none): set " + fix + " (docs/power-manager.md, \"Power drivers\")";
    }

    private String problem(PowerAction action, Node node) {
        String name = node.getMetadata().getName();
        return "cannot power " + action.word() + " node " + name + ": no power driver is configured for it (" + keys + ".driver=none); set "
                + PowerGroups.PREFIX + ".driver, or a group that claims it: " + PowerGroups.PREFIX + ".groups.<group>.driver with "
                + PowerGroups.PREFIX + ".groups.<group>.nodes=" + name + " or .node-selector (docs/power-manager.md, \"Power drivers\")";
    }
}
