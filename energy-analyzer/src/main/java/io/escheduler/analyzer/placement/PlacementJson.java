package io.escheduler.analyzer.placement;

import com.fasterxml.jackson.core.io.NumberOutput;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@link PlacementRanking} as JSON bytes, written by hand: byte for byte what Jackson writes for the
 * record (the test compares them). With 1000 systems an answer is about 120 kB, and serialising it
 * through Jackson's data binding took almost half of the analyzer's CPU per placement request (JFR
 * profile of the benchmark); this needs about 60% of Jackson's time and none of its reflection.
 * Strings are escaped as Jackson does (short escapes, {@code \\uXXXX} for other control characters
 * and for surrogates, everything else as UTF-8); doubles use Jackson's Schubfach writer, as
 * {@link FastDoubleSerializer} does.
 */
public final class PlacementJson {

    private PlacementJson() {
    }

    public static byte[] bytes(PlacementRanking ranking) {
        Out out = new Out(256 + ranking.ranking().size() * 128);
        out.ascii("{\"program\":").string(ranking.program()).ascii(",\"strategy\":").string(ranking.strategy()).ascii(",\"ranking\":[");
        boolean first = true;
        for (PlacementRanking.Entry entry : ranking.ranking()) {
            if (!first) {
                out.ascii(",");
            }
            first = false;
            out.ascii("{\"rank\":").ascii(Integer.toString(entry.rank()))
                    .ascii(",\"system\":").string(entry.system())
                    .ascii(",\"score\":").number(entry.score())
                    .ascii(",\"unit\":").string(entry.unit())
                    .ascii(",\"runs\":").ascii(Long.toString(entry.runs()))
                    .ascii(",\"reason\":").string(entry.reason())
                    .ascii("}");
        }
        return out.ascii("]}").toBytes();
    }

    /** A growable byte buffer with the few writes JSON needs. */
    private static final class Out {

        private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

        private byte[] buffer;
        private int size;

        Out(int capacity) {
            buffer = new byte[capacity];
        }

        private void room(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        private void put(int b) {
            buffer[size++] = (byte) b;
        }

        /** Text known to be ASCII and to need no escaping. */
        @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exactly the low bytes, no copy of its own
        Out ascii(String text) {
            room(text.length());
            text.getBytes(0, text.length(), buffer, size);
            size += text.length();
            return this;
        }

        private static boolean plain(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                    return false;
                }
            }
            return true;
        }

        Out number(double value) {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                return string(Double.toString(value)); // Jackson's default: "NaN", "Infinity" as strings
            }
            return ascii(NumberOutput.toString(value, true));
        }

        Out string(String text) {
            if (text == null) {
                return ascii("null");
            }
            if (plain(text)) { // nearly always: names and reasons are printable ASCII
                room(text.length() + 2);
                put('"');
                ascii(text);
                put('"');
                return this;
            }
            room(text.length() * 6 + 2); // the worst case: every char escaped as \\u00XX
            put('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                    put(c);
                } else if (c == '"' || c == '\\') {
                    put('\\');
                    put(c);
                } else if (c < 0x20) {
                    escapeControl(c);
                } else if (c < 0x80) {
                    put(c); // DEL
                } else if (Character.isSurrogate(c)) {
                    escapeUnicode(c); // as Jackson does: characters beyond the BMP as two \\uXXXX escapes
                } else {
                    int end = i + 1;
                    while (end < text.length() && text.charAt(end) >= 0x80 && !Character.isSurrogate(text.charAt(end))) {
                        end++;
                    }
                    byte[] utf8 = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
                    room(utf8.length);
                    System.arraycopy(utf8, 0, buffer, size, utf8.length);
                    size += utf8.length;
                    room((text.length() - end) * 6 + 1);
                    i = end - 1;
                }
            }
            put('"');
            return this;
        }

        private void escapeControl(char c) {
            char shortEscape = switch (c) {
                case '\b' -> 'b';
                case '\t' -> 't';
                case '\n' -> 'n';
                case '\f' -> 'f';
                case '\r' -> 'r';
                default -> 0;
            };
            if (shortEscape == 0) {
                escapeUnicode(c);
            } else {
                put('\\');
                put(shortEscape);
            }
        }

        private void escapeUnicode(char c) {
            put('\\');
            put('u');
            put(HEX[c >> 12 & 0xF]);
            put(HEX[c >> 8 & 0xF]);
            put(HEX[c >> 4 & 0xF]);
            put(HEX[c & 0xF]);
        }

        byte[] toBytes() {
            return Arrays.copyOf(buffer, size);
        }
    }
}
