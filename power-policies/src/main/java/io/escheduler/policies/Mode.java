package io.escheduler.policies;

import java.util.Locale;
import java.util.Optional;

/** What a policy may do: nothing, plan only (the default), or plan and act. Config values {@code off}, {@code dry-run}, {@code enforce}. */
public enum Mode {
    OFF, DRY_RUN, ENFORCE;

    /** As in config: {@code off}, {@code dry-run}, {@code enforce}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The mode written {@code wireName} in config, if there is one. */
    public static Optional<Mode> ofWireName(String wireName) {
        for (Mode mode : values()) {
            if (mode.wireName().equals(wireName)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
