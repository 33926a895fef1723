-- Computing systems (a node label groups nodes; without it each node is its own system),
-- programs, job runs and their energy profiles.

CREATE TABLE computing_system (
    id   BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> '')
);

CREATE TABLE node (
    name       TEXT PRIMARY KEY CHECK (name <> ''),
    system_id  BIGINT NOT NULL REFERENCES computing_system (id),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE program (
    id   BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> '')
);

CREATE TABLE run (
    id               BIGSERIAL PRIMARY KEY,
    program_id       BIGINT NOT NULL REFERENCES program (id),
    system_id        BIGINT NOT NULL REFERENCES computing_system (id),
    -- where the run came from: 'rest' (POST /v1/runs) or 'kubernetes' (a finished pod)
    source           TEXT NOT NULL CHECK (source IN ('rest', 'kubernetes')),
    -- what makes a run unique: the pod's UID, or program/system/nodes/start/end for REST
    run_key          TEXT NOT NULL UNIQUE,
    nodes            TEXT[] NOT NULL CHECK (cardinality(nodes) > 0),
    started_at       TIMESTAMPTZ NOT NULL,
    ended_at         TIMESTAMPTZ NOT NULL CHECK (ended_at > started_at),
    status           TEXT NOT NULL CHECK (status IN ('pending', 'complete', 'failed')),
    attempts         INT NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ,
    last_error       TEXT,
    -- the run as a whole, over all its nodes: power in watts, energy in joules
    peak_watts       DOUBLE PRECISION,
    min_watts        DOUBLE PRECISION,
    mean_watts       DOUBLE PRECISION,
    energy_joules    DOUBLE PRECISION,
    samples          INT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at     TIMESTAMPTZ,
    CHECK (status <> 'complete' OR (peak_watts IS NOT NULL AND energy_joules IS NOT NULL))
);

-- placement and reports: the complete runs of a program, by system
CREATE INDEX run_program_system ON run (program_id, system_id) INCLUDE (peak_watts, energy_joules) WHERE status = 'complete';
-- the profiler's queue
CREATE INDEX run_pending ON run (next_attempt_at) WHERE status = 'pending';

CREATE TABLE run_node_profile (
    run_id        BIGINT NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    node          TEXT NOT NULL,
    peak_watts    DOUBLE PRECISION NOT NULL,
    min_watts     DOUBLE PRECISION NOT NULL,
    mean_watts    DOUBLE PRECISION NOT NULL,
    energy_joules DOUBLE PRECISION NOT NULL,
    samples       INT NOT NULL,
    PRIMARY KEY (run_id, node)
);
