package io.escheduler.simulator.engine;

/**
 * What acts on the simulated cluster every policy interval: the project's power policies, their safety rails and the
 * executor's decisions ({@code io.escheduler.simulator.policy}), or nothing for the baseline.
 */
public interface PolicyHook {

    /** How often {@link #cycle} runs, in ms; 0: never (the baseline). */
    long intervalMillis();

    /** One planning cycle at {@code now}: read the cluster from {@code sim}, act through its operations. */
    void cycle(Simulation sim, long now);

    PolicyHook NONE = new PolicyHook() {
        @Override
        public long intervalMillis() {
            return 0;
        }

        @Override
        public void cycle(Simulation sim, long now) {
        }
    };
}
