package io.escheduler.powermanager.power;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The keys of one group of nodes, at the top of {@link PowerConfig} (the default group) and in each named group: the
 * driver, then each driver's keys, of which only the chosen driver's are read.
 */
public interface DriverKeys {

    /** {@code none}, {@code exec}, {@code redfish}, {@code ipmi}, {@code wake-on-lan} or {@code file}. */
    @WithDefault("none")
    DriverKind driver();

    Exec exec();

    Redfish redfish();

    Ipmi ipmi();

    WakeOnLan wakeOnLan();

    File file();

    /**
     * Commands, like Slurm's {@code ResumeProgram} / {@code SuspendProgram}, run without a shell. Also the
     * power-off of a {@code wake-on-lan} group.
     */
    interface Exec {

        /** Program and arguments; {@code {node}} in an argument is the node name, else it is appended. */
        Optional<List<String>> powerOnCommand();

        /** As power-on-command. */
        Optional<List<String>> powerOffCommand();

        /** A command still running after this is killed, with its children, and the action fails. */
        @WithDefault("5m")
        Duration timeout();
    }

    /** DMTF Redfish {@code ComputerSystem.Reset} on each node's BMC. */
    interface Redfish {

        /**
         * The BMC's base URL, {@code {node}} replaced by the node name, e.g. {@code https://{node}-bmc.example}. The
         * Node annotation {@code energy.escheduler.io/bmc-address} wins over it.
         */
        Optional<String> urlTemplate();

        /** The ComputerSystem's id; unset: the only member of {@code /redfish/v1/Systems}. */
        Optional<String> systemId();

        /** Secret with the keys {@code username} and {@code password} (Basic authentication). */
        Optional<String> credentialsSecret();

        /** Namespace of that Secret; unset: power-manager's own. */
        Optional<String> credentialsNamespace();

        /** PEM file of the CA certificates trusted for the BMCs' HTTPS (instead of the JVM's). */
        Optional<Path> caBundle();

        /** Trust any certificate and host name (self-signed BMCs); logged as a warning. */
        @WithDefault("false")
        boolean insecure();

        /** How long a node may take to report {@code PowerState: On} (Ironic: 60 s). */
        @WithDefault("60s")
        Duration powerOnTimeout();

        /** How long {@code GracefulShutdown} may take before {@code ForceOff} (Ironic: 600 s, Metal3: 180 s). */
        @WithDefault("10m")
        Duration softOffTimeout();

        /** Send {@code ForceOff} when the graceful shutdown did not finish in time (or is not offered). */
        @WithDefault("true")
        boolean forceOff();

        /** How long a node may take to report {@code Off} after {@code ForceOff}. */
        @WithDefault("60s")
        Duration forceOffTimeout();

        /** How often {@code PowerState} is read while waiting. */
        @WithDefault("5s")
        Duration pollInterval();

        /** Connect and response timeout of every request to the BMC. */
        @WithDefault("30s")
        Duration requestTimeout();
    }

    /** IPMI through {@code ipmitool}. */
    interface Ipmi {

        /** The BMC's host, {@code {node}} replaced; the annotation {@code energy.escheduler.io/bmc-address} wins. */
        Optional<String> hostTemplate();

        /** Secret with the keys {@code username} and {@code password}. */
        Optional<String> credentialsSecret();

        /** Namespace of that Secret; unset: power-manager's own. */
        Optional<String> credentialsNamespace();

        /** The ipmitool program (a path, or a name looked up on PATH). */
        @WithDefault("ipmitool")
        String ipmitool();

        /** ipmitool's {@code -I} interface ({@code lanplus}: IPMI 2.0; {@code lan}: 1.5). */
        @WithName("interface")
        @WithDefault("lanplus")
        String interfaceName();

        /** How long a node may take to report power on. */
        @WithDefault("60s")
        Duration powerOnTimeout();

        /** How long {@code chassis power soft} (ACPI shutdown) may take before {@code chassis power off}. */
        @WithDefault("10m")
        Duration softOffTimeout();

        /** Send {@code chassis power off} when the soft shutdown did not finish in time. */
        @WithDefault("true")
        boolean forceOff();

        /** How long a node may take to report off after {@code chassis power off}. */
        @WithDefault("60s")
        Duration forceOffTimeout();

        /** How often {@code chassis power status} is asked while waiting. */
        @WithDefault("5s")
        Duration pollInterval();

        /** One ipmitool run still going after this is killed. */
        @WithDefault("30s")
        Duration commandTimeout();
    }

    /** Wake-on-LAN magic packets to the MAC in the Node annotation {@code energy.escheduler.io/mac-address}. */
    interface WakeOnLan {

        /** Where the packet goes: a broadcast address (or a host that relays it). */
        @WithDefault("255.255.255.255")
        String broadcastAddress();

        /** UDP port (9, discard; 7 also common). */
        @WithDefault("9")
        int port();
    }

    /** The seed's spool files, for another tool to act on. */
    interface File {

        /** File holding {@code {"powerOn": [...]}}. */
        Optional<Path> powerOnPath();

        /** File holding {@code {"powerOff": [...]}}. */
        Optional<Path> powerOffPath();
    }
}
