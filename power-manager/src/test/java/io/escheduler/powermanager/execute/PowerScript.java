package io.escheduler.powermanager.execute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The exec power driver's commands in the policy tests: one script, called {@code power.sh on|off NODE}, that appends
 * its arguments to {@code calls.log} and fails (exit 3, {@code failure} on stderr, {@code $2} the node) while the file
 * {@code fail} exists or, when one is named, for one node.
 */
public final class PowerScript {

    private final Path script;
    private final Path calls;
    private final Path failFlag;

    private PowerScript(Path dir) {
        this.script = dir.resolve("power.sh");
        this.calls = dir.resolve("calls.log");
        this.failFlag = dir.resolve("fail");
    }

    /** A script that always succeeds, in {@code dir} (created); no call logged yet. */
    public static PowerScript in(Path dir) {
        return in(dir, null, "");
    }

    /**
     * @param failingNode a node it always fails for, null for none
     * @param failure     what it says on stderr when it fails ({@code $2}: the node)
     */
    public static PowerScript in(Path dir, String failingNode, String failure) {
        PowerScript power = new PowerScript(dir);
        String failWhen = "[ -f '" + power.failFlag + "' ]" + (failingNode == null ? "" : " || [ \"$2\" = '" + failingNode + "' ]");
        try {
            Files.createDirectories(dir);
            Files.writeString(power.script, "#!/bin/sh\necho \"$@\" >> '" + power.calls + "'\nif " + failWhen + "; then\n"
                    + "  echo \"" + failure + "\" >&2\n  exit 3\nfi\n");
            Files.setPosixFilePermissions(power.script, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.deleteIfExists(power.calls);
            Files.deleteIfExists(power.failFlag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return power;
    }

    /** The exec driver's configuration (the default group's) pointing at this script. */
    public Map<String, String> config() {
        return Map.of("power-manager.power.driver", "exec",
                "power-manager.power.exec.power-on-command", script + ",on",
                "power-manager.power.exec.power-off-command", script + ",off");
    }

    /** From now on every call fails (true) or only the failing node's does (false). */
    public void failing(boolean failing) {
        try {
            if (failing) {
                Files.writeString(failFlag, "");
            } else {
                Files.deleteIfExists(failFlag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every call so far, e.g. {@code off node-3}, oldest first. */
    public List<String> calls() {
        try {
            return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
