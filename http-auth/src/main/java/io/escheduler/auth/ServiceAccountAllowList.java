package io.escheduler.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The service accounts allowed to make some requests in {@code token-review} mode (e.g.
 * {@code node-actuator.auth.allowed-service-accounts}). Entries are {@code namespace:name} or the
 * full user name {@code system:serviceaccount:namespace:name}, which is what a TokenReview returns.
 */
public final class ServiceAccountAllowList {

    private static final String PREFIX = "system:serviceaccount:";

    private final Set<String> usernames;
    private final List<String> display;

    private ServiceAccountAllowList(Set<String> usernames, List<String> display) {
        this.usernames = usernames;
        this.display = display;
    }

    /**
     * @param key the setting the entries come from, for the error message
     * @throws IllegalArgumentException naming the key and the bad entry
     */
    public static ServiceAccountAllowList parse(String key, List<String> entries) {
        Set<String> usernames = new LinkedHashSet<>();
        List<String> display = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            String short_ = entry.startsWith(PREFIX) ? entry.substring(PREFIX.length()) : entry;
            String[] parts = short_.split(":", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException(key + ": '" + raw
                        + "' is not a service account; write namespace:name or system:serviceaccount:namespace:name");
            }
            if (usernames.add(PREFIX + short_)) {
                display.add(short_);
            }
        }
        return new ServiceAccountAllowList(Set.copyOf(usernames), List.copyOf(display));
    }

    /** @param username a Kubernetes user name as a TokenReview returns it */
    public boolean allows(String username) {
        return usernames.contains(username);
    }

    /** The entries as {@code namespace:name}, in configured order: what a 403 tells the caller. */
    public List<String> entries() {
        return display;
    }
}
