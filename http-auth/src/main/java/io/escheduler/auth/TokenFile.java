package io.escheduler.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The static tokens of {@code token-file} mode, held as hashes. Format, one token per line:
 * <pre>
 * # comment
 * 3f9c...e1            analyzer-on-hpc01   # the name is what the audit log shows
 * 77ab...02
 * </pre>
 * Blank lines and lines starting with {@code #} are ignored; a {@code #} after whitespace starts
 * a comment. A token without a name is logged as its hash fingerprint.
 */
final class TokenFile {

    record Entry(TokenHash hash, String name) {
    }

    private final List<Entry> entries;

    private TokenFile(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static TokenFile read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static TokenFile parse(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            String content = stripComment(line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] parts = content.split("\\s+", 2);
            TokenHash hash = TokenHash.of(parts[0]);
            String name = parts.length > 1 ? parts[1].strip() : "token " + hash;
            entries.add(new Entry(hash, name));
        }
        return new TokenFile(entries);
    }

    private static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /**
     * The name of the matching token. Every entry is compared, in constant time, so the time taken
     * says nothing about which entry (if any) matched.
     */
    Optional<String> find(String token) {
        TokenHash presented = TokenHash.of(token);
        String found = null;
        for (Entry entry : entries) {
            if (entry.hash().equals(presented) && found == null) {
                found = entry.name();
            }
        }
        return Optional.ofNullable(found);
    }

    int size() {
        return entries.size();
    }
}
