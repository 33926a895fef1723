package io.escheduler.actuator.baseline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The agent's state file: JSON, replaced atomically (written beside, then renamed) so that a crash
 * of the agent never leaves half a file. The first baseline is also forced to disk before the
 * rename; later saves (changes in force) are not: after a power loss the hardware comes back at its
 * firmware defaults anyway, and an fsync per change would cost more than the change itself.
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
        NodeState state;
        try {
            state = JSON.readValue(path.toFile(), NodeState.class);
        } catch (IOException e) {
            throw new IOException(path + " is not a readable state file (" + e.getMessage() + "); "
                    + "move it away only if the node is at its true baseline now", e);
        }
        if (state.version() != NodeState.VERSION || state.baseline() == null) {
            throw new IOException(path + ": unsupported state file version " + state.version());
        }
        return Optional.of(state);
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
