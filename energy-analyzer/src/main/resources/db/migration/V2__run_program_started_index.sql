-- A program's runs in every status, newest first: GET /v1/programs/{name}/energy pages through them
-- (run_program_system holds only complete runs, so without this the listing reads the whole table).
CREATE INDEX run_program_started ON run (program_id, started_at DESC, id DESC);
