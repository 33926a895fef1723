package io.escheduler.powermanager.power;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The seed's hand-over to another tool: power-on requests collect in {@code {"powerOn": ["node14", "node15"]}},
 * power-off requests in {@code {"powerOff": [...]}}, each in its own file, a spool that the other tool empties or
 * removes once it has acted. Done once the file is written; whether the node actually changes is up to that tool.
 *
 * <p>Each request reads the file (missing or empty: no request yet), adds the node if absent, and replaces the file
 * atomically (a temporary file in the same directory, synced, then renamed over it), so a reader never sees half a
 * file. A node asked on is also taken out of the pending power-off file and the other way round: the latest request
 * wins. Other keys in the files are kept. To take requests without losing one written meanwhile, the tool should
 * rename the file away first and then act on the renamed copy.
 *
 * @param keys the group's config prefix, for messages
 */
record FileSpoolDriver(Path powerOnPath, Path powerOffPath, String keys) implements PowerDriver {

    static final String POWER_ON = "powerOn";
    static final String POWER_OFF = "powerOff";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every spool file of the process is written under this lock: groups may share files. */
    private static final Object LOCK = new Object();

    @Override
    public String describe(Node node) {
        return "file " + powerOnPath + " / " + powerOffPath;
    }

    @Override
    public void powerOn(Node node) throws PowerDriverException {
        request(PowerAction.ON, node, powerOnPath, POWER_ON, powerOffPath, POWER_OFF);
    }

    @Override
    public void powerOff(Node node) throws PowerDriverException {
        request(PowerAction.OFF, node, powerOffPath, POWER_OFF, powerOnPath, POWER_ON);
    }

    private void request(PowerAction action, Node node, Path file, String key, Path opposite, String oppositeKey) throws PowerDriverException {
        String name = node.getMetadata().getName();
        synchronized (LOCK) {
            try {
                update(opposite, oppositeKey, name, false);
                update(file, key, name, true);
            } catch (IllegalStateException e) {
                throw action.failure(name, describe(node), e.getMessage(), e);
            } catch (IOException e) {
                throw action.failure(name, describe(node), "cannot update the spool files (" + e + "): power-manager must be able to "
                        + "write their directories (" + keys + ".file.power-on-path, power-off-path)", e);
            }
        }
    }

    /** Adds {@code node} to (or removes it from) the list under {@code key}; writes only when that changes it. */
    private static void update(Path file, String key, String node, boolean add) throws IOException {
        ObjectNode root = read(file, key);
        ArrayNode list = root.has(key) ? (ArrayNode) root.get(key) : root.putArray(key);
        int index = indexOf(list, node);
        if (add == (index >= 0)) {
            return;
        }
        if (add) {
            list.add(node);
        } else {
            list.remove(index);
        }
        write(file, root);
    }

    private static ObjectNode read(Path file, String key) throws IOException {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(file + " is not JSON (" + e.getOriginalMessage() + "); left as it is: fix or remove it", e);
        }
        if (!(tree instanceof ObjectNode root) || (root.has(key) && !root.get(key).isArray())) {
            throw new IllegalStateException(file + " is not {\"" + key + "\": [...]}; left as it is: fix or remove it");
        }
        return root;
    }

    private static int indexOf(ArrayNode list, String node) {
        for (int i = 0; i < list.size(); i++) {
            if (node.equals(list.get(i).asText())) {
                return i;
            }
        }
        return -1;
    }

    /** Temporary file beside the target, synced, world-readable (the other tool may run as another user), renamed over it. */
    private static void write(Path file, ObjectNode root) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap((root + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + file + " atomically (" + e.getMessage() + ")", e);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
