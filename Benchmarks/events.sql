-- The event-log benchmark's policies (Benchmarks/events.vigil) in DuckDB: one row per case,
-- then the four policies; per policy, the cases breaking it and the cases at risk.
-- __EVENTS__, __NOW__ and __COUNTS__ are filled in by Benchmarks/events.py.
CREATE TABLE cases AS
SELECT ticket,
       min(t) AS opened,
       min(t) FILTER (WHERE status = 'assigned') AS assigned,
       min(t) FILTER (WHERE status = 'resolved') AS resolved,
       count(*) FILTER (WHERE status = 'reopened') AS reopens,
       arg_max(status, t) AS latest
FROM (SELECT ticket, status, CAST("at" AS TIMESTAMPTZ) AS t FROM __EVENTS__)
WHERE t <= TIMESTAMPTZ '__NOW__'
GROUP BY ticket;
COPY (
  SELECT 'slow_first_response' AS policy,
         count(*) FILTER (WHERE coalesce(assigned, TIMESTAMPTZ '__NOW__') - opened > INTERVAL 24 HOURS) AS breaking,
         0 AS at_risk
  FROM cases
  UNION ALL
  SELECT 'slow_resolution',
         count(*) FILTER (WHERE coalesce(resolved, TIMESTAMPTZ '__NOW__') - opened > INTERVAL 5 DAYS),
         count(*) FILTER (WHERE resolved IS NULL AND TIMESTAMPTZ '__NOW__' - opened > INTERVAL 4 DAYS
                                AND TIMESTAMPTZ '__NOW__' - opened <= INTERVAL 5 DAYS)
  FROM cases
  UNION ALL
  SELECT 'reopened', count(*) FILTER (WHERE reopens > 0), 0 FROM cases
  UNION ALL
  SELECT 'left_pending', count(*) FILTER (WHERE latest = 'pending'), 0 FROM cases
  ORDER BY policy
) TO '__COUNTS__' (HEADER false, DELIMITER '\t');
