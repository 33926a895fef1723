package io.escheduler.simulator.cluster;

import io.escheduler.simulator.input.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cluster files: the reference ones read; a broken one fails with its file, line and reason. */
class ClusterFileTest {

    private static final String GOOD = """
            name: small
            nodeTypes:
              - name: web
                count: 3
                cpuMillis: 16000
                memoryMiB: 65536
                powerCurveWatts: [50, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160]
                offWatts: 5
                bootSeconds: 120
                bootJoules: 12000
                shutdownSeconds: 30
                minKhz: 800000
                maxKhz: 2000000
                tdpWatts: 150
                labels: {tier: web}
                taints:
                  - {key: dedicated, value: web, effect: NoSchedule}
            policies:
              dvfs.lower-below-percent: 15
            """;

    @TempDir
    Path dir;

    @Test
    void aGoodFileIsRead() throws IOException {
        ClusterSpec spec = ClusterFile.read(write(GOOD));
        assertThat(spec.name()).isEqualTo("small");
        assertThat(spec.nodeCount()).isEqualTo(3);
        NodeType t = spec.nodeTypes().get(0);
        assertThat(t.power().curve().idleWatts()).isEqualTo(50);
        assertThat(t.taints()).containsExactly(new Taint("dedicated", "web", "NoSchedule"));
        assertThat(spec.policySettings()).containsEntry("dvfs.lower-below-percent", "15");
        assertThat(spec.policyLines()).containsEntry("dvfs.lower-below-percent", 19);
    }

    @Test
    void theReferenceClustersAreRead() {
        for (String f : new String[]{"mixed-200.yaml", "webbatch-1000.yaml", "hpc-64.yaml"}) {
            ClusterSpec spec = ClusterFile.read(Path.of("scenarios", f));
            assertThat(spec.nodeTypes()).allSatisfy(t -> {
                assertThat(t.source()).startsWith("SPECpower_ssj2008 power_ssj2008-");
                double idleShare = t.power().curve().idleWatts() / t.power().curve().maxWatts();
                assertThat(idleShare).as(t.name() + "'s active idle share").isBetween(0.1, 0.5);
            });
        }
        assertThat(ClusterFile.read(Path.of("scenarios", "webbatch-1000.yaml")).nodeCount()).isEqualTo(1000);
        assertThat(ClusterFile.read(Path.of("scenarios", "mixed-200.yaml")).nodeCount()).isEqualTo(200);
        assertThat(ClusterFile.read(Path.of("scenarios", "hpc-64.yaml")).nodeCount()).isEqualTo(64);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "    count: 3|    count: three|4|count must be a whole number, got 'three'",
            "    powerCurveWatts: [50, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160]|    powerCurveWatts: [50, 70, 80]|7|powerCurveWatts needs 11 numbers",
            "    powerCurveWatts: [50, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160]|    powerCurveWatts: [50, 70, 60, 90, 100, 110, 120, 130, 140, 150, 160]|7|power must not fall as load rises",
            "    offWatts: 5|    offWatts: 55|8|offWatts must be at least 0 and below the active-idle power",
            "    minKhz: 800000|    minKhz: 3000000|12|need 0 < minKhz <= maxKhz",
            "    tdpWatts: 150|    tdpWatt: 150|14|unknown key 'tdpWatt' in a node type",
            "{key: dedicated, value: web, effect: NoSchedule}|{key: dedicated, value: web, effect: Never}|17|taint effect must be NoSchedule",
            "  - name: web|  - name: Web_Nodes|3|node type name 'Web_Nodes' must be lower-case",
            "    bootJoules: 12000|    bootJoules: [1|11|not valid YAML or JSON",
    })
    void aBrokenFileNamesItsFileLineAndReason(String from, String to, int line, String reason) throws IOException {
        Path file = write(GOOD.replace(from, to));
        assertThatThrownBy(() -> ClusterFile.read(file)).isInstanceOf(InputError.class)
                .satisfies(e -> {
                    InputError err = (InputError) e;
                    assertThat(err.file()).isEqualTo(file.toString());
                    assertThat(err.line()).isEqualTo(line);
                    assertThat(err.reason()).contains(reason);
                    assertThat(err.getMessage()).startsWith(file + ":" + line + ": ");
                });
    }

    @Test
    void aMissingKeyIsNamed() throws IOException {
        Path file = write(GOOD.replace("    tdpWatts: 150\n", ""));
        assertThatThrownBy(() -> ClusterFile.read(file)).hasMessage(file + ":3: node type 'web' needs 'tdpWatts'");
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, text);
        return file;
    }
}
