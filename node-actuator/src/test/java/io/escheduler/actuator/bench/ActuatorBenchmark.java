package io.escheduler.actuator.bench;

import io.escheduler.actuator.baseline.StateFile;
import io.escheduler.actuator.control.Actuator;
import io.escheduler.actuator.control.ActuatorMetrics;
import io.escheduler.actuator.control.CpuFrequencies;
import io.escheduler.actuator.control.CpufreqOrder;
import io.escheduler.actuator.control.PowerLimitOrder;
import io.escheduler.actuator.control.PowerLimits;
import io.escheduler.hardware.cpufreq.CpuFreqPolicy;
import io.escheduler.hardware.msr.MsrDevices;
import io.escheduler.hardware.powercap.PowercapPowerLimitControl;
import io.escheduler.hardware.rapl.MsrPowerLimitControl;
import io.escheduler.hardware.rapl.PowerLimitControl;
import io.escheduler.hardware.topology.Cpu;
import io.escheduler.hardware.topology.CpuIdentity;
import io.escheduler.hardware.topology.CpuTopology;
import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.Http;
import io.escheduler.testing.Ports;
import io.escheduler.testing.PreloadLibrary;
import io.escheduler.testing.ServiceProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Set + read-back + restore on the 128-CPU, two-socket Sapphire Rapids fixture: one operation
 * lowers the ceiling of all 128 CPUs (or caps both packages), reads every write back, then puts
 * the baseline back, also read back. In process (the {@link Actuator} itself) and over HTTP
 * against the packaged jar (what the scheduler extender waits for when it restores a node before a
 * bind). Run with {@code benchmarks/node-actuator/run.sh}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class ActuatorBenchmark {

    private static final String TOKEN = "bench-token";

    /** One fixture node with an in-process actuator whose power limits go through {@code powerLimitInterface}. */
    @State(Scope.Benchmark)
    public static class InProcess {
        FixtureMachine machine;
        Actuator actuator;

        @Setup(Level.Trial)
        public void open() throws IOException {
            machine = FixtureMachine.create("xeon-2s-spr", PreloadLibrary.newFixtureDirectory("bench"));
            unlockMsrLimits(machine);
            CpuTopology topology = CpuTopology.read(machine.sysfs());
            List<CpuFreqPolicy> policies = new ArrayList<>();
            for (Cpu cpu : topology.cpus()) {
                policies.add(CpuFreqPolicy.open(machine.sysfs(), cpu.id()));
            }
            PowerLimitControl limits = interfaceName().equals("msr")
                    ? MsrPowerLimitControl.open(new MsrDevices(machine.msrPattern(), true), topology, CpuIdentity.read(machine.procfs()))
                    : PowercapPowerLimitControl.open(machine.sysfs());
            actuator = new Actuator("bench", new CpuFrequencies(policies), PowerLimits.of(limits),
                    new StateFile(machine.root().resolve("state.json")), (node, annotations) -> { },
                    new ActuatorMetrics(new SimpleMeterRegistry()), Duration.ofDays(7), Clock.systemUTC());
            actuator.start();
        }

        String interfaceName() {
            return "powercap";
        }

        @TearDown(Level.Trial)
        public void close() {
            actuator.close();
        }
    }

    /** The same, with power limits written to MSR 0x610 through the preload library. */
    @State(Scope.Benchmark)
    public static class InProcessMsr extends InProcess {
        @Override
        String interfaceName() {
            return "msr";
        }
    }

    /** The packaged actuator on its own fixture node, called over loopback HTTP with a bearer token. */
    @State(Scope.Benchmark)
    public static class OverHttp {
        FixtureMachine machine;
        ServiceProcess process;
        String url;

        @Setup(Level.Trial)
        public void start() throws IOException {
            machine = FixtureMachine.create("xeon-2s-spr", PreloadLibrary.newFixtureDirectory("bench-http"));
            Path tokens = machine.root().resolve("tokens");
            Files.writeString(tokens, TOKEN + " bench\n");
            int port = Ports.free();
            process = ServiceProcess.builder(ServiceProcess.quarkusJar("node-actuator")).msrFixtures(machine.root())
                    .workDir(machine.root()).port(port)
                    .env("QUARKUS_HTTP_PORT", Integer.toString(port)).env("QUARKUS_HTTP_HOST", "127.0.0.1")
                    .env("NODE_ACTUATOR_NODE_NAME", "bench")
                    .env("NODE_ACTUATOR_SYSFS_ROOT", machine.sysfs().toString())
                    .env("NODE_ACTUATOR_PROCFS_ROOT", machine.procfs().toString())
                    .env("NODE_ACTUATOR_INTERFACE", machine.msrPattern())
                    .env("NODE_ACTUATOR_STATE_FILE", machine.root().resolve("state.json").toString())
                    .env("NODE_ACTUATOR_AUTH_MODE", "token-file")
                    .env("NODE_ACTUATOR_AUTH_TOKEN_FILE", tokens.toString())
                    .env("NODE_ACTUATOR_ANNOTATIONS_ENABLED", "false")
                    .start();
            url = process.baseUrl();
        }

        @TearDown(Level.Trial)
        public void stop() {
            process.close();
        }
    }

    /** The fixture's BIOS locked its limits (bit 63); the benchmark needs them writable. */
    static void unlockMsrLimits(FixtureMachine machine) {
        for (int pkg = 0; pkg < machine.packages(); pkg++) {
            long raw = machine.msr(machine.firstCpuOfPackage(pkg)).read(0x610);
            machine.writePackageRegister(pkg, 0x610, raw & ~(1L << 63));
        }
    }

    @Benchmark
    public void cpufreq128CpusSetAndRestore(InProcess node) {
        node.actuator.setCpufreq(new CpufreqOrder(CpufreqOrder.Ceiling.MIN, 0, null, null, null), "bench");
        node.actuator.restoreAll("bench");
    }

    @Benchmark
    public void powercapLimitSetAndRestore(InProcess node) {
        node.actuator.setPowerLimit(new PowerLimitOrder(200, null, null, null, null, null), "bench");
        node.actuator.restorePowerLimits("bench");
    }

    @Benchmark
    public void msrLimitSetAndRestore(InProcessMsr node) {
        node.actuator.setPowerLimit(new PowerLimitOrder(200, null, null, null, null, null), "bench");
        node.actuator.restorePowerLimits("bench");
    }

    @Benchmark
    public int cpufreq128CpusSetAndRestoreOverHttp(OverHttp node) {
        int set = Http.send("PUT", node.url + "/v1/cpufreq", TOKEN, "{\"ceiling\": \"min\"}").status();
        int restore = Http.send("POST", node.url + "/v1/restore", TOKEN, null).status();
        if (set != 200 || restore != 200) {
            throw new IllegalStateException("actuator answered " + set + " / " + restore);
        }
        return set + restore;
    }
}
