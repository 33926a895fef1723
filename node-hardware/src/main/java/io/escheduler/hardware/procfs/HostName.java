package io.escheduler.hardware.procfs;

import io.escheduler.hardware.sysfs.Sysfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/** The name a node service goes by: configured, else the kernel's host name, else the resolver's. */
public final class HostName {

    private HostName() {
    }

    /**
     * @param configured the service's setting, if any (blank counts as unset)
     * @param procfsRoot where {@code sys/kernel/hostname} is read
     * @param key        the setting's name, for the error when nothing gives a name
     */
    public static String resolve(Optional<String> configured, Path procfsRoot, String key) {
        return configured.map(String::strip).filter(n -> !n.isEmpty())
                .or(() -> Sysfs.readIfPresent(procfsRoot.resolve("sys/kernel/hostname")).filter(n -> !n.isBlank()))
                .orElseGet(() -> {
                    try {
                        return InetAddress.getLocalHost().getHostName();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot tell the host name: set " + key, e);
                    }
                });
    }
}
