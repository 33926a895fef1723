package io.escheduler.analyzer.policies;

/** What a policy may do: nothing, plan only (the default), or plan and act. Config values {@code off}, {@code dry-run}, {@code enforce}. */
public enum Mode {
    OFF, DRY_RUN, ENFORCE
}
