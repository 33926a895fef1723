package io.escheduler.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * SHA-256 of a bearer token: what this package keeps and compares instead of the token itself
 * (cache keys, token-file entries). Equality is constant-time ({@link MessageDigest#isEqual}).
 */
public final class TokenHash {

    private final byte[] digest;

    private TokenHash(byte[] digest) {
        this.digest = digest;
    }

    public static TokenHash of(String token) {
        try {
            return new TokenHash(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** First 12 hex digits of the hash: names a token in logs without revealing it. */
    public String fingerprint() {
        return HexFormat.of().formatHex(digest, 0, 6);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenHash that && MessageDigest.isEqual(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "sha256:" + fingerprint();
    }
}
