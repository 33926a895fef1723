package io.escheduler.actuator.control;

import io.escheduler.actuator.baseline.StateFile;
import io.escheduler.actuator.config.ActuatorConfig;
import io.escheduler.actuator.kube.NodeAnnotator;
import io.escheduler.hardware.cpufreq.CpuFreqPolicy;
import io.escheduler.hardware.msr.MsrDevices;
import io.escheduler.hardware.procfs.HostName;
import io.escheduler.hardware.powercap.PowercapPowerLimitControl;
import io.escheduler.hardware.rapl.MsrPowerLimitControl;
import io.escheduler.hardware.topology.Cpu;
import io.escheduler.hardware.topology.CpuIdentity;
import io.escheduler.hardware.topology.CpuTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the node's cpufreq policies and power-limit control at start-up, builds the {@link Actuator}
 * (which loads or captures the baseline), and on shutdown puts the node back to its baseline
 * unless {@code node-actuator.restore-on-shutdown=false}.
 */
@ApplicationScoped
public class ActuatorLifecycle {

    private static final Logger LOG = Logger.getLogger(ActuatorLifecycle.class);

    private final ActuatorConfig config;
    private final NodeAnnotator annotator;
    private final MeterRegistry registry;
    private Actuator actuator;

    public ActuatorLifecycle(ActuatorConfig config, NodeAnnotator annotator, MeterRegistry registry) {
        this.config = config;
        this.annotator = annotator;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) throws IOException {
        actuator();
    }

    @Produces
    @Singleton
    synchronized Actuator actuator() throws IOException {
        if (actuator != null) {
            return actuator;
        }
        CpuTopology topology = CpuTopology.read(config.sysfsRoot());
        String node = HostName.resolve(config.nodeName(), config.procfsRoot(), "node-actuator.node-name");
        Actuator opened = new Actuator(node, openCpufreq(topology), openPowerLimits(topology), new StateFile(config.stateFile()),
                annotator, new ActuatorMetrics(registry), config.maxTtl(), Clock.systemUTC());
        opened.start();
        actuator = opened;
        LOG.infof("node-actuator for node %s: %d CPUs with cpufreq, power limits through %s", node,
                opened.cpus().policies().size(), opened.limits().present() ? opened.limits().kind() : "nothing (" + opened.limits().unavailableReason() + ")");
        return actuator;
    }

    void onStop(@Observes ShutdownEvent event) {
        Actuator current;
        synchronized (this) {
            current = actuator;
        }
        if (current == null) {
            return;
        }
        if (config.restoreOnShutdown()) {
            try {
                current.restoreAll("shutdown");
                LOG.info("node restored to its baseline before stopping");
            } catch (RuntimeException e) {
                LOG.errorf("restoring the baseline at shutdown failed: %s", e.getMessage());
            }
        } else {
            LOG.info("node-actuator.restore-on-shutdown=false: changes stay, their TTLs run on at the next start");
        }
        annotator.drain();
        current.close();
    }

    private CpuFrequencies openCpufreq(CpuTopology topology) {
        List<CpuFreqPolicy> policies = new ArrayList<>();
        if (!Files.isDirectory(CpuFreqPolicy.directory(config.sysfsRoot(), topology.cpus().get(0).id()))) {
            LOG.warnf("no cpufreq under %s: CPU frequency cannot be set on this node",
                    CpuFreqPolicy.directory(config.sysfsRoot(), topology.cpus().get(0).id()));
            return new CpuFrequencies(policies);
        }
        for (Cpu cpu : topology.cpus()) {
            try {
                policies.add(CpuFreqPolicy.open(config.sysfsRoot(), cpu.id()));
            } catch (IOException e) {
                throw new IllegalStateException("CPU " + cpu.id() + " has no usable cpufreq policy: " + e.getMessage(), e);
            }
        }
        return new CpuFrequencies(policies);
    }

    private PowerLimits openPowerLimits(CpuTopology topology) throws IOException {
        ActuatorConfig.PowerLimitInterface choice = config.powerLimitInterface();
        if (choice == ActuatorConfig.PowerLimitInterface.NONE) {
            return PowerLimits.unavailable("disabled by node-actuator.power-limit-interface=none");
        }
        List<String> reasons = new ArrayList<>();
        if (choice == ActuatorConfig.PowerLimitInterface.AUTO || choice == ActuatorConfig.PowerLimitInterface.POWERCAP) {
            try {
                return PowerLimits.of(PowercapPowerLimitControl.open(config.sysfsRoot()));
            } catch (IOException e) {
                if (choice == ActuatorConfig.PowerLimitInterface.POWERCAP) {
                    throw new IllegalStateException("node-actuator.power-limit-interface=powercap: " + e.getMessage(), e);
                }
                reasons.add("powercap: " + e.getMessage());
            }
        }
        try {
            CpuIdentity cpu = CpuIdentity.read(config.procfsRoot());
            return PowerLimits.of(MsrPowerLimitControl.open(new MsrDevices(config.devicePattern(), true), topology, cpu));
        } catch (IOException e) {
            if (choice == ActuatorConfig.PowerLimitInterface.MSR) {
                throw new IllegalStateException("node-actuator.power-limit-interface=msr: " + e.getMessage(), e);
            }
            reasons.add("msr: " + e.getMessage());
        }
        String reason = String.join("; ", reasons);
        LOG.warnf("RAPL power limits cannot be set on this node: %s", reason);
        return PowerLimits.unavailable(reason);
    }
}
