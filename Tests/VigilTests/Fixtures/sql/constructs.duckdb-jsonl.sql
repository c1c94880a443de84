-- vigil sql: DuckDB; the columns of vigil audit --format csv, in its order
WITH vigil_lines AS (SELECT unnest(range(1, len(vigil_text) + 1)) AS vigil_line, unnest(vigil_text) AS vigil_json FROM (SELECT string_split(content, chr(10)) AS vigil_text FROM read_text('records.jsonl'))),
vigil_source AS (SELECT vigil_line AS vigil_row, vigil_line, vigil_json FROM vigil_lines WHERE json_valid(vigil_json) AND json_type(vigil_json) = 'OBJECT'),
vigil_fields AS (SELECT vigil_row, vigil_line, CAST(1795564800000 AS BIGINT) AS vigil_now,
  json_extract_string(vigil_json, '$."created_at"') AS f0,
  json_extract_string(vigil_json, '$."resolved_at"') AS f1,
  json_extract_string(vigil_json, '$."id"') AS f2,
  json_extract_string(vigil_json, '$."first_response_at"') AS f3,
  json_extract_string(vigil_json, '$."team"') AS f4,
  json_extract_string(vigil_json, '$."channel"') AS f5,
  json_extract_string(vigil_json, '$."owner"') AS f6,
  json_extract_string(vigil_json, '$."rings"') AS f7,
  json_extract_string(vigil_json, '$."note"') AS f8,
  json_extract_string(vigil_json, '$."vip"') AS f9
FROM vigil_source),
vigil_matches AS (SELECT *,
  regexp_extract(f0, '^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$', ['y', 'mo', 'd', 'h', 'mi', 's', 'frac', 'sign', 'oh', 'om']) AS m0,
  regexp_extract(f1, '^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$', ['y', 'mo', 'd', 'h', 'mi', 's', 'frac', 'sign', 'oh', 'om']) AS m1,
  regexp_extract(f3, '^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$', ['y', 'mo', 'd', 'h', 'mi', 's', 'frac', 'sign', 'oh', 'om']) AS m3
FROM vigil_fields),
vigil_numbers AS (SELECT *,
  struct_pack(ok := m0.y <> '', y := CAST(COALESCE(NULLIF(m0.y, ''), '0') AS BIGINT), mo := CAST(COALESCE(NULLIF(m0.mo, ''), '0') AS BIGINT), d := CAST(COALESCE(NULLIF(m0.d, ''), '0') AS BIGINT), h := CAST(COALESCE(NULLIF(m0.h, ''), '0') AS BIGINT), mi := CAST(COALESCE(NULLIF(m0.mi, ''), '0') AS BIGINT), s := CAST(COALESCE(NULLIF(m0.s, ''), '0') AS BIGINT), ms := CAST(SUBSTR(COALESCE(NULLIF(m0.frac, ''), '0') || '00', 1, 3) AS BIGINT), sg := (CASE WHEN m0.sign = '-' THEN -1 ELSE 1 END), oh := CAST(COALESCE(NULLIF(m0.oh, ''), '0') AS BIGINT), om := CAST(COALESCE(NULLIF(m0.om, ''), '0') AS BIGINT)) AS p0,
  struct_pack(ok := m1.y <> '', y := CAST(COALESCE(NULLIF(m1.y, ''), '0') AS BIGINT), mo := CAST(COALESCE(NULLIF(m1.mo, ''), '0') AS BIGINT), d := CAST(COALESCE(NULLIF(m1.d, ''), '0') AS BIGINT), h := CAST(COALESCE(NULLIF(m1.h, ''), '0') AS BIGINT), mi := CAST(COALESCE(NULLIF(m1.mi, ''), '0') AS BIGINT), s := CAST(COALESCE(NULLIF(m1.s, ''), '0') AS BIGINT), ms := CAST(SUBSTR(COALESCE(NULLIF(m1.frac, ''), '0') || '00', 1, 3) AS BIGINT), sg := (CASE WHEN m1.sign = '-' THEN -1 ELSE 1 END), oh := CAST(COALESCE(NULLIF(m1.oh, ''), '0') AS BIGINT), om := CAST(COALESCE(NULLIF(m1.om, ''), '0') AS BIGINT)) AS p1,
  struct_pack(ok := m3.y <> '', y := CAST(COALESCE(NULLIF(m3.y, ''), '0') AS BIGINT), mo := CAST(COALESCE(NULLIF(m3.mo, ''), '0') AS BIGINT), d := CAST(COALESCE(NULLIF(m3.d, ''), '0') AS BIGINT), h := CAST(COALESCE(NULLIF(m3.h, ''), '0') AS BIGINT), mi := CAST(COALESCE(NULLIF(m3.mi, ''), '0') AS BIGINT), s := CAST(COALESCE(NULLIF(m3.s, ''), '0') AS BIGINT), ms := CAST(SUBSTR(COALESCE(NULLIF(m3.frac, ''), '0') || '00', 1, 3) AS BIGINT), sg := (CASE WHEN m3.sign = '-' THEN -1 ELSE 1 END), oh := CAST(COALESCE(NULLIF(m3.oh, ''), '0') AS BIGINT), om := CAST(COALESCE(NULLIF(m3.om, ''), '0') AS BIGINT)) AS p3
FROM vigil_matches),
vigil_values AS (SELECT *,
  (CASE WHEN p0.ok THEN (CASE WHEN p0.h <= 23 AND p0.mi <= 59 AND p0.s <= 59 AND p0.oh <= 23 AND p0.om <= 59 AND p0.mo BETWEEN 1 AND 12 AND p0.d >= 1 AND p0.d <= (CASE WHEN p0.mo = 2 THEN (CASE WHEN ((p0.y) % 4 = 0 AND ((p0.y) % 100 <> 0 OR (p0.y) % 400 = 0)) THEN 29 ELSE 28 END) WHEN p0.mo IN (4, 6, 9, 11) THEN 30 ELSE 31 END) THEN ((((p0.y + 400 - (CASE WHEN p0.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 146097 + (((p0.y + 400 - (CASE WHEN p0.mo <= 2 THEN 1 ELSE 0 END)) - (((p0.y + 400 - (CASE WHEN p0.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 400) * 365 + ((((p0.y + 400 - (CASE WHEN p0.mo <= 2 THEN 1 ELSE 0 END)) - (((p0.y + 400 - (CASE WHEN p0.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 400)) // (4)) - ((((p0.y + 400 - (CASE WHEN p0.mo <= 2 THEN 1 ELSE 0 END)) - (((p0.y + 400 - (CASE WHEN p0.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 400)) // (100)) + (((153 * (CASE WHEN p0.mo > 2 THEN p0.mo - 3 ELSE p0.mo + 9 END) + 2) // (5)) + p0.d - 1)) - 719468 - 146097) * 86400000 + p0.h * 3600000 + p0.mi * 60000 + p0.s * 1000 + p0.ms - p0.sg * (p0.oh * 60 + p0.om) * 60000 END) END) AS t0,
  (CASE WHEN p1.ok THEN (CASE WHEN p1.h <= 23 AND p1.mi <= 59 AND p1.s <= 59 AND p1.oh <= 23 AND p1.om <= 59 AND p1.mo BETWEEN 1 AND 12 AND p1.d >= 1 AND p1.d <= (CASE WHEN p1.mo = 2 THEN (CASE WHEN ((p1.y) % 4 = 0 AND ((p1.y) % 100 <> 0 OR (p1.y) % 400 = 0)) THEN 29 ELSE 28 END) WHEN p1.mo IN (4, 6, 9, 11) THEN 30 ELSE 31 END) THEN ((((p1.y + 400 - (CASE WHEN p1.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 146097 + (((p1.y + 400 - (CASE WHEN p1.mo <= 2 THEN 1 ELSE 0 END)) - (((p1.y + 400 - (CASE WHEN p1.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 400) * 365 + ((((p1.y + 400 - (CASE WHEN p1.mo <= 2 THEN 1 ELSE 0 END)) - (((p1.y + 400 - (CASE WHEN p1.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 400)) // (4)) - ((((p1.y + 400 - (CASE WHEN p1.mo <= 2 THEN 1 ELSE 0 END)) - (((p1.y + 400 - (CASE WHEN p1.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 400)) // (100)) + (((153 * (CASE WHEN p1.mo > 2 THEN p1.mo - 3 ELSE p1.mo + 9 END) + 2) // (5)) + p1.d - 1)) - 719468 - 146097) * 86400000 + p1.h * 3600000 + p1.mi * 60000 + p1.s * 1000 + p1.ms - p1.sg * (p1.oh * 60 + p1.om) * 60000 END) END) AS t1,
  (CASE WHEN p3.ok THEN (CASE WHEN p3.h <= 23 AND p3.mi <= 59 AND p3.s <= 59 AND p3.oh <= 23 AND p3.om <= 59 AND p3.mo BETWEEN 1 AND 12 AND p3.d >= 1 AND p3.d <= (CASE WHEN p3.mo = 2 THEN (CASE WHEN ((p3.y) % 4 = 0 AND ((p3.y) % 100 <> 0 OR (p3.y) % 400 = 0)) THEN 29 ELSE 28 END) WHEN p3.mo IN (4, 6, 9, 11) THEN 30 ELSE 31 END) THEN ((((p3.y + 400 - (CASE WHEN p3.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 146097 + (((p3.y + 400 - (CASE WHEN p3.mo <= 2 THEN 1 ELSE 0 END)) - (((p3.y + 400 - (CASE WHEN p3.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 400) * 365 + ((((p3.y + 400 - (CASE WHEN p3.mo <= 2 THEN 1 ELSE 0 END)) - (((p3.y + 400 - (CASE WHEN p3.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 400)) // (4)) - ((((p3.y + 400 - (CASE WHEN p3.mo <= 2 THEN 1 ELSE 0 END)) - (((p3.y + 400 - (CASE WHEN p3.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 400)) // (100)) + (((153 * (CASE WHEN p3.mo > 2 THEN p3.mo - 3 ELSE p3.mo + 9 END) + 2) // (5)) + p3.d - 1)) - 719468 - 146097) * 86400000 + p3.h * 3600000 + p3.mi * 60000 + p3.s * 1000 + p3.ms - p3.sg * (p3.oh * 60 + p3.om) * 60000 END) END) AS t3
FROM vigil_numbers)
SELECT "policy", "location", "record", "party", "action", "target", "severity", "open", "measured", "threshold", "window", "sample", "escalation", "at_risk" FROM (
SELECT 0 AS vigil_policy,
  vigil_row,
  'open_now' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:7' AS "location",
  COALESCE(f2, 'records.jsonl:' || CAST(vigil_line AS VARCHAR)) AS "record",
  CAST(NULL AS VARCHAR) AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(CASE vigil_evidence WHEN 0 THEN TRUE END AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('opened open for ' || (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) = 0 THEN '0s' ELSE (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (3600000)) <> 0 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (60000)) % 60) <> 0 OR (((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (3600000)) <> 0 AND (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0)) THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0 THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000)) // (1000)) AS VARCHAR) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) END AS VARCHAR) AS "measured",
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
  COALESCE(f2, 'records.jsonl:' || CAST(vigil_line AS VARCHAR)) AS "record",
  f4 AS "party",
  'notify' AS "action",
  f4 AS "target",
  'medium' AS "severity",
  CAST(CASE vigil_evidence WHEN 0 THEN (t0 <= vigil_now AND NOT (t1 IS NOT NULL AND t1 <= vigil_now)) WHEN 1 THEN (t0 <= vigil_now AND NOT (t3 IS NOT NULL AND t3 <= vigil_now)) END AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('opened ' || (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) = 0 THEN '0s' ELSE (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (3600000)) <> 0 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (60000)) % 60) <> 0 OR (((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (3600000)) <> 0 AND (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0)) THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0 THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000)) // (1000)) AS VARCHAR) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) WHEN 1 THEN ('replied ' || (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) = 0 THEN '0s' ELSE (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END))) // (3600000)) <> 0 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END))) // (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END))) // (60000)) % 60) <> 0 OR (((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END))) // (3600000)) <> 0 AND (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0)) THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END))) // (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0 THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000)) // (1000)) AS VARCHAR) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) END AS VARCHAR) AS "measured",
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
  COALESCE(f2, 'records.jsonl:' || CAST(vigil_line AS VARCHAR)) AS "record",
  f6 AS "party",
  'notify' AS "action",
  f6 AS "target",
  'medium' AS "severity",
  CAST(CASE vigil_evidence WHEN 0 THEN (t0 <= vigil_now AND NOT (t1 IS NOT NULL AND t1 <= vigil_now)) END AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('opened ' || (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) = 0 THEN '0s' ELSE (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (3600000)) <> 0 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (60000)) % 60) <> 0 OR (((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (3600000)) <> 0 AND (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0)) THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0 THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000)) // (1000)) AS VARCHAR) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) END AS VARCHAR) AS "measured",
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
  COALESCE(f2, 'records.jsonl:' || CAST(vigil_line AS VARCHAR)) AS "record",
  f6 AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(CASE vigil_evidence WHEN 0 THEN (t0 <= vigil_now AND NOT (t1 IS NOT NULL AND t1 <= vigil_now)) END AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('opened ' || (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) = 0 THEN '0s' ELSE (CASE WHEN ((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (3600000)) <> 0 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (60000)) % 60) <> 0 OR (((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (3600000)) <> 0 AND (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0)) THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END))) // (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) <> 0 THEN CAST((((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000)) // (1000)) AS VARCHAR) || (CASE WHEN ((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs((CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END)) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) END AS VARCHAR) AS "measured",
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
  COALESCE(f2, 'records.jsonl:' || CAST(vigil_line AS VARCHAR)) AS "record",
  f4 AS "party",
  'notify' AS "action",
  f4 AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('rings * 2 - 1 ' || (CASE WHEN ((((CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) * CAST('2.0' AS DOUBLE)) - CAST('1.0' AS DOUBLE))) = FLOOR((((CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) * CAST('2.0' AS DOUBLE)) - CAST('1.0' AS DOUBLE))) AND abs((((CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) * CAST('2.0' AS DOUBLE)) - CAST('1.0' AS DOUBLE))) < 1e15 THEN CAST(CAST((((CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) * CAST('2.0' AS DOUBLE)) - CAST('1.0' AS DOUBLE)) AS BIGINT) AS VARCHAR) ELSE CAST((((CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) * CAST('2.0' AS DOUBLE)) - CAST('1.0' AS DOUBLE)) AS VARCHAR) END)) WHEN 1 THEN ('-rings ' || (CASE WHEN ((-(CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END))) = FLOOR((-(CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END))) AND abs((-(CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END))) < 1e15 THEN CAST(CAST((-(CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END)) AS BIGINT) AS VARCHAR) ELSE CAST((-(CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END)) AS VARCHAR) END)) WHEN 2 THEN ('rings / 2 ' || (CASE WHEN ((CASE WHEN CAST('2.0' AS DOUBLE) <> 0 THEN (CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) / CAST('2.0' AS DOUBLE) END)) = FLOOR((CASE WHEN CAST('2.0' AS DOUBLE) <> 0 THEN (CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) / CAST('2.0' AS DOUBLE) END)) AND abs((CASE WHEN CAST('2.0' AS DOUBLE) <> 0 THEN (CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) / CAST('2.0' AS DOUBLE) END)) < 1e15 THEN CAST(CAST((CASE WHEN CAST('2.0' AS DOUBLE) <> 0 THEN (CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) / CAST('2.0' AS DOUBLE) END) AS BIGINT) AS VARCHAR) ELSE CAST((CASE WHEN CAST('2.0' AS DOUBLE) <> 0 THEN (CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) / CAST('2.0' AS DOUBLE) END) AS VARCHAR) END)) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '> 5' WHEN 1 THEN '< -3' WHEN 2 THEN '>= 2' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CASE WHEN (TRUE) AND (((((CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) * CAST('2.0' AS DOUBLE)) - CAST('1.0' AS DOUBLE)) > CAST('5.0' AS DOUBLE))) IS TRUE THEN 0 WHEN ((TRUE) AND (((((CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) * CAST('2.0' AS DOUBLE)) - CAST('1.0' AS DOUBLE)) > CAST('5.0' AS DOUBLE))) IS NOT TRUE) AND (((-(CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END)) < CAST('-3.0' AS DOUBLE))) IS TRUE THEN 1 WHEN ((TRUE) AND ((((((CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) * CAST('2.0' AS DOUBLE)) - CAST('1.0' AS DOUBLE)) > CAST('5.0' AS DOUBLE)) OR ((-(CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END)) < CAST('-3.0' AS DOUBLE)))) IS NOT TRUE) AND (((CASE WHEN CAST('2.0' AS DOUBLE) <> 0 THEN (CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) / CAST('2.0' AS DOUBLE) END) >= CAST('2.0' AS DOUBLE))) IS TRUE THEN 2 END AS vigil_evidence FROM vigil_values
WHERE (((((((CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) * CAST('2.0' AS DOUBLE)) - CAST('1.0' AS DOUBLE)) > CAST('5.0' AS DOUBLE)) OR ((-(CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END)) < CAST('-3.0' AS DOUBLE))) OR ((CASE WHEN CAST('2.0' AS DOUBLE) <> 0 THEN (CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) / CAST('2.0' AS DOUBLE) END) >= CAST('2.0' AS DOUBLE)))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 5 AS vigil_policy,
  vigil_row,
  'number_list' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:23' AS "location",
  COALESCE(f2, 'records.jsonl:' || CAST(vigil_line AS VARCHAR)) AS "record",
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
WHERE ((CASE WHEN f7 IS NULL THEN NULL WHEN (COALESCE((CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) = CAST('1.0' AS DOUBLE), FALSE) OR COALESCE((CASE WHEN regexp_full_match(f7, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f7, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) = CAST('2.0' AS DOUBLE), FALSE) OR f7 = '3') THEN TRUE ELSE FALSE END)) IS TRUE) AS vigil_fired
UNION ALL
SELECT 6 AS vigil_policy,
  vigil_row,
  'note_words' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:26' AS "location",
  COALESCE(f2, 'records.jsonl:' || CAST(vigil_line AS VARCHAR)) AS "record",
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
WHERE (((strpos(f8, 'refund') > 0) OR regexp_matches(LOWER(f8), '(?:\A)(?:u)(?:r)(?:g)(?:e)(?:n)(?:t)'))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 7 AS vigil_policy,
  vigil_row,
  'regex_classes' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:29' AS "location",
  COALESCE(f2, 'records.jsonl:' || CAST(vigil_line AS VARCHAR)) AS "record",
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
WHERE ((regexp_matches(f6, '(?:\A)(?:[a-c])(?:(?:[A-Za-z])*)(?:(?:[0-9])?)(?:\z)') OR regexp_matches(f4, '(?:[Dd])(?:[Ee])(?:[Ss\x{17F}])(?:[Kk])(?:\z)'))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 8 AS vigil_policy,
  vigil_row,
  'times' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:32' AS "location",
  COALESCE(f2, 'records.jsonl:' || CAST(vigil_line AS VARCHAR)) AS "record",
  CAST(NULL AS VARCHAR) AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('resolved_at - created_at ' || (CASE WHEN ((t1 - t0)) = 0 THEN '0s' ELSE (CASE WHEN ((t1 - t0)) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs((t1 - t0))) // (3600000)) <> 0 THEN CAST(((abs((t1 - t0))) // (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs((t1 - t0))) // (60000)) % 60) <> 0 OR (((abs((t1 - t0))) // (3600000)) <> 0 AND (abs((t1 - t0)) % 60000) <> 0)) THEN CAST((((abs((t1 - t0))) // (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs((t1 - t0)) % 60000) <> 0 THEN CAST((((abs((t1 - t0)) % 60000)) // (1000)) AS VARCHAR) || (CASE WHEN ((abs((t1 - t0)) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) WHEN 1 THEN ('resolved_at - created_at ' || (CASE WHEN ((t1 - t0)) = 0 THEN '0s' ELSE (CASE WHEN ((t1 - t0)) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs((t1 - t0))) // (3600000)) <> 0 THEN CAST(((abs((t1 - t0))) // (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs((t1 - t0))) // (60000)) % 60) <> 0 OR (((abs((t1 - t0))) // (3600000)) <> 0 AND (abs((t1 - t0)) % 60000) <> 0)) THEN CAST((((abs((t1 - t0))) // (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs((t1 - t0)) % 60000) <> 0 THEN CAST((((abs((t1 - t0)) % 60000)) // (1000)) AS VARCHAR) || (CASE WHEN ((abs((t1 - t0)) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs((t1 - t0)) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) WHEN 2 THEN ('created_at ' || (strftime(make_timestamp(CAST(t0 AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S') || (CASE WHEN ((((t0) % 1000) + 1000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((((t0) % 1000) + 1000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((((t0) % 1000) + 1000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((((t0) % 1000) + 1000) % 1000) AS VARCHAR), LENGTH(CAST(((((t0) % 1000) + 1000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 'Z')) END AS VARCHAR) AS "measured",
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
  COALESCE(f2, 'records.jsonl:' || CAST(vigil_line AS VARCHAR)) AS "record",
  CAST(NULL AS VARCHAR) AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('hours(resolved_at - created_at) ' || (CASE WHEN ((CAST((t1 - t0) AS DOUBLE) / 3600000)) = FLOOR((CAST((t1 - t0) AS DOUBLE) / 3600000)) AND abs((CAST((t1 - t0) AS DOUBLE) / 3600000)) < 1e15 THEN CAST(CAST((CAST((t1 - t0) AS DOUBLE) / 3600000) AS BIGINT) AS VARCHAR) ELSE CAST((CAST((t1 - t0) AS DOUBLE) / 3600000) AS VARCHAR) END)) WHEN 1 THEN ('days(now - created_at) ' || (CASE WHEN ((CAST((vigil_now - t0) AS DOUBLE) / 86400000)) = FLOOR((CAST((vigil_now - t0) AS DOUBLE) / 86400000)) AND abs((CAST((vigil_now - t0) AS DOUBLE) / 86400000)) < 1e15 THEN CAST(CAST((CAST((vigil_now - t0) AS DOUBLE) / 86400000) AS BIGINT) AS VARCHAR) ELSE CAST((CAST((vigil_now - t0) AS DOUBLE) / 86400000) AS VARCHAR) END)) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '> 24' WHEN 1 THEN '< 10' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(NULL AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk"
FROM (SELECT vigil_values.*, CASE WHEN (TRUE) AND (((CAST((t1 - t0) AS DOUBLE) / 3600000) > CAST('24.0' AS DOUBLE))) IS TRUE THEN 0 WHEN ((TRUE) AND (((CAST((t1 - t0) AS DOUBLE) / 3600000) > CAST('24.0' AS DOUBLE))) IS NOT FALSE) AND (((CAST((vigil_now - t0) AS DOUBLE) / 86400000) < CAST('10.0' AS DOUBLE))) IS TRUE THEN 1 END AS vigil_evidence FROM vigil_values
WHERE ((((CAST((t1 - t0) AS DOUBLE) / 3600000) > CAST('24.0' AS DOUBLE)) AND ((CAST((vigil_now - t0) AS DOUBLE) / 86400000) < CAST('10.0' AS DOUBLE)))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 10 AS vigil_policy,
  vigil_row,
  'missing_parts' AS "policy",
  'Tests/VigilTests/Fixtures/sql/constructs.vigil:38' AS "location",
  COALESCE(f2, 'records.jsonl:' || CAST(vigil_line AS VARCHAR)) AS "record",
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
  COALESCE(f2, 'records.jsonl:' || CAST(vigil_line AS VARCHAR)) AS "record",
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
  COALESCE(f2, 'records.jsonl:' || CAST(vigil_line AS VARCHAR)) AS "record",
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
  COALESCE(f2, 'records.jsonl:' || CAST(vigil_line AS VARCHAR)) AS "record",
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
FROM (SELECT vigil_values.*, CASE WHEN (TRUE) AND ((f6 < f4)) IS TRUE THEN 0 WHEN ((TRUE) AND ((f6 < f4)) IS NOT FALSE) AND ((UPPER(f5) >= 'E')) IS TRUE THEN 1 END AS vigil_evidence FROM vigil_values
WHERE (((f6 < f4) AND (UPPER(f5) >= 'E'))) IS TRUE) AS vigil_fired
) AS vigil_rows ORDER BY vigil_row, vigil_policy
