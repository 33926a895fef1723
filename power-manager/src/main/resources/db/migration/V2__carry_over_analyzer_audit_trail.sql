-- Upgrading from an energy-analyzer that ran the power policies: its audit trail (table policy_action in schema
-- ${analyzer_schema}, the analyzer's migration V4) is copied here once, rows and ids unchanged, so that power-manager's
-- first cycle reads back the cooldowns, failure series and action budget the analyzer left, and neither repeats at
-- once what the analyzer just did nor retries at once what it saw fail. Runs once, right after V1 created the empty
-- table; where the analyzer never ran the policies in this database (a new installation, or power-manager in a
-- database of its own), there is nothing to copy. The analyzer's table is left as it is (the analyzer no longer
-- writes it): drop it once power-manager has started (docs/power-manager.md, "Upgrading from the analyzer's policies").
-- Reading it needs SELECT on it for power-manager's database role (the same role as the analyzer's, by default).

DO $$
DECLARE
    copied BIGINT;
BEGIN
    IF to_regclass('${analyzer_schema}.policy_action') IS NULL THEN
        RAISE NOTICE 'no audit trail of energy-analyzer (${analyzer_schema}.policy_action) to carry over';
        RETURN;
    END IF;
    INSERT INTO ${flyway:defaultSchema}.policy_action (id, at, planned_at, policy, kind, node, namespace, pod, target, value,
                                                       reason, outcome, detail, actor)
    SELECT id, at, planned_at, policy, kind, node, namespace, pod, target, value, reason, outcome, detail, actor
    FROM ${analyzer_schema}.policy_action
    ORDER BY id;
    GET DIAGNOSTICS copied = ROW_COUNT;
    -- the next action gets the next id after the carried-over ones, so that id order stays the order of the actions
    PERFORM setval(pg_get_serial_sequence('${flyway:defaultSchema}.policy_action', 'id'),
                   greatest((SELECT max(id) FROM ${flyway:defaultSchema}.policy_action), 1),
                   (SELECT count(*) > 0 FROM ${flyway:defaultSchema}.policy_action));
    RAISE NOTICE 'carried % rows of the audit trail over from energy-analyzer (%.policy_action)', copied, '${analyzer_schema}';
EXCEPTION
    -- dropped between the check and the copy: an analyzer's own migration drops it only while it is empty
    WHEN undefined_table THEN
        RAISE NOTICE 'no audit trail of energy-analyzer (${analyzer_schema}.policy_action) to carry over';
END
$$;
