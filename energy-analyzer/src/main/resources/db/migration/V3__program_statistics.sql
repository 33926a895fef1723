-- Summaries kept by triggers on run, so that placement and the reports read a few rows per program
-- instead of aggregating its runs at every request (10^6 runs: GET /v1/programs scanned the whole
-- table, and placement aggregated 1000 runs per program). The triggers see every writer: the
-- analyzer, a bulk load, an operator's DELETE.

-- Per program: its runs by status, the end of its latest run, and a version that grows whenever the
-- figures of its complete runs change (placement keeps answers in memory until it does).
ALTER TABLE program
    ADD COLUMN complete_runs BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN pending_runs  BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN failed_runs   BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN last_ended_at TIMESTAMPTZ,
    ADD COLUMN stats_version BIGINT NOT NULL DEFAULT 0;

-- Per program and system: the aggregates of its complete runs there (no row: it never ran there).
CREATE TABLE program_system_stats (
    program_id         BIGINT NOT NULL REFERENCES program (id),
    system_id          BIGINT NOT NULL REFERENCES computing_system (id),
    runs               BIGINT NOT NULL CHECK (runs > 0),
    peak_watts_max     DOUBLE PRECISION NOT NULL,
    min_watts_min      DOUBLE PRECISION,          -- NULL while no run there has a minimum
    energy_joules_min  DOUBLE PRECISION NOT NULL,
    energy_joules_max  DOUBLE PRECISION NOT NULL,
    energy_joules_sum  DOUBLE PRECISION NOT NULL,
    seconds_sum        DOUBLE PRECISION NOT NULL,
    -- placement reads a program's rows by an index-only scan: what it needs is in the index
    PRIMARY KEY (program_id, system_id) INCLUDE (runs, peak_watts_max, energy_joules_sum)
);

-- What the summaries need of a run.
CREATE TYPE run_figures AS (
    program_id BIGINT, system_id BIGINT, status TEXT, started_at TIMESTAMPTZ, ended_at TIMESTAMPTZ,
    peak_watts DOUBLE PRECISION, min_watts DOUBLE PRECISION, energy_joules DOUBLE PRECISION
);

-- One statement's effect on the summaries: the runs as they were before it (removed: deleted, or
-- changed in a way that counts) and after it (added: inserted, or the changed ones' new state).
-- Called by statement-level triggers, after the statement, so that a bulk load costs a few set
-- operations and a statement that both changes and completes runs of one group counts each once.
CREATE FUNCTION run_statistics_apply(removed run_figures[], added run_figures[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- counts by status, latest end, and the version placement's answers depend on
    UPDATE program p
       SET complete_runs = p.complete_runs + d.complete,
           pending_runs = p.pending_runs + d.pending,
           failed_runs = p.failed_runs + d.failed,
           last_ended_at = CASE WHEN d.end_removed THEN (SELECT max(ended_at) FROM run WHERE program_id = p.id)
                                ELSE greatest(p.last_ended_at, d.latest_added) END,
           stats_version = p.stats_version + d.complete_changed::int
      FROM (SELECT c.program_id,
                   sum(c.sign * (c.status = 'complete')::int) AS complete,
                   sum(c.sign * (c.status = 'pending')::int) AS pending,
                   sum(c.sign * (c.status = 'failed')::int) AS failed,
                   max(c.ended_at) FILTER (WHERE c.sign > 0) AS latest_added,
                   coalesce(bool_or(c.sign < 0), false) AS end_removed,
                   coalesce(bool_or(c.status = 'complete'), false) AS complete_changed
              FROM (SELECT r.program_id, r.status, r.ended_at, -1 AS sign FROM unnest(removed) r
                    UNION ALL
                    SELECT a.program_id, a.status, a.ended_at, 1 FROM unnest(added) a) c
             GROUP BY c.program_id) d
     WHERE p.id = d.program_id;

    -- groups a complete run left or changed in are aggregated again (a maximum cannot be taken back).
    -- The DELETE locks their rows, waiting for a concurrent completion in the same group to commit; the
    -- INSERT, a new statement with a new snapshot under READ COMMITTED, then sees that completion too.
    IF EXISTS (SELECT 1 FROM unnest(removed) r WHERE r.status = 'complete') THEN
        DELETE FROM program_system_stats s
         WHERE (s.program_id, s.system_id) IN (SELECT r.program_id, r.system_id FROM unnest(removed) r WHERE r.status = 'complete');
        INSERT INTO program_system_stats (program_id, system_id, runs, peak_watts_max, min_watts_min,
                                          energy_joules_min, energy_joules_max, energy_joules_sum, seconds_sum)
        SELECT r.program_id, r.system_id, count(*), max(r.peak_watts), min(r.min_watts), min(r.energy_joules), max(r.energy_joules),
               sum(r.energy_joules), sum(extract(epoch FROM r.ended_at - r.started_at))
          FROM run r
         WHERE (r.program_id, r.system_id) IN (SELECT g.program_id, g.system_id FROM unnest(removed) g WHERE g.status = 'complete')
           AND r.status = 'complete'
         GROUP BY r.program_id, r.system_id;
    END IF;

    -- complete runs that joined other groups are added to their aggregates
    INSERT INTO program_system_stats AS s (program_id, system_id, runs, peak_watts_max, min_watts_min,
                                           energy_joules_min, energy_joules_max, energy_joules_sum, seconds_sum)
    SELECT a.program_id, a.system_id, count(*), max(a.peak_watts), min(a.min_watts), min(a.energy_joules), max(a.energy_joules),
           sum(a.energy_joules), sum(extract(epoch FROM a.ended_at - a.started_at))
      FROM unnest(added) a
     WHERE a.status = 'complete'
       AND NOT EXISTS (SELECT 1 FROM unnest(removed) r
                        WHERE r.status = 'complete' AND r.program_id = a.program_id AND r.system_id = a.system_id)
     GROUP BY a.program_id, a.system_id
    ON CONFLICT (program_id, system_id) DO UPDATE
       SET runs = s.runs + excluded.runs,
           peak_watts_max = greatest(s.peak_watts_max, excluded.peak_watts_max),
           min_watts_min = least(s.min_watts_min, excluded.min_watts_min),
           energy_joules_min = least(s.energy_joules_min, excluded.energy_joules_min),
           energy_joules_max = greatest(s.energy_joules_max, excluded.energy_joules_max),
           energy_joules_sum = s.energy_joules_sum + excluded.energy_joules_sum,
           seconds_sum = s.seconds_sum + excluded.seconds_sum;
END
$$;

CREATE FUNCTION run_statistics_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM run_statistics_apply('{}',
        (SELECT array_agg((program_id, system_id, status, started_at, ended_at, peak_watts, min_watts, energy_joules)::run_figures)
           FROM new_runs));
    RETURN NULL;
END
$$;

CREATE FUNCTION run_statistics_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM run_statistics_apply(
        (SELECT array_agg((program_id, system_id, status, started_at, ended_at, peak_watts, min_watts, energy_joules)::run_figures)
           FROM old_runs), '{}');
    RETURN NULL;
END
$$;

CREATE FUNCTION run_statistics_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    removed run_figures[];
    added run_figures[];
BEGIN
    -- only changes that move a figure count: the profiler's queue bookkeeping (attempts, next attempt,
    -- last error) updates pending runs all the time and stops here
    SELECT array_agg((o.program_id, o.system_id, o.status, o.started_at, o.ended_at, o.peak_watts, o.min_watts, o.energy_joules)::run_figures),
           array_agg((n.program_id, n.system_id, n.status, n.started_at, n.ended_at, n.peak_watts, n.min_watts, n.energy_joules)::run_figures)
      INTO removed, added
      FROM old_runs o JOIN new_runs n ON n.id = o.id
     WHERE (o.program_id, o.system_id, o.status, o.started_at, o.ended_at, o.peak_watts, o.min_watts, o.energy_joules)
           IS DISTINCT FROM (n.program_id, n.system_id, n.status, n.started_at, n.ended_at, n.peak_watts, n.min_watts, n.energy_joules);
    IF removed IS NOT NULL THEN
        PERFORM run_statistics_apply(removed, added);
    END IF;
    RETURN NULL;
END
$$;

-- TRUNCATE fires no DELETE trigger: everything the summaries hold goes with the runs.
CREATE FUNCTION run_statistics_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM program_system_stats;
    UPDATE program
       SET complete_runs = 0, pending_runs = 0, failed_runs = 0, last_ended_at = NULL, stats_version = stats_version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER run_statistics_insert AFTER INSERT ON run REFERENCING NEW TABLE AS new_runs
    FOR EACH STATEMENT EXECUTE FUNCTION run_statistics_insert();
CREATE TRIGGER run_statistics_update AFTER UPDATE ON run REFERENCING OLD TABLE AS old_runs NEW TABLE AS new_runs
    FOR EACH STATEMENT EXECUTE FUNCTION run_statistics_update();
CREATE TRIGGER run_statistics_delete AFTER DELETE ON run REFERENCING OLD TABLE AS old_runs
    FOR EACH STATEMENT EXECUTE FUNCTION run_statistics_delete();
CREATE TRIGGER run_statistics_truncate AFTER TRUNCATE ON run FOR EACH STATEMENT EXECUTE FUNCTION run_statistics_truncate();

-- What the runs recorded before this migration add up to.
UPDATE program p
   SET complete_runs = c.complete, pending_runs = c.pending, failed_runs = c.failed, last_ended_at = c.last_ended_at,
       stats_version = c.complete
  FROM (SELECT program_id,
               count(*) FILTER (WHERE status = 'complete') AS complete,
               count(*) FILTER (WHERE status = 'pending') AS pending,
               count(*) FILTER (WHERE status = 'failed') AS failed,
               max(ended_at) AS last_ended_at
          FROM run GROUP BY program_id) c
 WHERE p.id = c.program_id;
INSERT INTO program_system_stats (program_id, system_id, runs, peak_watts_max, min_watts_min,
                                  energy_joules_min, energy_joules_max, energy_joules_sum, seconds_sum)
SELECT program_id, system_id, count(*), max(peak_watts), min(min_watts), min(energy_joules), max(energy_joules),
       sum(energy_joules), sum(extract(epoch FROM ended_at - started_at))
  FROM run WHERE status = 'complete' GROUP BY program_id, system_id;

-- The partial index served placement and the reports' aggregates; the summary does now.
DROP INDEX run_program_system;
