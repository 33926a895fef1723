-- The power policies moved to power-manager, with their audit trail: power-manager keeps it in its own schema
-- (power_manager.policy_action, its own Flyway history), and its migration V2 copies this table's rows there once
-- (docs/power-manager.md, "Upgrading from the analyzer's policies"). The analyzer no longer writes this table. One
-- that never held a row (a new installation, or policies that never enforced anything) goes now; one with rows stays
-- as it is, for power-manager to carry over, whichever of the two is upgraded first, and for the operator to drop
-- once power-manager has started.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM policy_action) THEN
        DROP TABLE policy_action;
    END IF;
END
$$;
