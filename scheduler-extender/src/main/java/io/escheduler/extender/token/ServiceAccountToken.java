package io.escheduler.extender.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * A bearer token the extender presents (to actuators, and to the analyzer when its reads need one), from a file: the
 * projected service-account token in a pod, which the kubelet replaces before it expires (an atomic symlink swap).
 * The file is read again whenever its modification time, size or identity changes.
 */
public final class ServiceAccountToken {

    private record Version(FileTime modified, long size, Object fileKey) {
    }

    private record Loaded(Version version, String token) {
    }

    private final Path file;
    private volatile Loaded loaded;

    public ServiceAccountToken(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** @throws IOException when the file cannot be read or is empty */
    public String get() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        Version version = new Version(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        Loaded current = loaded;
        if (current != null && current.version().equals(version)) {
            return current.token();
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        loaded = new Loaded(version, token);
        return token;
    }
}
