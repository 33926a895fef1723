package io.escheduler.extender.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.escheduler.extender.nodes.NodeIndex;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The candidates' names of a request, kept as the byte ranges of their JSON string literals in the request body: at
 * 5000 nodes, decoding each name to a String, hashing it for the cache lookup and encoding it again for the answer was
 * most of a request's CPU. A literal without a backslash holds the name's UTF-8 bytes as they are, so the cache
 * looks it up by those bytes ({@link #contentFrom}, {@link #contentTo}, {@link #hash}) and the answer copies the
 * literal ({@link #literalOffset}, {@link #literalLength}). A literal with an escape is decoded once when read
 * ({@link #escaped}) and goes the String way: looked up by its decoded name and written through the JSON encoder.
 * <p>
 * Hash: {@link NodeIndex#hash}'s, computed while the literal is scanned. The offsets and hashes live in a
 * {@link Scratch}'s arrays: request-confined, not thread-safe.
 */
public final class CandidateNames {

    private static final CandidateNames EMPTY = new CandidateNames(new byte[0], Scratch.fresh(), 0);

    private final byte[] source;
    private final Scratch scratch;
    private int count;
    private int[] quotes;
    private int[] ends;
    private int[] hashes;
    /** Decoded names, null until one is known: escaped literals, names of a Node list, names asked for by {@link #name}. */
    private String[] names;
    private boolean[] escaped;

    CandidateNames(byte[] source, Scratch scratch, int capacity) {
        this.source = source;
        this.scratch = scratch;
        this.quotes = scratch.ints(Scratch.Ints.QUOTES, capacity);
        this.ends = scratch.ints(Scratch.Ints.ENDS, capacity);
        this.hashes = scratch.ints(Scratch.Ints.HASHES, capacity);
    }

    /** No candidate. */
    public static CandidateNames empty() {
        return EMPTY;
    }

    /** Names given as Strings (the Nodes of a {@code nodeCacheCapable: false} request, tests): encoded as JSON literals. */
    public static CandidateNames of(List<String> names) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(names.size() * 16);
        int[] starts = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            starts[i] = body.size();
            body.write('"');
            body.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(names.get(i)));
            body.write('"');
        }
        CandidateNames result = new CandidateNames(body.toByteArray(), Scratch.fresh(), names.size());
        for (int i = 0; i < names.size(); i++) {
            result.scan(starts[i]);
            result.known(i, names.get(i), result.escaped(i));
        }
        return result;
    }

    /** {@link #scan} found a backslash escape: the literal's bytes are not the name's (see {@link #known}). */
    static final int ESCAPES = 1;
    /** {@link #scan} found bytes above 0x7F: the literal's UTF-8 is to be checked. */
    static final int NON_ASCII = 2;

    /**
     * Adds the string literal whose opening quote is at {@code quote}: scans to its closing quote (a quote not escaped
     * by a backslash), hashing the bytes between, and refuses control characters (JSON allows none unescaped). Escape
     * sequences and UTF-8 are left to the caller to check, as the flags say.
     *
     * @return {@link #ESCAPES} and {@link #NON_ASCII} for what the literal holds, 0 for plain ASCII
     * @throws MalformedRequestException when {@code quote} is not a quote, the literal holds a control character or
     *                                   does not end in the body
     */
    int scan(int quote) {
        byte[] body = source;
        if (quote < 0 || quote >= body.length || body[quote] != '"') {
            throw new MalformedRequestException("malformed JSON: no string literal at byte " + quote);
        }
        int h = 0;
        int flags = 0;
        int i = quote + 1;
        while (true) {
            if (i >= body.length) {
                throw new MalformedRequestException("malformed JSON: unterminated string starting at byte " + quote);
            }
            byte b = body[i];
            if (b == '"') {
                break;
            }
            if (b == '\\') {
                flags |= ESCAPES;
                i += 2;
                continue;
            }
            if (b < 0x20) {
                if (b >= 0) {
                    throw new MalformedRequestException("malformed JSON: control character 0x" + Integer.toHexString(b)
                            + " in the string starting at byte " + quote);
                }
                flags |= NON_ASCII;
            }
            h = 31 * h + (b & 0xFF);
            i++;
        }
        if (count == quotes.length) {
            int size = count + 1;
            quotes = scratch.grow(Scratch.Ints.QUOTES, quotes, count, size);
            ends = scratch.grow(Scratch.Ints.ENDS, ends, count, size);
            hashes = scratch.grow(Scratch.Ints.HASHES, hashes, count, size);
            if (names != null) {
                names = Arrays.copyOf(names, quotes.length);
                escaped = Arrays.copyOf(escaped, quotes.length);
            }
        }
        quotes[count] = quote;
        ends[count] = i;
        hashes[count] = h;
        count++;
        if ((flags & ESCAPES) != 0) {
            known(count - 1, null, true);
        }
        return flags;
    }

    /** Records the decoded name of candidate {@code index}; {@code escaped}: its literal holds a backslash escape. */
    void known(int index, String name, boolean escaped) {
        if (names == null) {
            names = new String[quotes.length];
            this.escaped = new boolean[quotes.length];
        }
        if (name != null) {
            names[index] = name;
        }
        this.escaped[index] |= escaped;
        if (escaped && name != null) {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            hashes[index] = NodeIndex.hash(utf8, 0, utf8.length);
        }
    }

    public int count() {
        return count;
    }

    /** The request body the literals are in. */
    public byte[] source() {
        return source;
    }

    /** Offset of candidate {@code index}'s literal, opening quote included. */
    public int literalOffset(int index) {
        return quotes[index];
    }

    /** Length of candidate {@code index}'s literal, both quotes included. */
    public int literalLength(int index) {
        return ends[index] + 1 - quotes[index];
    }

    /** Start of the literal's content (after the opening quote): the name's UTF-8 bytes unless {@link #escaped}. */
    public int contentFrom(int index) {
        return quotes[index] + 1;
    }

    /** End (exclusive) of the literal's content: its closing quote. */
    public int contentTo(int index) {
        return ends[index];
    }

    /** {@link NodeIndex#hash} of the name's UTF-8 bytes (the decoded name's when {@link #escaped}). */
    public int hash(int index) {
        return hashes[index];
    }

    /** The literal holds a backslash escape: its bytes are not the name's, use {@link #name}. */
    public boolean escaped(int index) {
        return escaped != null && escaped[index];
    }

    /** The decoded name, made on first use (logs, rare paths). */
    public String name(int index) {
        if (names != null && names[index] != null) {
            return names[index];
        }
        String name = new String(source, contentFrom(index), contentTo(index) - contentFrom(index), StandardCharsets.UTF_8);
        known(index, name, false);
        return name;
    }

    /** Every name as a String, in request order. */
    public List<String> toList() {
        List<String> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(name(i));
        }
        return list;
    }

    @Override
    public String toString() {
        return toList().toString();
    }
}
