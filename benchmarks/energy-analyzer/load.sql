-- Bench data: :systems systems, :programs programs, :runs complete runs spread at random over them
-- (power W, energy J), plus 1% failed runs that placement and reports must skip. Deterministic (setseed).
\set ON_ERROR_STOP on
SELECT setseed(0.42) \gset
INSERT INTO computing_system (name) SELECT format('system-%s', lpad(i::text, 4, '0')) FROM generate_series(1, :systems) i;
INSERT INTO program (name) SELECT format('program-%s', lpad(i::text, 4, '0')) FROM generate_series(1, :programs) i;
INSERT INTO run (program_id, system_id, source, run_key, nodes, started_at, ended_at, status, attempts,
                 peak_watts, min_watts, mean_watts, energy_joules, samples, created_at, completed_at)
SELECT p.first + (g % :programs), s.first + floor(random() * :systems)::bigint, 'rest', 'bench:' || g,
       ARRAY['node-' || g % 4000], start, start + make_interval(secs => seconds),
       CASE WHEN g % 100 = 0 THEN 'failed' ELSE 'complete' END, 1,
       peak, peak * 0.3, peak * load, peak * load * seconds, (seconds / 15)::int + 1, now(), now()
  FROM generate_series(1, :runs + :runs / 99) g,
       LATERAL (SELECT min(id) AS first FROM program) p,
       LATERAL (SELECT min(id) AS first FROM computing_system) s,
       LATERAL (SELECT timestamptz '2026-01-01 00:00:00+00' + make_interval(secs => g * 30.0) AS start,
                       60 + floor(random() * 3540) AS seconds,
                       50 + random() * 350 AS peak,
                       0.5 + random() * 0.4 AS load) r;
VACUUM (ANALYZE) computing_system, program, run, program_system_stats;
