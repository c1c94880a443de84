-- vigil sql: PostgreSQL; the rows of vigil audit --report accountability --format csv after its audit rows, in its columns and order
WITH vigil_source AS (SELECT row_number() OVER () AS vigil_row, row_number() OVER () AS vigil_line, vigil_table.* FROM records AS vigil_table),
vigil_fields AS (SELECT vigil_row, vigil_line, CAST(1795564800000 AS BIGINT) AS vigil_now,
  CAST("id" AS VARCHAR) AS f0
FROM vigil_source),
vigil_values AS (SELECT *
FROM vigil_fields),
vigil_violations AS (SELECT 0 AS vigil_policy, vigil_row, CAST(NULL AS VARCHAR) AS "policy", CAST(NULL AS VARCHAR) AS "location", CAST(NULL AS VARCHAR) AS "record", CAST(NULL AS VARCHAR) AS "party", CAST(NULL AS VARCHAR) AS "action", CAST(NULL AS VARCHAR) AS "target", CAST(NULL AS VARCHAR) AS "severity", CAST(NULL AS VARCHAR) AS "open", CAST(NULL AS VARCHAR) AS "measured", CAST(NULL AS VARCHAR) AS "threshold", CAST(NULL AS VARCHAR) AS "window", CAST(NULL AS VARCHAR) AS "sample", CAST(NULL AS VARCHAR) AS "escalation", CAST(NULL AS VARCHAR) AS "at_risk", 0 AS vigil_finding, CAST(NULL AS BIGINT) AS vigil_length, CAST(0 AS BIGINT) AS vigil_at, CAST(NULL AS BIGINT) AS vigil_ycn, CAST(NULL AS BIGINT) AS vigil_ycm, CAST(NULL AS BIGINT) AS vigil_yck, CAST(NULL AS BIGINT) AS vigil_yhk FROM vigil_values WHERE FALSE),
vigil_scope AS (SELECT 0 AS vigil_policy, CAST(NULL AS VARCHAR) AS vigil_party, 0 AS vigil_pending FROM vigil_values WHERE FALSE),
vigil_facts AS (SELECT CASE WHEN vigil_policy >= 0 THEN vigil_policy - 0 ELSE vigil_policy END AS vigil_p, "party" AS vigil_party, 1 AS vigil_real, CASE WHEN vigil_finding = 0 THEN 1 ELSE 0 END AS vigil_v, CASE WHEN vigil_finding = 0 AND CAST("open" AS BOOLEAN) IS TRUE THEN 1 ELSE 0 END AS vigil_o, CASE WHEN vigil_finding = 0 AND CAST("open" AS BOOLEAN) IS NULL THEN 1 ELSE 0 END AS vigil_u, CASE WHEN vigil_finding = 0 AND "severity" = 'low' THEN 1 ELSE 0 END AS vigil_s0, CASE WHEN vigil_finding = 0 AND "severity" = 'medium' THEN 1 ELSE 0 END AS vigil_s1, CASE WHEN vigil_finding = 0 AND "severity" = 'high' THEN 1 ELSE 0 END AS vigil_s2, CASE WHEN vigil_finding = 0 AND "severity" = 'critical' THEN 1 ELSE 0 END AS vigil_s3, 0 AS vigil_met, 0 AS vigil_pend, CASE WHEN vigil_finding = 1 THEN 1 ELSE 0 END AS vigil_risk, CASE WHEN vigil_finding = 0 AND CAST("open" AS BOOLEAN) IS TRUE THEN 1 ELSE 0 END AS vigil_isopen, vigil_length AS vigil_length, vigil_at AS vigil_at, "policy" AS vigil_op, "record" AS vigil_or, "measured" AS vigil_om, vigil_policy AS vigil_policy, vigil_row AS vigil_row FROM vigil_violations WHERE vigil_finding < 2
UNION ALL SELECT vigil_policy AS vigil_p, vigil_party AS vigil_party, 1 AS vigil_real, 0 AS vigil_v, 0 AS vigil_o, 0 AS vigil_u, 0 AS vigil_s0, 0 AS vigil_s1, 0 AS vigil_s2, 0 AS vigil_s3, 1 - vigil_pending AS vigil_met, vigil_pending AS vigil_pend, 0 AS vigil_risk, 0 AS vigil_isopen, CAST(NULL AS BIGINT) AS vigil_length, CAST(NULL AS BIGINT) AS vigil_at, CAST(NULL AS VARCHAR) AS vigil_op, CAST(NULL AS VARCHAR) AS vigil_or, CAST(NULL AS VARCHAR) AS vigil_om, CAST(NULL AS BIGINT) AS vigil_policy, CAST(NULL AS BIGINT) AS vigil_row FROM vigil_scope
UNION ALL SELECT vigil_p AS vigil_p, CAST(NULL AS VARCHAR) AS vigil_party, 0 AS vigil_real, 0 AS vigil_v, 0 AS vigil_o, 0 AS vigil_u, 0 AS vigil_s0, 0 AS vigil_s1, 0 AS vigil_s2, 0 AS vigil_s3, 0 AS vigil_met, 0 AS vigil_pend, 0 AS vigil_risk, 0 AS vigil_isopen, CAST(NULL AS BIGINT) AS vigil_length, CAST(NULL AS BIGINT) AS vigil_at, CAST(NULL AS VARCHAR) AS vigil_op, CAST(NULL AS VARCHAR) AS vigil_or, CAST(NULL AS VARCHAR) AS vigil_om, CAST(NULL AS BIGINT) AS vigil_policy, CAST(NULL AS BIGINT) AS vigil_row FROM (SELECT 0 AS vigil_p FROM vigil_values WHERE FALSE) AS vigil_policies),
vigil_ranked AS (SELECT vigil_facts.*, row_number() OVER (PARTITION BY vigil_party ORDER BY vigil_isopen DESC, vigil_length DESC NULLS LAST, vigil_at, vigil_op COLLATE "C", vigil_policy, vigil_row) AS vigil_n FROM vigil_facts),
vigil_tally AS (SELECT vigil_party, vigil_p, GROUPING(vigil_party) AS vigil_gx, GROUPING(vigil_p) AS vigil_gp, CAST(SUM(vigil_real) AS BIGINT) AS vigil_real, CAST(SUM(vigil_v) AS BIGINT) AS vigil_v, CAST(SUM(vigil_o) AS BIGINT) AS vigil_o, CAST(SUM(vigil_u) AS BIGINT) AS vigil_u, CAST(SUM(vigil_s0) AS BIGINT) AS vigil_s0, CAST(SUM(vigil_s1) AS BIGINT) AS vigil_s1, CAST(SUM(vigil_s2) AS BIGINT) AS vigil_s2, CAST(SUM(vigil_s3) AS BIGINT) AS vigil_s3, CAST(SUM(vigil_met) AS BIGINT) AS vigil_met, CAST(SUM(vigil_pend) AS BIGINT) AS vigil_pend, CAST(SUM(vigil_risk) AS BIGINT) AS vigil_risk, MAX(CASE WHEN vigil_n = 1 AND vigil_isopen = 1 THEN vigil_op END) AS vigil_op, MAX(CASE WHEN vigil_n = 1 AND vigil_isopen = 1 THEN vigil_or END) AS vigil_or, MAX(CASE WHEN vigil_n = 1 AND vigil_isopen = 1 THEN vigil_om END) AS vigil_om
FROM vigil_ranked GROUP BY GROUPING SETS ((vigil_party, vigil_p), (vigil_party), (vigil_p))),
vigil_rows AS (SELECT vigil_tally.*, MAX(CASE WHEN vigil_gp = 1 THEN vigil_v END) OVER (PARTITION BY vigil_gx, vigil_party) AS vigil_pv FROM vigil_tally)
SELECT "kind", "name", "team", "policy", "violations", "open", "closed", "undetermined", "low", "medium", "high", "critical", "in_scope", "met", "violated", "pending", "at_risk", "compliance", "compliance_of", "oldest_open_policy", "oldest_open_record", "oldest_open_measured", "value" FROM (SELECT CASE WHEN vigil_gx = 1 THEN 1 WHEN vigil_gp = 1 THEN 0 ELSE 2 END AS vigil_section,
  CAST(0 AS BIGINT) AS vigil_k0,
  CAST(CASE WHEN vigil_gx = 1 THEN 0 ELSE vigil_pv END AS BIGINT) AS vigil_k1,
  CAST(0 AS BIGINT) AS vigil_kb,
  CAST(CASE WHEN vigil_gx = 1 THEN '' ELSE COALESCE(vigil_party, '(none)') END AS VARCHAR) AS vigil_k2,
  CAST(CASE WHEN vigil_gp = 1 THEN 0 ELSE vigil_p END AS BIGINT) AS vigil_k3,
  CAST(0 AS BIGINT) AS vigil_k4,
  CAST(CASE WHEN vigil_gx = 1 THEN 'policy' WHEN vigil_gp = 1 THEN 'party' ELSE 'party_policy' END AS VARCHAR) AS "kind",
  CAST(CASE WHEN vigil_gx = 1 THEN CAST(NULL AS VARCHAR) ELSE COALESCE(vigil_party, '(none)') END AS VARCHAR) AS "name",
  CAST(NULL AS VARCHAR) AS "team",
  CAST(CASE WHEN vigil_gx = 0 AND vigil_gp = 0 THEN CAST(NULL AS VARCHAR) END AS VARCHAR) AS "policy",
  vigil_v AS "violations",
  vigil_o AS "open",
  vigil_v - vigil_o - vigil_u AS "closed",
  vigil_u AS "undetermined",
  CAST(CASE WHEN vigil_gx = 0 AND vigil_gp = 1 THEN vigil_s0 END AS BIGINT) AS "low",
  CAST(CASE WHEN vigil_gx = 0 AND vigil_gp = 1 THEN vigil_s1 END AS BIGINT) AS "medium",
  CAST(CASE WHEN vigil_gx = 0 AND vigil_gp = 1 THEN vigil_s2 END AS BIGINT) AS "high",
  CAST(CASE WHEN vigil_gx = 0 AND vigil_gp = 1 THEN vigil_s3 END AS BIGINT) AS "critical",
  vigil_met + vigil_pend + vigil_v AS "in_scope",
  vigil_met AS "met",
  vigil_v AS "violated",
  vigil_pend AS "pending",
  vigil_risk AS "at_risk",
  CASE WHEN (vigil_met + vigil_v) = 0 THEN NULL ELSE CAST(vigil_met AS DOUBLE PRECISION) / CAST((vigil_met + vigil_v) AS DOUBLE PRECISION) END AS "compliance",
  (vigil_met + vigil_v) AS "compliance_of",
  CAST(CASE WHEN vigil_gx = 0 AND vigil_gp = 1 THEN vigil_op END AS VARCHAR) AS "oldest_open_policy",
  CAST(CASE WHEN vigil_gx = 0 AND vigil_gp = 1 THEN vigil_or END AS VARCHAR) AS "oldest_open_record",
  CAST(CASE WHEN vigil_gx = 0 AND vigil_gp = 1 THEN vigil_om END AS VARCHAR) AS "oldest_open_measured",
  CAST(NULL AS VARCHAR) AS "value"
FROM vigil_rows WHERE vigil_gx = 1 OR vigil_real > 0) AS vigil_report
ORDER BY vigil_section, vigil_k0, vigil_k1 DESC, vigil_kb DESC, vigil_k2 COLLATE "C", vigil_k3, vigil_k4
