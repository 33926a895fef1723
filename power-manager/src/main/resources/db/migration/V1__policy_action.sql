-- The power policies' audit trail, in power-manager's own schema (power_manager, with its own Flyway history): every
-- action the executor attempted in enforce mode, with the plan's reason and what came of it. Dry-run plans are not
-- recorded here (they change nothing); they are served by GET /v1/plans/{policy} and counted by
-- power_manager_policy_planned_actions. The executor reads it back as its memory (cooldowns, failure series, the
-- action budget) when it starts or becomes leader. The columns are those of energy-analyzer's policy_action, from
-- which V2 carries the rows over.

CREATE TABLE policy_action (
    id         BIGSERIAL PRIMARY KEY,
    -- when the executor finished the action (or gave up on it)
    at         TIMESTAMPTZ NOT NULL,
    -- the planning cycle that asked for it (all actions of one cycle share it)
    planned_at TIMESTAMPTZ NOT NULL,
    policy     TEXT NOT NULL CHECK (policy IN ('power-on', 'power-off', 'consolidation', 'dvfs', 'capping',
                                               'dvfs-migration', 'capping-migration')),
    kind       TEXT NOT NULL CHECK (kind IN ('power-on', 'power-off', 'cordon', 'evict', 'uncordon', 'set-cpufreq',
                                             'restore-cpufreq', 'set-power-limit', 'lift-power-limit')),
    node       TEXT NOT NULL,
    -- for an eviction: the pod and the node it was planned to land on
    namespace  TEXT,
    pod        TEXT,
    target     TEXT,
    -- for a CPU ceiling or a power limit: the value asked for ('min', kHz, watts)
    value      TEXT,
    reason     TEXT NOT NULL,
    -- done: carried out and confirmed; skipped: not attempted or refused without harm (an eviction a
    -- PodDisruptionBudget forbade, an earlier step of the node's change failed); failed: attempted and
    -- did not work (driver or actuator error, a node that did not come back)
    outcome    TEXT NOT NULL CHECK (outcome IN ('done', 'skipped', 'failed')),
    detail     TEXT,
    -- the replica that acted (the leader's identity)
    actor      TEXT NOT NULL
);

CREATE INDEX policy_action_at ON policy_action (at);
CREATE INDEX policy_action_node_at ON policy_action (node, at);
