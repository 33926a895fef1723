package io.escheduler.policies.execute;

/**
 * Where the executor records every action it attempted (the service: the audit trail in PostgreSQL, an Event on the
 * Node, a metric; the simulator: its report). Recording never undoes or blocks an action: an implementation that
 * cannot write logs that and returns.
 */
public interface ActionLog {

    void record(AuditEntry entry);
}
