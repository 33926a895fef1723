package io.escheduler.extender.nodes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of the {@link NodeCache} for the verbs' lookups, keyed by the UTF-8 bytes of node names: a
 * request's candidates are byte ranges of its body, looked up here without becoming Strings. Open addressing with
 * linear probing, at most half full; the hash of a key is {@code h = 31 h + b} over its unsigned bytes (the rule of
 * {@code CandidateNames.hash}, which computes it while scanning a name), spread before picking a slot. The keys sit
 * one after the other in one array, and slots are parallel arrays: a probe reads a few adjacent ints and bytes, not
 * a byte[] object per key (5000 lookups per request).
 *
 * @see NodeCache#index()
 */
public final class NodeIndex {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    static final NodeIndex EMPTY = new NodeIndex(-1, Map.of());

    private final long version;
    private final int size;
    private final int shift;
    /** Every key's UTF-8 bytes, one after the other. */
    private final byte[] keys;
    /** Per slot: 1 + the offset of its key in {@link #keys}, 0 for an empty slot. */
    private final int[] starts;
    private final int[] lengths;
    private final int[] hashes;
    private final NodeState[] states;

    /** @param version the cache version {@code states} is a snapshot of (at least) */
    NodeIndex(long version, Map<String, NodeState> states) {
        this.version = version;
        List<Map.Entry<String, NodeState>> entries = new ArrayList<>(states.entrySet()); // one pass over a live map
        int bits = 1;
        while ((1 << bits) < entries.size() * 2) {
            bits++;
        }
        this.shift = 32 - bits;
        this.starts = new int[1 << bits];
        this.lengths = new int[1 << bits];
        this.hashes = new int[1 << bits];
        this.states = new NodeState[1 << bits];
        byte[][] encoded = new byte[entries.size()][];
        int total = 0;
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = entries.get(i).getKey().getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length;
        }
        this.keys = new byte[total];
        int mask = (1 << bits) - 1;
        int added = 0;
        int offset = 0;
        for (int i = 0; i < encoded.length; i++) {
            byte[] key = encoded[i];
            System.arraycopy(key, 0, keys, offset, key.length);
            int hash = hash(key, 0, key.length);
            int slot = slot(hash);
            while (starts[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            starts[slot] = offset + 1;
            lengths[slot] = key.length;
            hashes[slot] = hash;
            this.states[slot] = entries.get(i).getValue();
            offset += key.length;
            added++;
        }
        this.size = added;
    }

    /** {@code h = 31 h + b} over the unsigned bytes {@code bytes[from, to)}. */
    public static int hash(byte[] bytes, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + (bytes[i] & 0xFF);
        }
        return h;
    }

    /** Fibonacci hashing: the top bits of the hash times 2^32 / φ, so that sequential names spread. */
    private int slot(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    /** The cache version this index was built from. */
    public long version() {
        return version;
    }

    public int size() {
        return size;
    }

    /**
     * The state of the node whose name's UTF-8 bytes are {@code source[from, to)}, null when unknown.
     *
     * @param hash {@link #hash(byte[], int, int)} of those bytes
     */
    public NodeState get(byte[] source, int from, int to, int hash) {
        int mask = starts.length - 1;
        int length = to - from;
        for (int slot = slot(hash); ; slot = (slot + 1) & mask) {
            int start = starts[slot];
            if (start == 0) {
                return null;
            }
            if (hashes[slot] == hash && lengths[slot] == length && same(keys, start - 1, source, from, length)) {
                return states[slot];
            }
        }
    }

    /**
     * Eight bytes at a time: names are a dozen bytes, below where {@code Arrays.equals}' vectorized compare pays, and a
     * byte loop was a fifth of a 5000-name request. The last word is read ending at the last byte, overlapping the one
     * before it: every byte is compared, none outside the ranges is read.
     */
    static boolean same(byte[] a, int aFrom, byte[] b, int bFrom, int length) {
        if (length >= Long.BYTES) {
            int last = length - Long.BYTES;
            for (int i = 0; i < last; i += Long.BYTES) {
                if ((long) LONGS.get(a, aFrom + i) != (long) LONGS.get(b, bFrom + i)) {
                    return false;
                }
            }
            return (long) LONGS.get(a, aFrom + last) == (long) LONGS.get(b, bFrom + last);
        }
        if (length >= Integer.BYTES) {
            int last = length - Integer.BYTES;
            return (int) INTS.get(a, aFrom) == (int) INTS.get(b, bFrom) && (int) INTS.get(a, aFrom + last) == (int) INTS.get(b, bFrom + last);
        }
        for (int i = 0; i < length; i++) {
            if (a[aFrom + i] != b[bFrom + i]) {
                return false;
            }
        }
        return true;
    }

    /** The state of node {@code name}, null when unknown. */
    public NodeState get(String name) {
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        return get(key, 0, key.length, hash(key, 0, key.length));
    }
}
