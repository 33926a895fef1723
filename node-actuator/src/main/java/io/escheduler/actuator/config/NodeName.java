package io.escheduler.actuator.config;

import io.escheduler.hardware.sysfs.Sysfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;

/** The node this agent controls: {@code node-actuator.node-name}, else the kernel's host name, else the resolver's. */
public final class NodeName {

    private NodeName() {
    }

    public static String resolve(ActuatorConfig config) {
        return config.nodeName().map(String::strip).filter(n -> !n.isEmpty())
                .or(() -> Sysfs.readIfPresent(config.procfsRoot().resolve("sys/kernel/hostname")).filter(n -> !n.isBlank()))
                .orElseGet(() -> {
                    try {
                        return InetAddress.getLocalHost().getHostName();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot tell the host name: set node-actuator.node-name", e);
                    }
                });
    }
}
