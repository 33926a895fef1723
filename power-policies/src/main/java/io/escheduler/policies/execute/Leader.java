package io.escheduler.policies.execute;

/**
 * Whether this replica may act: in the service the holder of a Lease, asked again before every step so that a leader
 * that lost its Lease stops at the next one; a simulator always leads.
 */
public interface Leader {

    boolean leading();

    /** Who acts, as the audit trail names it. */
    String identity();

    /** A replica that always leads (a single replica, the simulator). */
    static Leader always(String identity) {
        return new Leader() {
            @Override
            public boolean leading() {
                return true;
            }

            @Override
            public String identity() {
                return identity;
            }
        };
    }
}
