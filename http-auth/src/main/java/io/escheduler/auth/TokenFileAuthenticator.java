package io.escheduler.auth;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * {@code token-file} mode: a token is valid when the file lists it (no allow-list: the file is the
 * list). The file is read again whenever its modification time, size or identity (inode: a
 * Kubernetes Secret volume swaps a symlink) changes, so tokens rotate without a restart. If the
 * file becomes unreadable every request gets 503 until it is back: no stale token stays valid.
 */
public final class TokenFileAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(TokenFileAuthenticator.class);

    /** What identifies one version of the file. */
    private record Version(FileTime modified, long size, Object fileKey) {
        static Version of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Version(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        }
    }

    private record Loaded(Version version, TokenFile tokens) {
    }

    private final Path file;
    private final String key;
    private volatile Loaded loaded;

    /**
     * @param settings the prefix of the service's authentication settings, e.g. {@code node-actuator.auth}: the file is
     *                 its {@code token-file}, chosen by its {@code mode=token-file}
     * @throws IllegalStateException naming {@code <settings>.token-file} when the file is missing or unreadable
     */
    public static TokenFileAuthenticator open(String settings, Optional<Path> file) {
        String key = settings + ".token-file";
        Path path = file.orElseThrow(() -> new IllegalStateException(key
                + " is required when " + settings + ".mode=token-file: set it to a file with one token per line"));
        TokenFileAuthenticator authenticator = new TokenFileAuthenticator(path, key);
        try {
            authenticator.loaded = authenticator.load();
        } catch (IOException e) {
            throw new IllegalStateException(key + "=" + path + " cannot be read: " + describe(e), e);
        }
        return authenticator;
    }

    private TokenFileAuthenticator(Path file, String key) {
        this.file = file;
        this.key = key;
    }

    @Override
    public AuthOutcome authenticate(String token) {
        TokenFile tokens;
        try {
            tokens = current();
        } catch (IOException e) {
            LOG.warnf("%s=%s cannot be read: %s", key, file, describe(e));
            return new AuthOutcome.Unavailable("the token file cannot be read; try again later");
        }
        return tokens.find(token)
                .<AuthOutcome>map(AuthOutcome.Allowed::new)
                .orElseGet(() -> new AuthOutcome.Unauthenticated("token " + TokenHash.of(token) + " is not in " + file));
    }

    private TokenFile current() throws IOException {
        Version version = Version.of(file);
        Loaded seen = loaded;
        if (seen != null && seen.version().equals(version)) {
            return seen.tokens();
        }
        synchronized (this) {
            seen = loaded;
            if (seen == null || !seen.version().equals(Version.of(file))) {
                loaded = null;
                loaded = load();
                LOG.infof("Reloaded %s: %d token(s)", file, loaded.tokens().size());
            }
            return loaded.tokens();
        }
    }

    private Loaded load() throws IOException {
        // Version first: a write between the two reads is then seen as a change on the next request.
        Version version = Version.of(file);
        TokenFile tokens = TokenFile.read(file);
        if (tokens.size() == 0) {
            LOG.warnf("%s=%s lists no token: every request that needs one will be refused", key, file);
        }
        return new Loaded(version, tokens);
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

}
