package io.escheduler.actuator;

import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.PreloadLibrary;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the actuator under test on a fixture machine (init arg {@code machine}, default
 * {@code intel-client-kbl}): sysfs, procfs and MSR devices from the fixture tree, the state file in
 * it, node name {@code fixture-node}. Init args {@code power-limit-interface} and
 * {@code annotations} ("true" to publish to the Kubernetes test server) pass through;
 * {@code disabled-zones} (comma-separated, e.g. {@code intel-rapl:1}) switches those powercap zones
 * off ({@code enabled} = 0) before the actuator meets the node, as firmware or an operator may leave them.
 *
 * <p>The tree is the one {@link #machine()} returns, so tests can read and alter the files.
 */
public class FixtureNode implements QuarkusTestResourceLifecycleManager {

    public static final String NODE = "fixture-node";
    public static final String TOKEN = "fixture-token";

    private static volatile FixtureMachine current;
    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        args = initArgs;
    }

    @Override
    public Map<String, String> start() {
        String name = args.getOrDefault("machine", "intel-client-kbl");
        FixtureMachine machine = FixtureMachine.create(name, PreloadLibrary.newFixtureDirectory(name));
        current = machine;
        for (String zone : args.getOrDefault("disabled-zones", "").split(",")) {
            if (!zone.isBlank()) {
                machine.writeFile(machine.powercapFile(zone.strip(), "enabled"), 0);
            }
        }
        Path tokens = machine.root().resolve("tokens");
        try {
            Files.writeString(tokens, TOKEN + " test-client\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("node-actuator.sysfs-root", machine.sysfs().toString());
        config.put("node-actuator.procfs-root", machine.procfs().toString());
        config.put("node-actuator.interface", machine.msrPattern());
        config.put("node-actuator.state-file", machine.root().resolve("state/state.json").toString());
        config.put("node-actuator.node-name", NODE);
        config.put("node-actuator.power-limit-interface", args.getOrDefault("power-limit-interface", "auto"));
        config.put("node-actuator.annotations.enabled", args.getOrDefault("annotations", "false"));
        config.put("node-actuator.annotations.retry-interval", "200ms");
        if (!args.containsKey("auth")) {
            config.put("node-actuator.auth.mode", "token-file");
            config.put("node-actuator.auth.token-file", tokens.toString());
        }
        return config;
    }

    /** The fixture machine of the running actuator. */
    public static FixtureMachine machine() {
        return current;
    }

    @Override
    public void stop() {
        // the tree stays under target/fixtures for post-mortems
    }
}
