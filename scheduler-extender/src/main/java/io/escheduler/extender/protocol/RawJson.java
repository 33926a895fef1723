package io.escheduler.extender.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A JSON value kept as the bytes it arrived as: a candidate Node of a {@code nodeCacheCapable: false}
 * request goes back to kube-scheduler in the filter result exactly as it came, without being bound
 * to objects and written again.
 */
public record RawJson(byte[] source, int offset, int length) {

    @Override
    public String toString() {
        return new String(source, offset, length, StandardCharsets.UTF_8);
    }
}
