package io.escheduler.testing;

/** The packaged msr-exporter on a fixture machine, as a node of a simulated cluster. */
public final class FixtureExporter {

    private FixtureExporter() {
    }

    /**
     * The exporter reading {@code machine}'s powercap tree (so no MSR fixture library is needed), serving
     * {@code 127.0.0.1:port} with {@code node} as its {@code node} label; working directory the machine's root.
     */
    public static ServiceProcess.Builder powercap(FixtureMachine machine, String node, int port) {
        return ServiceProcess.builder(ServiceProcess.quarkusJar("msr-exporter"))
                .workDir(machine.root())
                .port(port)
                .env("MSR_EXPORTER_ADDRESS", "127.0.0.1:" + port)
                .env("MSR_EXPORTER_SOURCE", "powercap")
                .env("MSR_EXPORTER_INTERFACE", machine.msrPattern())
                .env("MSR_EXPORTER_SYSFS_ROOT", machine.sysfs().toString())
                .env("MSR_EXPORTER_PROCFS_ROOT", machine.procfs().toString())
                .env("MSR_EXPORTER_NODE_NAME", node);
    }
}
