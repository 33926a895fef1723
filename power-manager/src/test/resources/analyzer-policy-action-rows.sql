-- Rows as energy-analyzer wrote them in enforce mode (ids with the gaps a real sequence leaves): consolidation emptied and
-- powered off old-1 a minute before 10:00, and the power-on of old-2 failed twice in a row, the second time at 10:00.
INSERT INTO public.policy_action (id, at, planned_at, policy, kind, node, namespace, pod, target, value, reason, outcome, detail, actor)
VALUES
    (7, '2025-06-02T09:58:00Z', '2025-06-02T09:57:30Z', 'consolidation', 'cordon', 'old-1', NULL, NULL, NULL, NULL,
     'fewest pods (1)', 'done', NULL, 'energy-analyzer-5d8c-1a2b3c4d'),
    (8, '2025-06-02T09:58:01Z', '2025-06-02T09:57:30Z', 'consolidation', 'evict', 'old-1', 'shop', 'web-1', 'old-3', NULL,
     'fewest pods (1)', 'done', NULL, 'energy-analyzer-5d8c-1a2b3c4d'),
    (9, '2025-06-02T09:59:00Z', '2025-06-02T09:57:30Z', 'consolidation', 'power-off', 'old-1', NULL, NULL, NULL, NULL,
     'fewest pods (1)', 'done', NULL, 'energy-analyzer-5d8c-1a2b3c4d'),
    (12, '2025-06-02T09:59:30Z', '2025-06-02T09:59:30Z', 'power-on', 'power-on', 'old-2', NULL, NULL, NULL, NULL,
     'pending pods need 3 CPUs', 'failed', 'BMC of old-2: wrong password', 'energy-analyzer-5d8c-1a2b3c4d'),
    (13, '2025-06-02T10:00:00Z', '2025-06-02T10:00:00Z', 'power-on', 'power-on', 'old-2', NULL, NULL, NULL, NULL,
     'pending pods need 3 CPUs', 'failed', 'BMC of old-2: wrong password', 'energy-analyzer-5d8c-1a2b3c4d');
SELECT setval('public.policy_action_id_seq', 13);
