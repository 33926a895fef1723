package io.escheduler.powermanager.power;

import io.fabric8.kubernetes.api.model.Node;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a site's own command, like Slurm's {@code ResumeProgram} / {@code SuspendProgram}: argv as configured, with
 * {@code {node}} in an argument replaced by the node name, or the node name appended when no argument has it. Done
 * when the command exits 0; a non-zero exit or the timeout fails with the command's last output lines.
 *
 * @param powerOnCommand  empty where only power-off is configured (a {@code wake-on-lan} group's power-off)
 * @param powerOffCommand empty where only power-on is configured
 * @param keys            the config prefix of this driver's group, for messages ({@code power-manager.power})
 */
record ExecDriver(List<String> powerOnCommand, List<String> powerOffCommand, Duration timeout, String keys) implements PowerDriver {

    private static final String NODE = "{node}";
    private static final int OUTPUT_LINES = 10;

    ExecDriver {
        powerOnCommand = List.copyOf(powerOnCommand);
        powerOffCommand = List.copyOf(powerOffCommand);
    }

    @Override
    public void powerOn(Node node) throws PowerDriverException {
        run(PowerAction.ON, powerOnCommand, "power-on-command", node);
    }

    @Override
    public void powerOff(Node node) throws PowerDriverException {
        run(PowerAction.OFF, powerOffCommand, "power-off-command", node);
    }

    @Override
    public String cannotPowerOnAny() {
        return powerOnCommand.isEmpty() ? "no " + keys + ".exec.power-on-command is configured" : null;
    }

    @Override
    public String cannotPowerOffAny() {
        return powerOffCommand.isEmpty() ? "no " + keys + ".exec.power-off-command is configured" : null;
    }

    @Override
    public String describe(Node node) {
        String name = node.getMetadata().getName();
        List<String> parts = new ArrayList<>();
        if (!powerOnCommand.isEmpty()) {
            parts.add("on: " + String.join(" ", argv(powerOnCommand, name)));
        }
        if (!powerOffCommand.isEmpty()) {
            parts.add("off: " + String.join(" ", argv(powerOffCommand, name)));
        }
        return "exec " + String.join("; ", parts);
    }

    /** The command with {@code {node}} replaced in every argument, or the node appended when no argument has it. */
    static List<String> argv(List<String> command, String node) {
        List<String> argv = new ArrayList<>(command.size() + 1);
        boolean placed = false;
        for (String argument : command) {
            placed |= argument.contains(NODE);
            argv.add(argument.replace(NODE, node));
        }
        if (!placed) {
            argv.add(node);
        }
        return argv;
    }

    private void run(PowerAction action, List<String> command, String key, Node node) throws PowerDriverException {
        String name = node.getMetadata().getName();
        String driver = describe(node);
        if (command.isEmpty()) {
            throw action.failure(name, driver, "no " + key + " is configured: set " + keys + ".exec." + key);
        }
        List<String> argv = argv(command, name);
        CommandRunner.Result result;
        try {
            result = CommandRunner.run(argv, Map.of(), timeout);
        } catch (IOException e) {
            throw action.failure(name, driver, "could not start " + argv.get(0) + " (" + e.getMessage() + "): fix " + keys + ".exec." + key, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw action.failure(name, driver, "interrupted while " + argv.get(0) + " ran (power-manager is stopping); killed it", e);
        }
        if (result.timedOut()) {
            throw action.failure(name, driver, String.join(" ", argv) + " still ran after " + Durations.text(timeout) + " (" + keys
                    + ".exec.timeout); killed it and its children (" + result.tail(OUTPUT_LINES) + ")");
        }
        if (result.exitCode() != 0) {
            throw action.failure(name, driver, String.join(" ", argv) + " exited with " + result.exitCode() + " ("
                    + result.tail(OUTPUT_LINES) + ")");
        }
    }
}
