package io.escheduler.actuator.baseline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateFileTest {

    @TempDir
    Path dir;

    private static final Instant CAPTURED = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant APPLIED = Instant.parse("2025-01-02T10:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2025-01-02T10:05:00Z");

    @Test
    void savesAndLoadsEachPartOfACpuChangeWithItsOwnExpiry() throws IOException {
        StateFile file = new StateFile(dir.resolve("state.json"));
        NodeState state = new NodeState(NodeState.VERSION, "n1",
                new Baseline(CAPTURED, Map.of(6, new CpuSetting(4_200_000, "powersave")), Map.of()),
                Map.of(6, new CpuChange(new Change<>(400_000L, APPLIED, EXPIRES, "analyzer"), new Change<>("performance", APPLIED, null, "ops"))),
                Map.of());

        file.save(state);

        assertThat(file.load()).contains(state);
    }

    /** The format before each part of a CPU change had its own expiry: one change holding ceiling and governor. */
    @Test
    void aVersion1FileBecomesOneChangePerPartThatDiffersFromTheBaseline() throws IOException {
        Path path = dir.resolve("state.json");
        Files.writeString(path, """
                {
                  "version" : 1,
                  "node" : "n1",
                  "baseline" : {
                    "capturedAt" : "2025-01-01T00:00:00Z",
                    "cpus" : {
                      "0" : { "ceilingKhz" : 4200000, "governor" : "powersave" },
                      "1" : { "ceilingKhz" : 4200000, "governor" : "powersave" }
                    },
                    "packages" : {
                      "0" : { "longTerm" : { "watts" : 15.0, "windowSeconds" : 28.0, "enabled" : true, "clamp" : true },
                              "shortTerm" : { "watts" : 44.0, "windowSeconds" : 0.00244140625, "enabled" : true, "clamp" : false } }
                    }
                  },
                  "cpuChanges" : {
                    "0" : { "setting" : { "ceilingKhz" : 400000, "governor" : "powersave" },
                            "appliedAt" : "2025-01-02T10:00:00Z", "expiresAt" : "2025-01-02T10:05:00Z", "caller" : "analyzer" },
                    "1" : { "setting" : { "ceilingKhz" : 400000, "governor" : "performance" },
                            "appliedAt" : "2025-01-02T10:00:00Z", "expiresAt" : null, "caller" : "ops" }
                  },
                  "limitChanges" : {
                    "0" : { "setting" : { "longTerm" : { "watts" : 10.0, "windowSeconds" : 28.0, "enabled" : true, "clamp" : true },
                                          "shortTerm" : { "watts" : 44.0, "windowSeconds" : 0.00244140625, "enabled" : true, "clamp" : false } },
                            "appliedAt" : "2025-01-02T10:00:00Z", "expiresAt" : null, "caller" : "ops" }
                  }
                }
                """);

        NodeState state = new StateFile(path).load().orElseThrow();

        assertThat(state.version()).isEqualTo(NodeState.VERSION);
        assertThat(state.cpuChanges()).containsOnlyKeys(0, 1);
        assertThat(state.cpuChanges().get(0)).isEqualTo(new CpuChange(new Change<>(400_000L, APPLIED, EXPIRES, "analyzer"), null));
        assertThat(state.cpuChanges().get(1)).isEqualTo(new CpuChange(new Change<>(400_000L, APPLIED, null, "ops"),
                new Change<>("performance", APPLIED, null, "ops")));
        assertThat(state.limitChanges().get("0").setting().longTerm().watts()).isEqualTo(10.0);
        assertThat(state.baseline().cpus().get(1)).isEqualTo(new CpuSetting(4_200_000, "powersave"));
    }

    @Test
    void anUnknownVersionIsRefusedNamingTheFile() throws IOException {
        Path path = dir.resolve("state.json");
        Files.writeString(path, "{\"version\": 99, \"node\": \"n1\"}");

        assertThatThrownBy(() -> new StateFile(path).load()).isInstanceOf(IOException.class)
                .hasMessageContaining(path.toString()).hasMessageContaining("version 99");
    }
}
