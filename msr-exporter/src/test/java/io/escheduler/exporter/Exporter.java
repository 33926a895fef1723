package io.escheduler.exporter;

import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.Http;
import io.escheduler.testing.Ports;
import io.escheduler.testing.ServiceProcess;

import java.nio.file.Path;

/** The packaged exporter jar, run against a fixture machine as a user runs it. */
final class Exporter {

    /** The text exposition format Prometheus 2 scrapes. */
    static final String TEXT_FORMAT = "text/plain; version=0.0.4";

    private Exporter() {
    }

    /** A builder for the exporter on {@code machine}, source {@code source}, listening on a free port, node label "fixture". */
    static ServiceProcess.Builder on(FixtureMachine machine, String source) {
        int port = Ports.free();
        return ServiceProcess.builder(ServiceProcess.quarkusJar("msr-exporter"))
                .msrFixtures(machine.root())
                .workDir(machine.root())
                .port(port)
                .env("MSR_EXPORTER_ADDRESS", "127.0.0.1:" + port)
                .env("MSR_EXPORTER_SOURCE", source)
                .env("MSR_EXPORTER_INTERFACE", machine.msrPattern())
                .env("MSR_EXPORTER_SYSFS_ROOT", machine.sysfs().toString())
                .env("MSR_EXPORTER_PROCFS_ROOT", machine.procfs().toString())
                .env("MSR_EXPORTER_NODE_NAME", "fixture");
    }

    /**
     * The exporter's /metrics once it holds its series: on a loaded machine the first scrape right
     * after start-up can come before Micrometer's Prometheus registry has them.
     */
    static String metrics(ServiceProcess exporter) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        Http.Response response;
        do {
            response = Http.get(exporter.baseUrl() + "/metrics", TEXT_FORMAT);
            if (response.ok() && response.body().contains("rapl_source_info")) {
                return response.body();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("/metrics answered " + response.status() + " without the exporter's series: " + response.body()
                + "\n" + exporter.output());
    }

    static Path jar() {
        return ServiceProcess.quarkusJar("msr-exporter");
    }
}
