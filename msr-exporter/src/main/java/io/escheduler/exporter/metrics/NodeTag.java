package io.escheduler.exporter.metrics;

import io.escheduler.exporter.config.ExporterConfig;
import io.escheduler.hardware.procfs.HostName;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;

/** Every series the exporter serves carries {@code node}. */
@Singleton
public class NodeTag {

    @Produces
    @Singleton
    MeterFilter nodeTag(ExporterConfig config) {
        return MeterFilter.commonTags(List.of(Tag.of("node", HostName.resolve(config.nodeName(), config.procfsRoot(), "msr-exporter.node-name"))));
    }
}
