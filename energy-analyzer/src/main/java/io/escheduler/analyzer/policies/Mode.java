package io.escheduler.analyzer.policies;

import java.util.Locale;

/** What a policy may do: nothing, plan only (the default), or plan and act. Config values {@code off}, {@code dry-run}, {@code enforce}. */
public enum Mode {
    OFF, DRY_RUN, ENFORCE;

    /** As in config: {@code off}, {@code dry-run}, {@code enforce}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
