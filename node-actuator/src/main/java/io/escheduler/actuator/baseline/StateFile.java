package io.escheduler.actuator.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The agent's state file: JSON, replaced atomically (written beside, then renamed) so that a crash
 * of the agent never leaves half a file. The first baseline is also forced to disk before the
 * rename; later saves (changes in force) are not: after a power loss the hardware comes back at its
 * firmware defaults anyway, and an fsync per change would cost more than the change itself.
 *
 * <p>A file of version 1 (one change per CPU for ceiling and governor together, one expiry) is
 * read as version 2: each part that differs from the baseline becomes a change of its own with
 * the old change's origin and expiry. It is written back as version 2 at the next save.
 */
public final class StateFile {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final Path path;

    public StateFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The stored state, or empty the first time the agent meets this node. */
    public Optional<NodeState> load() throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw unreadable(e);
        }
        int version = tree.path("version").asInt(-1);
        if (version != NodeState.VERSION && version != 1) {
            throw new IOException(path + ": unsupported state file version " + tree.path("version")
                    + " (this agent reads versions 1 and " + NodeState.VERSION + ")");
        }
        NodeState state;
        try {
            state = version == 1 ? fromVersion1(JSON.treeToValue(tree, Version1.class)) : JSON.treeToValue(tree, NodeState.class);
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (state.baseline() == null) {
            throw new IOException(path + ": the state file has no baseline");
        }
        return Optional.of(state);
    }

    private IOException unreadable(IOException e) {
        return new IOException(path + " is not a readable state file (" + e.getMessage() + "); "
                + "move it away only if the node is at its true baseline now", e);
    }

    /** The version 1 layout: one change per CPU holding ceiling and governor. */
    @RegisterForReflection
    record Version1(int version, String node, Baseline baseline, Map<Integer, Change<CpuSetting>> cpuChanges,
                            Map<String, Change<PackageSetting>> limitChanges) {
    }

    private static NodeState fromVersion1(Version1 old) {
        Map<Integer, CpuChange> cpus = new TreeMap<>();
        if (old.cpuChanges() != null && old.baseline() != null) {
            old.cpuChanges().forEach((cpu, change) -> {
                CpuSetting base = old.baseline().cpus().get(cpu);
                CpuSetting now = change.setting();
                Change<Long> ceiling = base != null && base.ceilingKhz() == now.ceilingKhz() ? null
                        : new Change<>(now.ceilingKhz(), change.appliedAt(), change.expiresAt(), change.caller());
                Change<String> governor = base != null && Objects.equals(base.governor(), now.governor()) ? null
                        : new Change<>(now.governor(), change.appliedAt(), change.expiresAt(), change.caller());
                CpuChange parts = new CpuChange(ceiling, governor);
                if (!parts.isEmpty()) {
                    cpus.put(cpu, parts);
                }
            });
        }
        return new NodeState(NodeState.VERSION, old.node(), old.baseline(), cpus, old.limitChanges());
    }

    /** Saves the changes in force. */
    public void save(NodeState state) throws IOException {
        write(state, false);
    }

    /** Saves a new baseline, forced to disk. */
    public void saveDurably(NodeState state) throws IOException {
        write(state, true);
    }

    private void write(NodeState state, boolean durable) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = dir.resolve(path.getFileName() + ".tmp");
        Files.write(temporary, JSON.writeValueAsBytes(state));
        if (durable) {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (durable) {
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true); // the rename itself
            }
        }
    }
}
