-- vigil sql: PostgreSQL; the columns of vigil audit --format csv, in its order
WITH vigil_source AS (SELECT row_number() OVER () AS vigil_row, row_number() OVER () AS vigil_line, vigil_table.* FROM records AS vigil_table),
vigil_fields AS (SELECT vigil_row, vigil_line, CAST(1795564800000 AS BIGINT) AS vigil_now,
  CAST("created_at" AS VARCHAR) AS f0,
  CAST("resolved_at" AS VARCHAR) AS f1,
  CAST("id" AS VARCHAR) AS f2,
  CAST("first_response_at" AS VARCHAR) AS f3,
  CAST("team" AS VARCHAR) AS f4,
  CAST("channel" AS VARCHAR) AS f5,
  CAST("owner" AS VARCHAR) AS f6,
  CAST("rings" AS VARCHAR) AS f7,
  CAST("note" AS VARCHAR) AS f8,
  CAST("vip" AS VARCHAR) AS f9
FROM vigil_source),
vigil_matches AS MATERIALIZED (SELECT *,
  regexp_match(f0, '^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$') AS m0,
  regexp_match(f1, '^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$') AS m1,
  regexp_match(f3, '^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$') AS m3
FROM vigil_fields),
vigil_values AS (SELECT *,
  (CASE WHEN m0 IS NOT NULL THEN (CASE WHEN CAST(COALESCE(NULLIF(m0[4], ''), '0') AS BIGINT) <= 23 AND CAST(COALESCE(NULLIF(m0[5], ''), '0') AS BIGINT) <= 59 AND CAST(COALESCE(NULLIF(m0[6], ''), '0') AS BIGINT) <= 59 AND CAST(COALESCE(NULLIF(m0[9], ''), '0') AS BIGINT) <= 23 AND CAST(COALESCE(NULLIF(m0[10], ''), '0') AS BIGINT) <= 59 AND CAST(COALESCE(NULLIF(m0[2], ''), '0') AS BIGINT) BETWEEN 1 AND 12 AND CAST(COALESCE(NULLIF(m0[3], ''), '0') AS BIGINT) >= 1 AND CAST(COALESCE(NULLIF(m0[3], ''), '0') AS BIGINT) <= (CASE WHEN CAST(COALESCE(NULLIF(m0[2], ''), '0') AS BIGINT) = 2 THEN (CASE WHEN ((CAST(COALESCE(NULLIF(m0[1], ''), '0') AS BIGINT)) % 4 = 0 AND ((CAST(COALESCE(NULLIF(m0[1], ''), '0') AS BIGINT)) % 100 <> 0 OR (CAST(COALESCE(NULLIF(m0[1], ''), '0') AS BIGINT)) % 400 = 0)) THEN 29 ELSE 28 END) WHEN CAST(COALESCE(NULLIF(m0[2], ''), '0') AS BIGINT) IN (4, 6, 9, 11) THEN 30 ELSE 31 END) THEN ((((CAST(COALESCE(NULLIF(m0[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m0[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 146097 + (((CAST(COALESCE(NULLIF(m0[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m0[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END)) - (((CAST(COALESCE(NULLIF(m0[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m0[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400) * 365 + ((((CAST(COALESCE(NULLIF(m0[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m0[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END)) - (((CAST(COALESCE(NULLIF(m0[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m0[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400)) / (4)) - ((((CAST(COALESCE(NULLIF(m0[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m0[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END)) - (((CAST(COALESCE(NULLIF(m0[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m0[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400)) / (100)) + (((153 * (CASE WHEN CAST(COALESCE(NULLIF(m0[2], ''), '0') AS BIGINT) > 2 THEN CAST(COALESCE(NULLIF(m0[2], ''), '0') AS BIGINT) - 3 ELSE CAST(COALESCE(NULLIF(m0[2], ''), '0') AS BIGINT) + 9 END) + 2) / (5)) + CAST(COALESCE(NULLIF(m0[3], ''), '0') AS BIGINT) - 1)) - 719468 - 146097) * 86400000 + CAST(COALESCE(NULLIF(m0[4], ''), '0') AS BIGINT) * 3600000 + CAST(COALESCE(NULLIF(m0[5], ''), '0') AS BIGINT) * 60000 + CAST(COALESCE(NULLIF(m0[6], ''), '0') AS BIGINT) * 1000 + CAST(SUBSTR(COALESCE(NULLIF(m0[7], ''), '0') || '00', 1, 3) AS BIGINT) - (CASE WHEN m0[8] = '-' THEN -1 ELSE 1 END) * (CAST(COALESCE(NULLIF(m0[9], ''), '0') AS BIGINT) * 60 + CAST(COALESCE(NULLIF(m0[10], ''), '0') AS BIGINT)) * 60000 END) END) AS t0,
  (CASE WHEN m1 IS NOT NULL THEN (CASE WHEN CAST(COALESCE(NULLIF(m1[4], ''), '0') AS BIGINT) <= 23 AND CAST(COALESCE(NULLIF(m1[5], ''), '0') AS BIGINT) <= 59 AND CAST(COALESCE(NULLIF(m1[6], ''), '0') AS BIGINT) <= 59 AND CAST(COALESCE(NULLIF(m1[9], ''), '0') AS BIGINT) <= 23 AND CAST(COALESCE(NULLIF(m1[10], ''), '0') AS BIGINT) <= 59 AND CAST(COALESCE(NULLIF(m1[2], ''), '0') AS BIGINT) BETWEEN 1 AND 12 AND CAST(COALESCE(NULLIF(m1[3], ''), '0') AS BIGINT) >= 1 AND CAST(COALESCE(NULLIF(m1[3], ''), '0') AS BIGINT) <= (CASE WHEN CAST(COALESCE(NULLIF(m1[2], ''), '0') AS BIGINT) = 2 THEN (CASE WHEN ((CAST(COALESCE(NULLIF(m1[1], ''), '0') AS BIGINT)) % 4 = 0 AND ((CAST(COALESCE(NULLIF(m1[1], ''), '0') AS BIGINT)) % 100 <> 0 OR (CAST(COALESCE(NULLIF(m1[1], ''), '0') AS BIGINT)) % 400 = 0)) THEN 29 ELSE 28 END) WHEN CAST(COALESCE(NULLIF(m1[2], ''), '0') AS BIGINT) IN (4, 6, 9, 11) THEN 30 ELSE 31 END) THEN ((((CAST(COALESCE(NULLIF(m1[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m1[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 146097 + (((CAST(COALESCE(NULLIF(m1[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m1[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END)) - (((CAST(COALESCE(NULLIF(m1[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m1[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400) * 365 + ((((CAST(COALESCE(NULLIF(m1[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m1[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END)) - (((CAST(COALESCE(NULLIF(m1[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m1[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400)) / (4)) - ((((CAST(COALESCE(NULLIF(m1[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m1[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END)) - (((CAST(COALESCE(NULLIF(m1[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m1[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400)) / (100)) + (((153 * (CASE WHEN CAST(COALESCE(NULLIF(m1[2], ''), '0') AS BIGINT) > 2 THEN CAST(COALESCE(NULLIF(m1[2], ''), '0') AS BIGINT) - 3 ELSE CAST(COALESCE(NULLIF(m1[2], ''), '0') AS BIGINT) + 9 END) + 2) / (5)) + CAST(COALESCE(NULLIF(m1[3], ''), '0') AS BIGINT) - 1)) - 719468 - 146097) * 86400000 + CAST(COALESCE(NULLIF(m1[4], ''), '0') AS BIGINT) * 3600000 + CAST(COALESCE(NULLIF(m1[5], ''), '0') AS BIGINT) * 60000 + CAST(COALESCE(NULLIF(m1[6], ''), '0') AS BIGINT) * 1000 + CAST(SUBSTR(COALESCE(NULLIF(m1[7], ''), '0') || '00', 1, 3) AS BIGINT) - (CASE WHEN m1[8] = '-' THEN -1 ELSE 1 END) * (CAST(COALESCE(NULLIF(m1[9], ''), '0') AS BIGINT) * 60 + CAST(COALESCE(NULLIF(m1[10], ''), '0') AS BIGINT)) * 60000 END) END) AS t1,
  (CASE WHEN m3 IS NOT NULL THEN (CASE WHEN CAST(COALESCE(NULLIF(m3[4], ''), '0') AS BIGINT) <= 23 AND CAST(COALESCE(NULLIF(m3[5], ''), '0') AS BIGINT) <= 59 AND CAST(COALESCE(NULLIF(m3[6], ''), '0') AS BIGINT) <= 59 AND CAST(COALESCE(NULLIF(m3[9], ''), '0') AS BIGINT) <= 23 AND CAST(COALESCE(NULLIF(m3[10], ''), '0') AS BIGINT) <= 59 AND CAST(COALESCE(NULLIF(m3[2], ''), '0') AS BIGINT) BETWEEN 1 AND 12 AND CAST(COALESCE(NULLIF(m3[3], ''), '0') AS BIGINT) >= 1 AND CAST(COALESCE(NULLIF(m3[3], ''), '0') AS BIGINT) <= (CASE WHEN CAST(COALESCE(NULLIF(m3[2], ''), '0') AS BIGINT) = 2 THEN (CASE WHEN ((CAST(COALESCE(NULLIF(m3[1], ''), '0') AS BIGINT)) % 4 = 0 AND ((CAST(COALESCE(NULLIF(m3[1], ''), '0') AS BIGINT)) % 100 <> 0 OR (CAST(COALESCE(NULLIF(m3[1], ''), '0') AS BIGINT)) % 400 = 0)) THEN 29 ELSE 28 END) WHEN CAST(COALESCE(NULLIF(m3[2], ''), '0') AS BIGINT) IN (4, 6, 9, 11) THEN 30 ELSE 31 END) THEN ((((CAST(COALESCE(NULLIF(m3[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m3[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 146097 + (((CAST(COALESCE(NULLIF(m3[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m3[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END)) - (((CAST(COALESCE(NULLIF(m3[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m3[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400) * 365 + ((((CAST(COALESCE(NULLIF(m3[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m3[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END)) - (((CAST(COALESCE(NULLIF(m3[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m3[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400)) / (4)) - ((((CAST(COALESCE(NULLIF(m3[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m3[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END)) - (((CAST(COALESCE(NULLIF(m3[1], ''), '0') AS BIGINT) + 400 - (CASE WHEN CAST(COALESCE(NULLIF(m3[2], ''), '0') AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400)) / (100)) + (((153 * (CASE WHEN CAST(COALESCE(NULLIF(m3[2], ''), '0') AS BIGINT) > 2 THEN CAST(COALESCE(NULLIF(m3[2], ''), '0') AS BIGINT) - 3 ELSE CAST(COALESCE(NULLIF(m3[2], ''), '0') AS BIGINT) + 9 END) + 2) / (5)) + CAST(COALESCE(NULLIF(m3[3], ''), '0') AS BIGINT) - 1)) - 719468 - 146097) * 86400000 + CAST(COALESCE(NULLIF(m3[4], ''), '0') AS BIGINT) * 3600000 + CAST(COALESCE(NULLIF(m3[5], ''), '0') AS BIGINT) * 60000 + CAST(COALESCE(NULLIF(m3[6], ''), '0') AS BIGINT) * 1000 + CAST(SUBSTR(COALESCE(NULLIF(m3[7], ''), '0') || '00', 1, 3) AS BIGINT) - (CASE WHEN m3[8] = '-' THEN -1 ELSE 1 END) * (CAST(COALESCE(NULLIF(m3[9], ''), '0') AS BIGINT) * 60 + CAST(COALESCE(NULLIF(m3[10], ''), '0') AS BIGINT)) * 60000 END) END) AS t3
FROM vigil_matches)
SELECT "policy", "location", "record", "party", "action", "target", "severity", "open", "measured", "threshold", "window", "sample", "escalation", "at_risk" FROM (
SELECT 0 AS vigil_policy,
  vigil_row,
  'open_now' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:7' AS "location",
  COALESCE(f2, 'records:' || CAST(vigil_line AS VARCHAR)) AS "record",
  CAST(NULL AS VARCHAR) AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(CASE vigil_evidence WHEN 0 THEN TRUE END AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('opened open for ' || (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) = 0 THEN '0s' ELSE (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (3600000)) <> 0 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (60000)) % 60) <> 0 OR (((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (3600000)) <> 0 AND (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0)) THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0 THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000)) / (1000)) AS VARCHAR) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) END AS VARCHAR) AS "measured",
  CAST(NULL AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CASE WHEN (TRUE) AND ((CASE WHEN (t0 IS NULL OR (t0 <= vigil_now AND ((COALESCE((f1 IS NOT NULL AND f1 <> '' AND t1 IS NULL), FALSE)) OR ((t1 IS NOT NULL AND t1 <= vigil_now) AND t1 < t0)))) THEN NULL ELSE (t0 <= vigil_now AND NOT (t1 IS NOT NULL AND t1 <= vigil_now)) END)) IS TRUE THEN 0 END AS vigil_evidence FROM vigil_values
WHERE ((CASE WHEN (t0 IS NULL OR (t0 <= vigil_now AND ((COALESCE((f1 IS NOT NULL AND f1 <> '' AND t1 IS NULL), FALSE)) OR ((t1 IS NOT NULL AND t1 <= vigil_now) AND t1 < t0)))) THEN NULL ELSE (t0 <= vigil_now AND NOT (t1 IS NOT NULL AND t1 <= vigil_now)) END)) IS TRUE) AS vigil_fired
UNION ALL
SELECT 1 AS vigil_policy,
  vigil_row,
  'either_late' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:10' AS "location",
  COALESCE(f2, 'records:' || CAST(vigil_line AS VARCHAR)) AS "record",
  f4 AS "party",
  'notify' AS "action",
  f4 AS "target",
  'medium' AS "severity",
  CAST(CASE vigil_evidence WHEN 0 THEN (t0 <= vigil_now AND NOT (t1 IS NOT NULL AND t1 <= vigil_now)) WHEN 1 THEN (t0 <= vigil_now AND NOT (t3 IS NOT NULL AND t3 <= vigil_now)) END AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('opened ' || (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) = 0 THEN '0s' ELSE (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (3600000)) <> 0 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (60000)) % 60) <> 0 OR (((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (3600000)) <> 0 AND (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0)) THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0 THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000)) / (1000)) AS VARCHAR) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) WHEN 1 THEN ('replied ' || (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) = 0 THEN '0s' ELSE (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END))) / (3600000)) <> 0 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END))) / (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END))) / (60000)) % 60) <> 0 OR (((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END))) / (3600000)) <> 0 AND (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0)) THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END))) / (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0 THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000)) / (1000)) AS VARCHAR) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '> 48h' WHEN 1 THEN '>= 4h' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CASE WHEN (TRUE) AND ((CASE WHEN (t0 IS NULL OR (t0 <= vigil_now AND ((COALESCE((f1 IS NOT NULL AND f1 <> '' AND t1 IS NULL), FALSE)) OR ((t1 IS NOT NULL AND t1 <= vigil_now) AND t1 < t0)))) THEN NULL ELSE (CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END) > CAST(172800000 AS BIGINT) END)) IS TRUE THEN 0 WHEN ((TRUE) AND ((CASE WHEN (t0 IS NULL OR (t0 <= vigil_now AND ((COALESCE((f1 IS NOT NULL AND f1 <> '' AND t1 IS NULL), FALSE)) OR ((t1 IS NOT NULL AND t1 <= vigil_now) AND t1 < t0)))) THEN NULL ELSE (CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END) > CAST(172800000 AS BIGINT) END)) IS NOT TRUE) AND ((CASE WHEN (t0 IS NULL OR (t0 <= vigil_now AND ((COALESCE((f3 IS NOT NULL AND f3 <> '' AND t3 IS NULL), FALSE)) OR ((t3 IS NOT NULL AND t3 <= vigil_now) AND t3 < t0)))) THEN NULL ELSE (CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END) >= CAST(14400000 AS BIGINT) END)) IS TRUE THEN 1 END AS vigil_evidence FROM vigil_values
WHERE (((CASE WHEN (t0 IS NULL OR (t0 <= vigil_now AND ((COALESCE((f1 IS NOT NULL AND f1 <> '' AND t1 IS NULL), FALSE)) OR ((t1 IS NOT NULL AND t1 <= vigil_now) AND t1 < t0)))) THEN NULL ELSE (CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END) > CAST(172800000 AS BIGINT) END) OR (CASE WHEN (t0 IS NULL OR (t0 <= vigil_now AND ((COALESCE((f3 IS NOT NULL AND f3 <> '' AND t3 IS NULL), FALSE)) OR ((t3 IS NOT NULL AND t3 <= vigil_now) AND t3 < t0)))) THEN NULL ELSE (CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END) >= CAST(14400000 AS BIGINT) END))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 2 AS vigil_policy,
  vigil_row,
  'not_quick' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:13' AS "location",
  COALESCE(f2, 'records:' || CAST(vigil_line AS VARCHAR)) AS "record",
  f6 AS "party",
  'notify' AS "action",
  f6 AS "target",
  'medium' AS "severity",
  CAST(CASE vigil_evidence WHEN 0 THEN (t0 <= vigil_now AND NOT (t1 IS NOT NULL AND t1 <= vigil_now)) END AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('opened ' || (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) = 0 THEN '0s' ELSE (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (3600000)) <> 0 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (60000)) % 60) <> 0 OR (((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (3600000)) <> 0 AND (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0)) THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0 THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000)) / (1000)) AS VARCHAR) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '<= 2h' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CASE WHEN (TRUE) AND ((CASE WHEN (t0 IS NULL OR (t0 <= vigil_now AND ((COALESCE((f1 IS NOT NULL AND f1 <> '' AND t1 IS NULL), FALSE)) OR ((t1 IS NOT NULL AND t1 <= vigil_now) AND t1 < t0)))) THEN NULL ELSE (CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END) <= CAST(7200000 AS BIGINT) END)) IS TRUE THEN 0 END AS vigil_evidence FROM vigil_values
WHERE (((NOT (CASE WHEN (t0 IS NULL OR (t0 <= vigil_now AND ((COALESCE((f1 IS NOT NULL AND f1 <> '' AND t1 IS NULL), FALSE)) OR ((t1 IS NOT NULL AND t1 <= vigil_now) AND t1 < t0)))) THEN NULL ELSE (CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END) <= CAST(7200000 AS BIGINT) END)) AND (f5 <> 'chat'))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 3 AS vigil_policy,
  vigil_row,
  'channel_set' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:16' AS "location",
  COALESCE(f2, 'records:' || CAST(vigil_line AS VARCHAR)) AS "record",
  f6 AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(CASE vigil_evidence WHEN 0 THEN (t0 <= vigil_now AND NOT (t1 IS NOT NULL AND t1 <= vigil_now)) END AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('opened ' || (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) = 0 THEN '0s' ELSE (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (3600000)) <> 0 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (60000)) % 60) <> 0 OR (((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (3600000)) <> 0 AND (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0)) THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) / (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0 THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000)) / (1000)) AS VARCHAR) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '> 1d' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CASE WHEN ((TRUE) AND ((CASE WHEN f5 IS NULL THEN NULL WHEN (f5 = 'email' OR f5 = 'web') THEN TRUE ELSE NULL END)) IS NOT FALSE) AND ((CASE WHEN (t0 IS NULL OR (t0 <= vigil_now AND ((COALESCE((f1 IS NOT NULL AND f1 <> '' AND t1 IS NULL), FALSE)) OR ((t1 IS NOT NULL AND t1 <= vigil_now) AND t1 < t0)))) THEN NULL ELSE (CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END) > CAST(86400000 AS BIGINT) END)) IS TRUE THEN 0 END AS vigil_evidence FROM vigil_values
WHERE (((CASE WHEN f5 IS NULL THEN NULL WHEN (f5 = 'email' OR f5 = 'web') THEN TRUE ELSE NULL END) AND (CASE WHEN (t0 IS NULL OR (t0 <= vigil_now AND ((COALESCE((f1 IS NOT NULL AND f1 <> '' AND t1 IS NULL), FALSE)) OR ((t1 IS NOT NULL AND t1 <= vigil_now) AND t1 < t0)))) THEN NULL ELSE (CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END) > CAST(86400000 AS BIGINT) END))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 4 AS vigil_policy,
  vigil_row,
  'numbers' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:20' AS "location",
  COALESCE(f2, 'records:' || CAST(vigil_line AS VARCHAR)) AS "record",
  f4 AS "party",
  'notify' AS "action",
  f4 AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('rings * 2 - 1 ' || (CASE WHEN ((((CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) * CAST('2.0' AS DOUBLE PRECISION)) - CAST('1.0' AS DOUBLE PRECISION))) = FLOOR((((CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) * CAST('2.0' AS DOUBLE PRECISION)) - CAST('1.0' AS DOUBLE PRECISION))) AND abs((((CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) * CAST('2.0' AS DOUBLE PRECISION)) - CAST('1.0' AS DOUBLE PRECISION))) < 1e15 THEN CAST(CAST((((CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) * CAST('2.0' AS DOUBLE PRECISION)) - CAST('1.0' AS DOUBLE PRECISION)) AS BIGINT) AS VARCHAR) ELSE CAST((((CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) * CAST('2.0' AS DOUBLE PRECISION)) - CAST('1.0' AS DOUBLE PRECISION)) AS VARCHAR) END)) WHEN 1 THEN ('-rings ' || (CASE WHEN ((-(CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END))) = FLOOR((-(CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END))) AND abs((-(CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END))) < 1e15 THEN CAST(CAST((-(CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END)) AS BIGINT) AS VARCHAR) ELSE CAST((-(CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END)) AS VARCHAR) END)) WHEN 2 THEN ('rings / 2 ' || (CASE WHEN ((CASE WHEN CAST('2.0' AS DOUBLE PRECISION) <> 0 THEN (CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) / CAST('2.0' AS DOUBLE PRECISION) END)) = FLOOR((CASE WHEN CAST('2.0' AS DOUBLE PRECISION) <> 0 THEN (CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) / CAST('2.0' AS DOUBLE PRECISION) END)) AND abs((CASE WHEN CAST('2.0' AS DOUBLE PRECISION) <> 0 THEN (CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) / CAST('2.0' AS DOUBLE PRECISION) END)) < 1e15 THEN CAST(CAST((CASE WHEN CAST('2.0' AS DOUBLE PRECISION) <> 0 THEN (CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) / CAST('2.0' AS DOUBLE PRECISION) END) AS BIGINT) AS VARCHAR) ELSE CAST((CASE WHEN CAST('2.0' AS DOUBLE PRECISION) <> 0 THEN (CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) / CAST('2.0' AS DOUBLE PRECISION) END) AS VARCHAR) END)) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '> 5' WHEN 1 THEN '< -3' WHEN 2 THEN '>= 2' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CASE WHEN (TRUE) AND (((((CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) * CAST('2.0' AS DOUBLE PRECISION)) - CAST('1.0' AS DOUBLE PRECISION)) > CAST('5.0' AS DOUBLE PRECISION))) IS TRUE THEN 0 WHEN ((TRUE) AND (((((CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) * CAST('2.0' AS DOUBLE PRECISION)) - CAST('1.0' AS DOUBLE PRECISION)) > CAST('5.0' AS DOUBLE PRECISION))) IS NOT TRUE) AND (((-(CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END)) < CAST('-3.0' AS DOUBLE PRECISION))) IS TRUE THEN 1 WHEN ((TRUE) AND ((((((CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) * CAST('2.0' AS DOUBLE PRECISION)) - CAST('1.0' AS DOUBLE PRECISION)) > CAST('5.0' AS DOUBLE PRECISION)) OR ((-(CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END)) < CAST('-3.0' AS DOUBLE PRECISION)))) IS NOT TRUE) AND (((CASE WHEN CAST('2.0' AS DOUBLE PRECISION) <> 0 THEN (CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) / CAST('2.0' AS DOUBLE PRECISION) END) >= CAST('2.0' AS DOUBLE PRECISION))) IS TRUE THEN 2 END AS vigil_evidence FROM vigil_values
WHERE (((((((CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) * CAST('2.0' AS DOUBLE PRECISION)) - CAST('1.0' AS DOUBLE PRECISION)) > CAST('5.0' AS DOUBLE PRECISION)) OR ((-(CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END)) < CAST('-3.0' AS DOUBLE PRECISION))) OR ((CASE WHEN CAST('2.0' AS DOUBLE PRECISION) <> 0 THEN (CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) / CAST('2.0' AS DOUBLE PRECISION) END) >= CAST('2.0' AS DOUBLE PRECISION)))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 5 AS vigil_policy,
  vigil_row,
  'number_list' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:23' AS "location",
  COALESCE(f2, 'records:' || CAST(vigil_line AS VARCHAR)) AS "record",
  CAST(NULL AS VARCHAR) AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(NULL AS VARCHAR) AS "measured",
  CAST(NULL AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CAST(NULL AS INT) AS vigil_evidence FROM vigil_values
WHERE ((CASE WHEN f7 IS NULL THEN NULL WHEN (COALESCE((CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) = CAST('1.0' AS DOUBLE PRECISION), FALSE) OR COALESCE((CASE WHEN ((f7) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) = CAST('2.0' AS DOUBLE PRECISION), FALSE) OR f7 = '3') THEN TRUE ELSE FALSE END)) IS TRUE) AS vigil_fired
UNION ALL
SELECT 6 AS vigil_policy,
  vigil_row,
  'note_words' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:26' AS "location",
  COALESCE(f2, 'records:' || CAST(vigil_line AS VARCHAR)) AS "record",
  CAST(NULL AS VARCHAR) AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(NULL AS VARCHAR) AS "measured",
  CAST(NULL AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CAST(NULL AS INT) AS vigil_evidence FROM vigil_values
WHERE (((strpos(f8, 'refund') > 0) OR ((LOWER(f8)) ~ '(?:^)(?:u)(?:r)(?:g)(?:e)(?:n)(?:t)'))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 7 AS vigil_policy,
  vigil_row,
  'regex_classes' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:29' AS "location",
  COALESCE(f2, 'records:' || CAST(vigil_line AS VARCHAR)) AS "record",
  f4 AS "party",
  'notify' AS "action",
  f4 AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(NULL AS VARCHAR) AS "measured",
  CAST(NULL AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CAST(NULL AS INT) AS vigil_evidence FROM vigil_values
WHERE ((((f6) ~ '(?:^)(?:[a-c])(?:(?:[A-Za-z])*)(?:(?:[0-9])?)(?:$)') OR ((f4) ~ '(?:[Dd])(?:[Ee])(?:[Ss\u017F])(?:[Kk])(?:$)'))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 8 AS vigil_policy,
  vigil_row,
  'times' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:32' AS "location",
  COALESCE(f2, 'records:' || CAST(vigil_line AS VARCHAR)) AS "record",
  CAST(NULL AS VARCHAR) AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('resolved_at - created_at ' || (CASE WHEN ((t1 - t0)) = 0 THEN '0s' ELSE (CASE WHEN ((t1 - t0)) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs((t1 - t0))) / (3600000)) <> 0 THEN CAST(((abs((t1 - t0))) / (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs((t1 - t0))) / (60000)) % 60) <> 0 OR (((abs((t1 - t0))) / (3600000)) <> 0 AND (abs((t1 - t0)) % 60000) <> 0)) THEN CAST((((abs((t1 - t0))) / (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs((t1 - t0)) % 60000) <> 0 THEN CAST((((abs((t1 - t0)) % 60000)) / (1000)) AS VARCHAR) || (CASE WHEN ((abs((t1 - t0)) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) WHEN 1 THEN ('resolved_at - created_at ' || (CASE WHEN ((t1 - t0)) = 0 THEN '0s' ELSE (CASE WHEN ((t1 - t0)) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs((t1 - t0))) / (3600000)) <> 0 THEN CAST(((abs((t1 - t0))) / (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs((t1 - t0))) / (60000)) % 60) <> 0 OR (((abs((t1 - t0))) / (3600000)) <> 0 AND (abs((t1 - t0)) % 60000) <> 0)) THEN CAST((((abs((t1 - t0))) / (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs((t1 - t0)) % 60000) <> 0 THEN CAST((((abs((t1 - t0)) % 60000)) / (1000)) AS VARCHAR) || (CASE WHEN ((abs((t1 - t0)) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) WHEN 2 THEN ('created_at ' || (to_char(TIMESTAMP '1970-01-01 00:00:00' + (t0) * INTERVAL '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS') || (CASE WHEN ((((t0) % 1000) + 1000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((((t0) % 1000) + 1000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((((t0) % 1000) + 1000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((((t0) % 1000) + 1000) % 1000) AS VARCHAR), LENGTH(CAST(((((t0) % 1000) + 1000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 'Z')) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN 'between 1h and 2d' WHEN 1 THEN 'between 1h and 2d' WHEN 2 THEN '> now - 30d' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CASE WHEN (TRUE) AND (((t1 - t0) >= CAST(3600000 AS BIGINT))) IS TRUE THEN 0 WHEN ((TRUE) AND (((t1 - t0) >= CAST(3600000 AS BIGINT))) IS NOT FALSE) AND (((t1 - t0) <= CAST(172800000 AS BIGINT))) IS TRUE THEN 1 WHEN ((TRUE) AND ((((t1 - t0) >= CAST(3600000 AS BIGINT)) AND ((t1 - t0) <= CAST(172800000 AS BIGINT)))) IS NOT FALSE) AND ((t0 > (vigil_now - CAST(2592000000 AS BIGINT)))) IS TRUE THEN 2 END AS vigil_evidence FROM vigil_values
WHERE (((((t1 - t0) >= CAST(3600000 AS BIGINT)) AND ((t1 - t0) <= CAST(172800000 AS BIGINT))) AND (t0 > (vigil_now - CAST(2592000000 AS BIGINT))))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 9 AS vigil_policy,
  vigil_row,
  'derived' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:35' AS "location",
  COALESCE(f2, 'records:' || CAST(vigil_line AS VARCHAR)) AS "record",
  CAST(NULL AS VARCHAR) AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('hours(resolved_at - created_at) ' || (CASE WHEN ((CAST((t1 - t0) AS DOUBLE PRECISION) / 3600000)) = FLOOR((CAST((t1 - t0) AS DOUBLE PRECISION) / 3600000)) AND abs((CAST((t1 - t0) AS DOUBLE PRECISION) / 3600000)) < 1e15 THEN CAST(CAST((CAST((t1 - t0) AS DOUBLE PRECISION) / 3600000) AS BIGINT) AS VARCHAR) ELSE CAST((CAST((t1 - t0) AS DOUBLE PRECISION) / 3600000) AS VARCHAR) END)) WHEN 1 THEN ('days(now - created_at) ' || (CASE WHEN ((CAST((vigil_now - t0) AS DOUBLE PRECISION) / 86400000)) = FLOOR((CAST((vigil_now - t0) AS DOUBLE PRECISION) / 86400000)) AND abs((CAST((vigil_now - t0) AS DOUBLE PRECISION) / 86400000)) < 1e15 THEN CAST(CAST((CAST((vigil_now - t0) AS DOUBLE PRECISION) / 86400000) AS BIGINT) AS VARCHAR) ELSE CAST((CAST((vigil_now - t0) AS DOUBLE PRECISION) / 86400000) AS VARCHAR) END)) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '> 24' WHEN 1 THEN '< 10' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CASE WHEN (TRUE) AND (((CAST((t1 - t0) AS DOUBLE PRECISION) / 3600000) > CAST('24.0' AS DOUBLE PRECISION))) IS TRUE THEN 0 WHEN ((TRUE) AND (((CAST((t1 - t0) AS DOUBLE PRECISION) / 3600000) > CAST('24.0' AS DOUBLE PRECISION))) IS NOT FALSE) AND (((CAST((vigil_now - t0) AS DOUBLE PRECISION) / 86400000) < CAST('10.0' AS DOUBLE PRECISION))) IS TRUE THEN 1 END AS vigil_evidence FROM vigil_values
WHERE ((((CAST((t1 - t0) AS DOUBLE PRECISION) / 3600000) > CAST('24.0' AS DOUBLE PRECISION)) AND ((CAST((vigil_now - t0) AS DOUBLE PRECISION) / 86400000) < CAST('10.0' AS DOUBLE PRECISION)))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 10 AS vigil_policy,
  vigil_row,
  'missing_parts' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:38' AS "location",
  COALESCE(f2, 'records:' || CAST(vigil_line AS VARCHAR)) AS "record",
  f4 AS "party",
  'notify' AS "action",
  f4 AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(NULL AS VARCHAR) AS "measured",
  CAST(NULL AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CAST(NULL AS INT) AS vigil_evidence FROM vigil_values
WHERE (((((f6 IS NULL)) AND (NOT (f4 IS NULL))) AND (NOT (f1 IS NULL OR f1 = '')))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 11 AS vigil_policy,
  vigil_row,
  'truth' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:41' AS "location",
  COALESCE(f2, 'records:' || CAST(vigil_line AS VARCHAR)) AS "record",
  CAST(NULL AS VARCHAR) AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(NULL AS VARCHAR) AS "measured",
  CAST(NULL AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CAST(NULL AS INT) AS vigil_evidence FROM vigil_values
WHERE ((CASE LOWER(f9) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END)) IS TRUE) AS vigil_fired
UNION ALL
SELECT 12 AS vigil_policy,
  vigil_row,
  'coalesce_text' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:44' AS "location",
  COALESCE(f2, 'records:' || CAST(vigil_line AS VARCHAR)) AS "record",
  CAST(NULL AS VARCHAR) AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(NULL AS VARCHAR) AS "measured",
  CAST(NULL AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CAST(NULL AS INT) AS vigil_evidence FROM vigil_values
WHERE ((COALESCE(f6, f4, 'nobody') = 'nobody')) IS TRUE) AS vigil_fired
UNION ALL
SELECT 13 AS vigil_policy,
  vigil_row,
  'ordered_texts' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:47' AS "location",
  COALESCE(f2, 'records:' || CAST(vigil_line AS VARCHAR)) AS "record",
  f6 AS "party",
  'notify' AS "action",
  f6 AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('owner ' || f6) WHEN 1 THEN ('upper(channel) ' || UPPER(f5)) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '< team' WHEN 1 THEN '>= "E"' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CASE WHEN (TRUE) AND (((f6) COLLATE "C" < (f4) COLLATE "C")) IS TRUE THEN 0 WHEN ((TRUE) AND (((f6) COLLATE "C" < (f4) COLLATE "C")) IS NOT FALSE) AND (((UPPER(f5)) COLLATE "C" >= ('E') COLLATE "C")) IS TRUE THEN 1 END AS vigil_evidence FROM vigil_values
WHERE ((((f6) COLLATE "C" < (f4) COLLATE "C") AND ((UPPER(f5)) COLLATE "C" >= ('E') COLLATE "C"))) IS TRUE) AS vigil_fired
) AS vigil_rows ORDER BY vigil_row, vigil_policy
