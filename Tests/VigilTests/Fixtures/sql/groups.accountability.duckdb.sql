-- vigil sql: DuckDB; the rows of vigil audit --report accountability --format csv after its audit rows, in its columns and order
WITH vigil_source AS (SELECT row_number() OVER () AS vigil_row, row_number() OVER () AS vigil_line, vigil_table.* FROM records AS vigil_table),
vigil_fields AS (SELECT vigil_row, vigil_line, CAST(1795564800000 AS BIGINT) AS vigil_now,
  CAST("channel" AS VARCHAR) AS f0,
  CAST("team" AS VARCHAR) AS f1,
  CAST("created_at" AS VARCHAR) AS f2,
  CAST("resolved_at" AS VARCHAR) AS f3,
  CAST("owner" AS VARCHAR) AS f4,
  CAST("rings" AS VARCHAR) AS f5,
  CAST("amount" AS VARCHAR) AS f6,
  CAST("id" AS VARCHAR) AS f7
FROM vigil_source),
vigil_matches AS (SELECT *,
  regexp_extract(f2, '^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$', ['y', 'mo', 'd', 'h', 'mi', 's', 'frac', 'sign', 'oh', 'om']) AS m2,
  regexp_extract(f3, '^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$', ['y', 'mo', 'd', 'h', 'mi', 's', 'frac', 'sign', 'oh', 'om']) AS m3
FROM vigil_fields),
vigil_numbers AS (SELECT *,
  struct_pack(ok := m2.y <> '', y := CAST(COALESCE(NULLIF(m2.y, ''), '0') AS BIGINT), mo := CAST(COALESCE(NULLIF(m2.mo, ''), '0') AS BIGINT), d := CAST(COALESCE(NULLIF(m2.d, ''), '0') AS BIGINT), h := CAST(COALESCE(NULLIF(m2.h, ''), '0') AS BIGINT), mi := CAST(COALESCE(NULLIF(m2.mi, ''), '0') AS BIGINT), s := CAST(COALESCE(NULLIF(m2.s, ''), '0') AS BIGINT), ms := CAST(SUBSTR(COALESCE(NULLIF(m2.frac, ''), '0') || '00', 1, 3) AS BIGINT), sg := (CASE WHEN m2.sign = '-' THEN -1 ELSE 1 END), oh := CAST(COALESCE(NULLIF(m2.oh, ''), '0') AS BIGINT), om := CAST(COALESCE(NULLIF(m2.om, ''), '0') AS BIGINT)) AS p2,
  struct_pack(ok := m3.y <> '', y := CAST(COALESCE(NULLIF(m3.y, ''), '0') AS BIGINT), mo := CAST(COALESCE(NULLIF(m3.mo, ''), '0') AS BIGINT), d := CAST(COALESCE(NULLIF(m3.d, ''), '0') AS BIGINT), h := CAST(COALESCE(NULLIF(m3.h, ''), '0') AS BIGINT), mi := CAST(COALESCE(NULLIF(m3.mi, ''), '0') AS BIGINT), s := CAST(COALESCE(NULLIF(m3.s, ''), '0') AS BIGINT), ms := CAST(SUBSTR(COALESCE(NULLIF(m3.frac, ''), '0') || '00', 1, 3) AS BIGINT), sg := (CASE WHEN m3.sign = '-' THEN -1 ELSE 1 END), oh := CAST(COALESCE(NULLIF(m3.oh, ''), '0') AS BIGINT), om := CAST(COALESCE(NULLIF(m3.om, ''), '0') AS BIGINT)) AS p3
FROM vigil_matches),
vigil_values AS (SELECT *,
  (CASE WHEN p2.ok THEN (CASE WHEN p2.h <= 23 AND p2.mi <= 59 AND p2.s <= 59 AND p2.oh <= 23 AND p2.om <= 59 AND p2.mo BETWEEN 1 AND 12 AND p2.d >= 1 AND p2.d <= (CASE WHEN p2.mo = 2 THEN (CASE WHEN ((p2.y) % 4 = 0 AND ((p2.y) % 100 <> 0 OR (p2.y) % 400 = 0)) THEN 29 ELSE 28 END) WHEN p2.mo IN (4, 6, 9, 11) THEN 30 ELSE 31 END) THEN ((((p2.y + 400 - (CASE WHEN p2.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 146097 + (((p2.y + 400 - (CASE WHEN p2.mo <= 2 THEN 1 ELSE 0 END)) - (((p2.y + 400 - (CASE WHEN p2.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 400) * 365 + ((((p2.y + 400 - (CASE WHEN p2.mo <= 2 THEN 1 ELSE 0 END)) - (((p2.y + 400 - (CASE WHEN p2.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 400)) // (4)) - ((((p2.y + 400 - (CASE WHEN p2.mo <= 2 THEN 1 ELSE 0 END)) - (((p2.y + 400 - (CASE WHEN p2.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 400)) // (100)) + (((153 * (CASE WHEN p2.mo > 2 THEN p2.mo - 3 ELSE p2.mo + 9 END) + 2) // (5)) + p2.d - 1)) - 719468 - 146097) * 86400000 + p2.h * 3600000 + p2.mi * 60000 + p2.s * 1000 + p2.ms - p2.sg * (p2.oh * 60 + p2.om) * 60000 END) END) AS t2,
  (CASE WHEN p3.ok THEN (CASE WHEN p3.h <= 23 AND p3.mi <= 59 AND p3.s <= 59 AND p3.oh <= 23 AND p3.om <= 59 AND p3.mo BETWEEN 1 AND 12 AND p3.d >= 1 AND p3.d <= (CASE WHEN p3.mo = 2 THEN (CASE WHEN ((p3.y) % 4 = 0 AND ((p3.y) % 100 <> 0 OR (p3.y) % 400 = 0)) THEN 29 ELSE 28 END) WHEN p3.mo IN (4, 6, 9, 11) THEN 30 ELSE 31 END) THEN ((((p3.y + 400 - (CASE WHEN p3.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 146097 + (((p3.y + 400 - (CASE WHEN p3.mo <= 2 THEN 1 ELSE 0 END)) - (((p3.y + 400 - (CASE WHEN p3.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 400) * 365 + ((((p3.y + 400 - (CASE WHEN p3.mo <= 2 THEN 1 ELSE 0 END)) - (((p3.y + 400 - (CASE WHEN p3.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 400)) // (4)) - ((((p3.y + 400 - (CASE WHEN p3.mo <= 2 THEN 1 ELSE 0 END)) - (((p3.y + 400 - (CASE WHEN p3.mo <= 2 THEN 1 ELSE 0 END))) // (400)) * 400)) // (100)) + (((153 * (CASE WHEN p3.mo > 2 THEN p3.mo - 3 ELSE p3.mo + 9 END) + 2) // (5)) + p3.d - 1)) - 719468 - 146097) * 86400000 + p3.h * 3600000 + p3.mi * 60000 + p3.s * 1000 + p3.ms - p3.sg * (p3.oh * 60 + p3.om) * 60000 END) END) AS t3
FROM vigil_numbers),
vigil_groups0 AS (SELECT vigil_k0,
  vigil_window,
  vigil_now,
  COUNT(*) AS vigil_records,
  (CASE WHEN SUM(CASE WHEN TRUE AND ((CASE WHEN (t2 IS NULL OR (t2 <= vigil_now AND ((COALESCE((f3 IS NOT NULL AND f3 <> '' AND t3 IS NULL), FALSE)) OR ((t3 IS NOT NULL AND t3 <= vigil_now) AND t3 < t2)))) THEN NULL ELSE (CASE WHEN t2 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t2 ELSE vigil_now - t2 END) > CAST(172800000 AS BIGINT) END)) IS NOT NULL THEN 1 ELSE 0 END) = 0 THEN NULL ELSE CAST(SUM(CASE WHEN TRUE AND ((CASE WHEN (t2 IS NULL OR (t2 <= vigil_now AND ((COALESCE((f3 IS NOT NULL AND f3 <> '' AND t3 IS NULL), FALSE)) OR ((t3 IS NOT NULL AND t3 <= vigil_now) AND t3 < t2)))) THEN NULL ELSE (CASE WHEN t2 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t2 ELSE vigil_now - t2 END) > CAST(172800000 AS BIGINT) END)) IS TRUE THEN 1 ELSE 0 END) AS DOUBLE) / CAST(SUM(CASE WHEN TRUE AND ((CASE WHEN (t2 IS NULL OR (t2 <= vigil_now AND ((COALESCE((f3 IS NOT NULL AND f3 <> '' AND t3 IS NULL), FALSE)) OR ((t3 IS NOT NULL AND t3 <= vigil_now) AND t3 < t2)))) THEN NULL ELSE (CASE WHEN t2 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t2 ELSE vigil_now - t2 END) > CAST(172800000 AS BIGINT) END)) IS NOT NULL THEN 1 ELSE 0 END) AS DOUBLE) END) AS vigil_a0,
  row_number() OVER (ORDER BY vigil_k0 NULLS FIRST, vigil_window) AS vigil_rank
FROM (SELECT vigil_values.*, f1 AS vigil_k0, 0 AS vigil_window FROM vigil_values WHERE ((f0 <> 'chat')) IS TRUE) AS vigil_members
GROUP BY vigil_k0, vigil_window, vigil_now),
vigil_groups1 AS (SELECT vigil_window,
  vigil_now,
  COUNT(*) AS vigil_records,
  CAST(SUM(CASE WHEN TRUE AND ((CASE WHEN (t2 IS NULL OR (t2 <= vigil_now AND ((COALESCE((f3 IS NOT NULL AND f3 <> '' AND t3 IS NULL), FALSE)) OR ((t3 IS NOT NULL AND t3 <= vigil_now) AND t3 < t2)))) THEN NULL ELSE (CASE WHEN t2 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t2 ELSE vigil_now - t2 END) > CAST(172800000 AS BIGINT) END)) IS TRUE THEN 1 ELSE 0 END) AS DOUBLE) AS vigil_a0,
  CAST(SUM(CASE WHEN TRUE AND TRUE THEN 1 ELSE 0 END) AS DOUBLE) AS vigil_a1,
  row_number() OVER (ORDER BY vigil_window) AS vigil_rank
FROM (SELECT vigil_values.*, CAST(CAST(date_trunc('month', DATE '1970-01-01' + CAST((((t2) - (((t2) % 86400000) + 86400000) % 86400000) // (86400000)) AS INTEGER)) AS DATE) - DATE '1970-01-01' AS BIGINT) AS vigil_window FROM vigil_values WHERE TRUE AND t2 IS NOT NULL AND t2 <= vigil_now AND NOT (COALESCE(((TRUE) IS TRUE AND COALESCE((f2 IS NOT NULL AND f2 <> '' AND t2 IS NULL), FALSE)), FALSE))) AS vigil_members
GROUP BY vigil_window, vigil_now),
vigil_groups2 AS (SELECT vigil_window,
  vigil_now,
  COUNT(*) AS vigil_records,
  (CASE WHEN SUM(CASE WHEN TRUE AND ((CASE WHEN (t2 IS NULL OR (t2 <= vigil_now AND ((COALESCE((f3 IS NOT NULL AND f3 <> '' AND t3 IS NULL), FALSE)) OR ((t3 IS NOT NULL AND t3 <= vigil_now) AND t3 < t2)))) THEN NULL ELSE (CASE WHEN t2 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t2 ELSE vigil_now - t2 END) > CAST(172800000 AS BIGINT) END)) IS NOT NULL THEN 1 ELSE 0 END) = 0 THEN NULL ELSE CAST(SUM(CASE WHEN TRUE AND ((CASE WHEN (t2 IS NULL OR (t2 <= vigil_now AND ((COALESCE((f3 IS NOT NULL AND f3 <> '' AND t3 IS NULL), FALSE)) OR ((t3 IS NOT NULL AND t3 <= vigil_now) AND t3 < t2)))) THEN NULL ELSE (CASE WHEN t2 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t2 ELSE vigil_now - t2 END) > CAST(172800000 AS BIGINT) END)) IS TRUE THEN 1 ELSE 0 END) AS DOUBLE) / CAST(SUM(CASE WHEN TRUE AND ((CASE WHEN (t2 IS NULL OR (t2 <= vigil_now AND ((COALESCE((f3 IS NOT NULL AND f3 <> '' AND t3 IS NULL), FALSE)) OR ((t3 IS NOT NULL AND t3 <= vigil_now) AND t3 < t2)))) THEN NULL ELSE (CASE WHEN t2 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t2 ELSE vigil_now - t2 END) > CAST(172800000 AS BIGINT) END)) IS NOT NULL THEN 1 ELSE 0 END) AS DOUBLE) END) AS vigil_a0,
  row_number() OVER (ORDER BY vigil_window) AS vigil_rank
FROM (SELECT vigil_values.*, (((((t2) - (((t2) % 86400000) + 86400000) % 86400000) // (86400000))) - ((((((t2) - (((t2) % 86400000) + 86400000) % 86400000) // (86400000))) + 3) % 7 + 7) % 7) AS vigil_window FROM vigil_values WHERE TRUE AND t2 IS NOT NULL AND t2 <= vigil_now AND NOT (COALESCE(((TRUE) IS TRUE AND COALESCE((f2 IS NOT NULL AND f2 <> '' AND t2 IS NULL), FALSE)), FALSE))) AS vigil_members
GROUP BY vigil_window, vigil_now),
vigil_groups3 AS (SELECT vigil_k0,
  vigil_window,
  vigil_now,
  COUNT(*) AS vigil_records,
  CAST(SUM(CASE WHEN TRUE AND ((CASE WHEN (t2 IS NULL OR (t2 <= vigil_now AND ((COALESCE((f3 IS NOT NULL AND f3 <> '' AND t3 IS NULL), FALSE)) OR ((t3 IS NOT NULL AND t3 <= vigil_now) AND t3 < t2)))) THEN NULL ELSE (CASE WHEN t2 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t2 ELSE vigil_now - t2 END) > CAST(172800000 AS BIGINT) END)) IS TRUE THEN 1 ELSE 0 END) AS DOUBLE) AS vigil_a0,
  row_number() OVER (ORDER BY vigil_k0 NULLS FIRST, vigil_window) AS vigil_rank
FROM (SELECT vigil_values.*, f4 AS vigil_k0, ((((t3) - (((t3) % 86400000) + 86400000) % 86400000) // (86400000))) AS vigil_window FROM vigil_values WHERE TRUE AND t3 IS NOT NULL AND t3 <= vigil_now AND NOT (COALESCE(((TRUE) IS TRUE AND COALESCE((f3 IS NOT NULL AND f3 <> '' AND t3 IS NULL), FALSE)), FALSE))) AS vigil_members
GROUP BY vigil_k0, vigil_window, vigil_now),
vigil_groups4 AS (SELECT vigil_k0,
  vigil_window,
  vigil_now,
  COUNT(*) AS vigil_records,
  (CASE WHEN COUNT(CASE WHEN TRUE THEN (t3 - t2) END) > 0 THEN ((CAST(SUM(CASE WHEN TRUE THEN (t3 - t2) END) AS BIGINT) - ((CAST(SUM(CASE WHEN TRUE THEN (t3 - t2) END) AS BIGINT) % COUNT(CASE WHEN TRUE THEN (t3 - t2) END)) + COUNT(CASE WHEN TRUE THEN (t3 - t2) END)) % COUNT(CASE WHEN TRUE THEN (t3 - t2) END)) // (COUNT(CASE WHEN TRUE THEN (t3 - t2) END))) END) AS vigil_a0,
  MAX(CASE WHEN TRUE THEN (t3 - t2) END) AS vigil_a1,
  MIN(CASE WHEN TRUE THEN t2 END) AS vigil_a2,
  row_number() OVER (ORDER BY vigil_k0 NULLS FIRST, vigil_window) AS vigil_rank
FROM (SELECT vigil_values.*, f0 AS vigil_k0, 0 AS vigil_window FROM vigil_values WHERE TRUE) AS vigil_members
GROUP BY vigil_k0, vigil_window, vigil_now),
vigil_groups5 AS (SELECT vigil_k0,
  vigil_k1,
  vigil_window,
  vigil_now,
  COUNT(*) AS vigil_records,
  CAST(COALESCE(SUM(CASE WHEN TRUE THEN (t3 - t2) END), 0) AS BIGINT) AS vigil_a0,
  MAX(CASE WHEN TRUE THEN t2 END) AS vigil_a1,
  row_number() OVER (ORDER BY vigil_k0 NULLS FIRST, vigil_k1 NULLS FIRST, vigil_window) AS vigil_rank
FROM (SELECT vigil_values.*, f1 AS vigil_k0, f0 AS vigil_k1, 0 AS vigil_window FROM vigil_values WHERE TRUE) AS vigil_members
GROUP BY vigil_k0, vigil_k1, vigil_window, vigil_now),
vigil_groups6 AS (SELECT vigil_k0,
  vigil_window,
  vigil_now,
  COUNT(*) AS vigil_records,
  MAX(CASE WHEN TRUE THEN (CASE WHEN regexp_full_match(f5, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f5, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f5, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) END) AS vigil_a0,
  MIN(CASE WHEN ((f0 = 'phone')) IS TRUE THEN (CASE WHEN regexp_full_match(f5, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f5, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f5, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) END) AS vigil_a1,
  row_number() OVER (ORDER BY vigil_k0 NULLS FIRST, vigil_window) AS vigil_rank
FROM (SELECT vigil_values.*, f0 AS vigil_k0, 0 AS vigil_window FROM vigil_values WHERE TRUE) AS vigil_members
GROUP BY vigil_k0, vigil_window, vigil_now),
vigil_groups7 AS (SELECT vigil_window,
  vigil_now,
  COUNT(*) AS vigil_records,
  (CASE WHEN SUM(CASE WHEN ((f0 = 'email')) IS TRUE AND ((CASE WHEN (t2 IS NULL OR (t2 <= vigil_now AND ((COALESCE((f3 IS NOT NULL AND f3 <> '' AND t3 IS NULL), FALSE)) OR ((t3 IS NOT NULL AND t3 <= vigil_now) AND t3 < t2)))) THEN NULL ELSE (CASE WHEN t2 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t2 ELSE vigil_now - t2 END) > CAST(172800000 AS BIGINT) END)) IS NOT NULL THEN 1 ELSE 0 END) = 0 THEN NULL ELSE CAST(SUM(CASE WHEN ((f0 = 'email')) IS TRUE AND ((CASE WHEN (t2 IS NULL OR (t2 <= vigil_now AND ((COALESCE((f3 IS NOT NULL AND f3 <> '' AND t3 IS NULL), FALSE)) OR ((t3 IS NOT NULL AND t3 <= vigil_now) AND t3 < t2)))) THEN NULL ELSE (CASE WHEN t2 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t2 ELSE vigil_now - t2 END) > CAST(172800000 AS BIGINT) END)) IS TRUE THEN 1 ELSE 0 END) AS DOUBLE) / CAST(SUM(CASE WHEN ((f0 = 'email')) IS TRUE AND ((CASE WHEN (t2 IS NULL OR (t2 <= vigil_now AND ((COALESCE((f3 IS NOT NULL AND f3 <> '' AND t3 IS NULL), FALSE)) OR ((t3 IS NOT NULL AND t3 <= vigil_now) AND t3 < t2)))) THEN NULL ELSE (CASE WHEN t2 > vigil_now THEN 0 WHEN (t3 IS NOT NULL AND t3 <= vigil_now) THEN t3 - t2 ELSE vigil_now - t2 END) > CAST(172800000 AS BIGINT) END)) IS NOT NULL THEN 1 ELSE 0 END) AS DOUBLE) END) AS vigil_a0,
  row_number() OVER (ORDER BY vigil_window) AS vigil_rank
FROM (SELECT vigil_values.*, CAST(CAST(date_trunc('month', DATE '1970-01-01' + CAST(((((t2) + 18000000) - ((((t2) + 18000000) % 86400000) + 86400000) % 86400000) // (86400000)) AS INTEGER)) AS DATE) - DATE '1970-01-01' AS BIGINT) AS vigil_window FROM vigil_values WHERE TRUE AND t2 IS NOT NULL AND t2 <= vigil_now AND NOT (COALESCE(((TRUE) IS TRUE AND COALESCE((f2 IS NOT NULL AND f2 <> '' AND t2 IS NULL), FALSE)), FALSE))) AS vigil_members
GROUP BY vigil_window, vigil_now),
vigil_groups8 AS (SELECT vigil_k0,
  vigil_window,
  vigil_now,
  COUNT(*) AS vigil_records,
  MIN(CASE WHEN TRUE THEN t2 END) AS vigil_a0,
  MAX(CASE WHEN TRUE THEN t3 END) AS vigil_a1,
  row_number() OVER (ORDER BY vigil_k0 NULLS FIRST, vigil_window) AS vigil_rank
FROM (SELECT vigil_values.*, f1 AS vigil_k0, 0 AS vigil_window FROM vigil_values WHERE TRUE) AS vigil_members
GROUP BY vigil_k0, vigil_window, vigil_now),
vigil_groups9 AS (SELECT vigil_k0,
  vigil_window,
  vigil_now,
  COUNT(*) AS vigil_records,
  (MIN(CASE WHEN vigil_r0 = ((vigil_n0 - 1) // (2)) + 1 THEN vigil_v0 END) + ((MIN(CASE WHEN vigil_r0 = ((vigil_n0) // (2)) + 1 THEN vigil_v0 END) - MIN(CASE WHEN vigil_r0 = ((vigil_n0 - 1) // (2)) + 1 THEN vigil_v0 END)) // (2))) AS vigil_a0,
  MIN(CASE WHEN vigil_r1 = ((90 * vigil_n1 + 99) // (100)) THEN vigil_v1 END) AS vigil_a1,
  ((MIN(CASE WHEN vigil_r2 = ((vigil_n2 - 1) // (2)) + 1 THEN vigil_v2 END) + MIN(CASE WHEN vigil_r2 = ((vigil_n2) // (2)) + 1 THEN vigil_v2 END)) / 2) AS vigil_a2,
  MIN(CASE WHEN vigil_r3 = ((25 * vigil_n3 + 99) // (100)) THEN vigil_v3 END) AS vigil_a3,
  row_number() OVER (ORDER BY vigil_k0 NULLS FIRST, vigil_window) AS vigil_rank
FROM (SELECT vigil_unranked.*, row_number() OVER (PARTITION BY vigil_k0, vigil_window ORDER BY vigil_v0 NULLS LAST) AS vigil_r0, COUNT(vigil_v0) OVER (PARTITION BY vigil_k0, vigil_window) AS vigil_n0, row_number() OVER (PARTITION BY vigil_k0, vigil_window ORDER BY vigil_v1 NULLS LAST) AS vigil_r1, COUNT(vigil_v1) OVER (PARTITION BY vigil_k0, vigil_window) AS vigil_n1, row_number() OVER (PARTITION BY vigil_k0, vigil_window ORDER BY vigil_v2 NULLS LAST) AS vigil_r2, COUNT(vigil_v2) OVER (PARTITION BY vigil_k0, vigil_window) AS vigil_n2, row_number() OVER (PARTITION BY vigil_k0, vigil_window ORDER BY vigil_v3 NULLS LAST) AS vigil_r3, COUNT(vigil_v3) OVER (PARTITION BY vigil_k0, vigil_window) AS vigil_n3 FROM (SELECT vigil_values.*, f0 AS vigil_k0, 0 AS vigil_window, CASE WHEN TRUE THEN (t3 - t2) END AS vigil_v0, CASE WHEN TRUE THEN (CASE WHEN regexp_full_match(f5, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f5, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f5, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) END AS vigil_v1, CASE WHEN TRUE THEN (CASE WHEN regexp_full_match(f5, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f5, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f5, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) END AS vigil_v2, CASE WHEN TRUE THEN t2 END AS vigil_v3 FROM vigil_values WHERE TRUE) AS vigil_unranked) AS vigil_members
GROUP BY vigil_k0, vigil_window, vigil_now),
vigil_groups10 AS (SELECT vigil_k0,
  vigil_window,
  vigil_now,
  COUNT(*) AS vigil_records,
  MIN(CASE WHEN vigil_r0 = 1 AND vigil_o0 IS NOT NULL THEN vigil_v0 END) AS vigil_a0,
  MIN(CASE WHEN vigil_r1 = 1 AND vigil_o1 IS NOT NULL THEN vigil_v1 END) AS vigil_a1,
  MIN(CASE WHEN vigil_r2 = 1 AND vigil_o2 IS NOT NULL THEN vigil_v2 END) AS vigil_a2,
  row_number() OVER (ORDER BY vigil_k0 NULLS FIRST, vigil_window) AS vigil_rank
FROM (SELECT vigil_unranked.*, row_number() OVER (PARTITION BY vigil_k0, vigil_window ORDER BY vigil_o0 DESC NULLS LAST, vigil_row DESC) AS vigil_r0, COUNT(vigil_v0) OVER (PARTITION BY vigil_k0, vigil_window) AS vigil_n0, row_number() OVER (PARTITION BY vigil_k0, vigil_window ORDER BY vigil_o1 NULLS LAST, vigil_row) AS vigil_r1, COUNT(vigil_v1) OVER (PARTITION BY vigil_k0, vigil_window) AS vigil_n1, row_number() OVER (PARTITION BY vigil_k0, vigil_window ORDER BY vigil_o2 NULLS LAST, vigil_row) AS vigil_r2, COUNT(vigil_v2) OVER (PARTITION BY vigil_k0, vigil_window) AS vigil_n2 FROM (SELECT vigil_values.*, f4 AS vigil_k0, 0 AS vigil_window, CASE WHEN TRUE THEN f0 END AS vigil_v0, CASE WHEN TRUE THEN t2 END AS vigil_o0, CASE WHEN TRUE THEN f5 END AS vigil_v1, CASE WHEN TRUE THEN t2 END AS vigil_o1, CASE WHEN TRUE THEN t3 END AS vigil_v2, CASE WHEN TRUE THEN t2 END AS vigil_o2 FROM vigil_values WHERE TRUE) AS vigil_unranked) AS vigil_members
GROUP BY vigil_k0, vigil_window, vigil_now),
vigil_groups11 AS (SELECT vigil_k0,
  vigil_window,
  vigil_now,
  COUNT(*) AS vigil_records,
  (CASE WHEN COUNT(vigil_e0) = 0 THEN CAST(0 AS DOUBLE) ELSE CAST(CAST(SUM(CASE WHEN vigil_e0 IS NULL THEN NULL WHEN (CASE WHEN vigil_q0 < -970 OR vigil_h0 - vigil_q0 > 73 THEN FALSE ELSE CAST(vigil_c0 AS DOUBLE) * power(CAST(2 AS DOUBLE), vigil_h0 - vigil_q0 + 53) < CAST(1e38 AS DOUBLE) END) THEN CAST(CAST(vigil_x0 * power(CAST(2 AS DOUBLE), ((52 - vigil_e0) // (2))) * power(CAST(2 AS DOUBLE), 52 - vigil_e0 - ((52 - vigil_e0) // (2))) AS BIGINT) AS HUGEINT) * CAST(CAST(power(CAST(2 AS DOUBLE), LEAST((vigil_e0 - vigil_q0), 62)) AS BIGINT) AS HUGEINT) * CAST(CAST(power(CAST(2 AS DOUBLE), (vigil_e0 - vigil_q0) - LEAST((vigil_e0 - vigil_q0), 62)) AS BIGINT) AS HUGEINT) ELSE CAST(error('vigil sql: policy exact_sums_per_owner: the numbers of sum(amount) in a group differ too much in size to be summed exactly in 38 digits (DuckDB); audit it with vigil audit') AS HUGEINT) END) AS VARCHAR) AS DOUBLE) * power(CAST(2 AS DOUBLE), MIN(vigil_q0) - 52) END) AS vigil_a0,
  (CASE WHEN COUNT(vigil_x1) = 0 THEN NULL ELSE (CASE WHEN COUNT(vigil_e1) = 0 THEN CAST(0 AS DOUBLE) ELSE CAST(CAST(SUM(CASE WHEN vigil_e1 IS NULL THEN NULL WHEN (CASE WHEN vigil_q1 < -970 OR vigil_h1 - vigil_q1 > 73 THEN FALSE ELSE CAST(vigil_c1 AS DOUBLE) * power(CAST(2 AS DOUBLE), vigil_h1 - vigil_q1 + 53) < CAST(1e38 AS DOUBLE) END) THEN CAST(CAST(vigil_x1 * power(CAST(2 AS DOUBLE), ((52 - vigil_e1) // (2))) * power(CAST(2 AS DOUBLE), 52 - vigil_e1 - ((52 - vigil_e1) // (2))) AS BIGINT) AS HUGEINT) * CAST(CAST(power(CAST(2 AS DOUBLE), LEAST((vigil_e1 - vigil_q1), 62)) AS BIGINT) AS HUGEINT) * CAST(CAST(power(CAST(2 AS DOUBLE), (vigil_e1 - vigil_q1) - LEAST((vigil_e1 - vigil_q1), 62)) AS BIGINT) AS HUGEINT) ELSE CAST(error('vigil sql: policy exact_sums_per_owner: the numbers of average(amount where channel == "phone") in a group differ too much in size to be summed exactly in 38 digits (DuckDB); audit it with vigil audit') AS HUGEINT) END) AS VARCHAR) AS DOUBLE) * power(CAST(2 AS DOUBLE), MIN(vigil_q1) - 52) END) / CAST(COUNT(vigil_x1) AS DOUBLE) END) AS vigil_a1,
  row_number() OVER (ORDER BY vigil_k0 NULLS FIRST, vigil_window) AS vigil_rank
FROM (SELECT vigil_unranked.*, MIN(vigil_e0) OVER (PARTITION BY vigil_k0, vigil_window) AS vigil_q0, MAX(vigil_e0) OVER (PARTITION BY vigil_k0, vigil_window) AS vigil_h0, COUNT(vigil_e0) OVER (PARTITION BY vigil_k0, vigil_window) AS vigil_c0, MIN(vigil_e1) OVER (PARTITION BY vigil_k0, vigil_window) AS vigil_q1, MAX(vigil_e1) OVER (PARTITION BY vigil_k0, vigil_window) AS vigil_h1, COUNT(vigil_e1) OVER (PARTITION BY vigil_k0, vigil_window) AS vigil_c1 FROM (SELECT vigil_exp1.*, (vigil_g0 - CASE WHEN abs(vigil_x0) < power(CAST(2 AS DOUBLE), vigil_g0) THEN 1 ELSE 0 END + CASE WHEN abs(vigil_x0) >= power(CAST(2 AS DOUBLE), vigil_g0 + 1) THEN 1 ELSE 0 END) AS vigil_e0, (vigil_g1 - CASE WHEN abs(vigil_x1) < power(CAST(2 AS DOUBLE), vigil_g1) THEN 1 ELSE 0 END + CASE WHEN abs(vigil_x1) >= power(CAST(2 AS DOUBLE), vigil_g1 + 1) THEN 1 ELSE 0 END) AS vigil_e1 FROM (SELECT vigil_exp0.*, (CASE WHEN vigil_x0 <> 0 THEN CAST(floor(ln(abs(vigil_x0)) / ln(CAST(2 AS DOUBLE))) AS INTEGER) END) AS vigil_g0, (CASE WHEN vigil_x1 <> 0 THEN CAST(floor(ln(abs(vigil_x1)) / ln(CAST(2 AS DOUBLE))) AS INTEGER) END) AS vigil_g1 FROM (SELECT vigil_values.*, f4 AS vigil_k0, 0 AS vigil_window, CASE WHEN TRUE THEN (CASE WHEN regexp_full_match(f6, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f6, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f6, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) END AS vigil_x0, CASE WHEN ((f0 = 'phone')) IS TRUE THEN (CASE WHEN regexp_full_match(f6, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(f6, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(f6, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) END AS vigil_x1 FROM vigil_values WHERE TRUE) AS vigil_exp0) AS vigil_exp1) AS vigil_unranked) AS vigil_members
GROUP BY vigil_k0, vigil_window, vigil_now),
vigil_violations AS (SELECT 12 AS vigil_policy,
  vigil_rank AS vigil_row,
  'late_share_per_team' AS "policy",
  'Tests/VigilTests/Fixtures/sql/groups.vigil:10' AS "location",
  (COALESCE(vigil_k0, '(missing)')) AS "record",
  vigil_k0 AS "party",
  'notify' AS "action",
  vigil_k0 AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('share(late) ' || ((CASE WHEN ((CAST((CASE WHEN ((vigil_a0) * 10000) < 0 THEN -(CASE WHEN (-((vigil_a0) * 10000)) - FLOOR((-((vigil_a0) * 10000))) >= 0.5 THEN FLOOR((-((vigil_a0) * 10000))) + 1 ELSE FLOOR((-((vigil_a0) * 10000))) END) ELSE (CASE WHEN ((vigil_a0) * 10000) - FLOOR(((vigil_a0) * 10000)) >= 0.5 THEN FLOOR(((vigil_a0) * 10000)) + 1 ELSE FLOOR(((vigil_a0) * 10000)) END) END) AS DOUBLE) / 100)) = FLOOR((CAST((CASE WHEN ((vigil_a0) * 10000) < 0 THEN -(CASE WHEN (-((vigil_a0) * 10000)) - FLOOR((-((vigil_a0) * 10000))) >= 0.5 THEN FLOOR((-((vigil_a0) * 10000))) + 1 ELSE FLOOR((-((vigil_a0) * 10000))) END) ELSE (CASE WHEN ((vigil_a0) * 10000) - FLOOR(((vigil_a0) * 10000)) >= 0.5 THEN FLOOR(((vigil_a0) * 10000)) + 1 ELSE FLOOR(((vigil_a0) * 10000)) END) END) AS DOUBLE) / 100)) AND abs((CAST((CASE WHEN ((vigil_a0) * 10000) < 0 THEN -(CASE WHEN (-((vigil_a0) * 10000)) - FLOOR((-((vigil_a0) * 10000))) >= 0.5 THEN FLOOR((-((vigil_a0) * 10000))) + 1 ELSE FLOOR((-((vigil_a0) * 10000))) END) ELSE (CASE WHEN ((vigil_a0) * 10000) - FLOOR(((vigil_a0) * 10000)) >= 0.5 THEN FLOOR(((vigil_a0) * 10000)) + 1 ELSE FLOOR(((vigil_a0) * 10000)) END) END) AS DOUBLE) / 100)) < 1e15 THEN CAST(CAST((CAST((CASE WHEN ((vigil_a0) * 10000) < 0 THEN -(CASE WHEN (-((vigil_a0) * 10000)) - FLOOR((-((vigil_a0) * 10000))) >= 0.5 THEN FLOOR((-((vigil_a0) * 10000))) + 1 ELSE FLOOR((-((vigil_a0) * 10000))) END) ELSE (CASE WHEN ((vigil_a0) * 10000) - FLOOR(((vigil_a0) * 10000)) >= 0.5 THEN FLOOR(((vigil_a0) * 10000)) + 1 ELSE FLOOR(((vigil_a0) * 10000)) END) END) AS DOUBLE) / 100) AS BIGINT) AS VARCHAR) ELSE CAST((CAST((CASE WHEN ((vigil_a0) * 10000) < 0 THEN -(CASE WHEN (-((vigil_a0) * 10000)) - FLOOR((-((vigil_a0) * 10000))) >= 0.5 THEN FLOOR((-((vigil_a0) * 10000))) + 1 ELSE FLOOR((-((vigil_a0) * 10000))) END) ELSE (CASE WHEN ((vigil_a0) * 10000) - FLOOR(((vigil_a0) * 10000)) >= 0.5 THEN FLOOR(((vigil_a0) * 10000)) + 1 ELSE FLOOR(((vigil_a0) * 10000)) END) END) AS DOUBLE) / 100) AS VARCHAR) END) || '%')) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '> 30%' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(vigil_records AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk",
  0 AS vigil_finding,
  CAST(NULL AS BIGINT) AS vigil_length,
  CAST(0 AS BIGINT) AS vigil_at,
  CAST(NULL AS BIGINT) AS vigil_ycn,
  CAST(NULL AS BIGINT) AS vigil_ycm,
  CAST(NULL AS BIGINT) AS vigil_yck,
  CAST(NULL AS BIGINT) AS vigil_yhk
FROM (SELECT vigil_judged.*, CASE WHEN (TRUE) AND ((vigil_a0 > CAST('0.3' AS DOUBLE))) IS TRUE THEN 0 END AS vigil_evidence FROM vigil_groups0 AS vigil_judged
WHERE (vigil_records >= 3 AND ((vigil_a0 > CAST('0.3' AS DOUBLE)))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 13 AS vigil_policy,
  vigil_rank AS vigil_row,
  'monthly_counts' AS "policy",
  'Tests/VigilTests/Fixtures/sql/groups.vigil:15' AS "location",
  SUBSTR((strftime(make_timestamp(CAST(CAST(vigil_window AS BIGINT) * 86400000 AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S') || (CASE WHEN ((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR), LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 'Z'), 1, 7) AS "record",
  CAST(NULL AS VARCHAR) AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('count(late) ' || (CASE WHEN (vigil_a0) = FLOOR(vigil_a0) AND abs(vigil_a0) < 1e15 THEN CAST(CAST(vigil_a0 AS BIGINT) AS VARCHAR) ELSE CAST(vigil_a0 AS VARCHAR) END)) WHEN 1 THEN ('count ' || (CASE WHEN (vigil_a1) = FLOOR(vigil_a1) AND abs(vigil_a1) < 1e15 THEN CAST(CAST(vigil_a1 AS BIGINT) AS VARCHAR) ELSE CAST(vigil_a1 AS VARCHAR) END)) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '>= 3' WHEN 1 THEN '< 40' END AS VARCHAR) AS "threshold",
  SUBSTR((strftime(make_timestamp(CAST(CAST(vigil_window AS BIGINT) * 86400000 AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S') || (CASE WHEN ((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR), LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 'Z'), 1, 7) AS "window",
  CAST(vigil_records AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk",
  0 AS vigil_finding,
  CAST(NULL AS BIGINT) AS vigil_length,
  CAST(0 AS BIGINT) AS vigil_at,
  CAST(NULL AS BIGINT) AS vigil_ycn,
  CAST(NULL AS BIGINT) AS vigil_ycm,
  CAST(NULL AS BIGINT) AS vigil_yck,
  CAST(NULL AS BIGINT) AS vigil_yhk
FROM (SELECT vigil_judged.*, CASE WHEN (TRUE) AND ((vigil_a0 >= CAST('3.0' AS DOUBLE))) IS TRUE THEN 0 WHEN ((TRUE) AND ((vigil_a0 >= CAST('3.0' AS DOUBLE))) IS NOT FALSE) AND ((vigil_a1 < CAST('40.0' AS DOUBLE))) IS TRUE THEN 1 END AS vigil_evidence FROM (SELECT vigil_now_g.*, vigil_prev_g.vigil_a0 AS vigil_p0, vigil_prev_g.vigil_a1 AS vigil_p1 FROM vigil_groups1 AS vigil_now_g LEFT JOIN vigil_groups1 AS vigil_prev_g ON vigil_prev_g.vigil_window = CAST(CAST(date_trunc('month', DATE '1970-01-01' + CAST((vigil_now_g.vigil_window) - 1 AS INTEGER)) AS DATE) - DATE '1970-01-01' AS BIGINT) AND vigil_prev_g.vigil_records >= 1) AS vigil_judged
WHERE (vigil_records >= 1 AND (((vigil_a0 >= CAST('3.0' AS DOUBLE)) AND (vigil_a1 < CAST('40.0' AS DOUBLE))))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 14 AS vigil_policy,
  vigil_rank AS vigil_row,
  'falling_weekly' AS "policy",
  'Tests/VigilTests/Fixtures/sql/groups.vigil:19' AS "location",
  ('week of ' || SUBSTR((strftime(make_timestamp(CAST(CAST(vigil_window AS BIGINT) * 86400000 AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S') || (CASE WHEN ((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR), LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 'Z'), 1, 10)) AS "record",
  CAST(NULL AS VARCHAR) AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('previous(share(late)) - share(late) ' || ((CASE WHEN ((CAST((CASE WHEN (((vigil_p0 - vigil_a0)) * 10000) < 0 THEN -(CASE WHEN (-(((vigil_p0 - vigil_a0)) * 10000)) - FLOOR((-(((vigil_p0 - vigil_a0)) * 10000))) >= 0.5 THEN FLOOR((-(((vigil_p0 - vigil_a0)) * 10000))) + 1 ELSE FLOOR((-(((vigil_p0 - vigil_a0)) * 10000))) END) ELSE (CASE WHEN (((vigil_p0 - vigil_a0)) * 10000) - FLOOR((((vigil_p0 - vigil_a0)) * 10000)) >= 0.5 THEN FLOOR((((vigil_p0 - vigil_a0)) * 10000)) + 1 ELSE FLOOR((((vigil_p0 - vigil_a0)) * 10000)) END) END) AS DOUBLE) / 100)) = FLOOR((CAST((CASE WHEN (((vigil_p0 - vigil_a0)) * 10000) < 0 THEN -(CASE WHEN (-(((vigil_p0 - vigil_a0)) * 10000)) - FLOOR((-(((vigil_p0 - vigil_a0)) * 10000))) >= 0.5 THEN FLOOR((-(((vigil_p0 - vigil_a0)) * 10000))) + 1 ELSE FLOOR((-(((vigil_p0 - vigil_a0)) * 10000))) END) ELSE (CASE WHEN (((vigil_p0 - vigil_a0)) * 10000) - FLOOR((((vigil_p0 - vigil_a0)) * 10000)) >= 0.5 THEN FLOOR((((vigil_p0 - vigil_a0)) * 10000)) + 1 ELSE FLOOR((((vigil_p0 - vigil_a0)) * 10000)) END) END) AS DOUBLE) / 100)) AND abs((CAST((CASE WHEN (((vigil_p0 - vigil_a0)) * 10000) < 0 THEN -(CASE WHEN (-(((vigil_p0 - vigil_a0)) * 10000)) - FLOOR((-(((vigil_p0 - vigil_a0)) * 10000))) >= 0.5 THEN FLOOR((-(((vigil_p0 - vigil_a0)) * 10000))) + 1 ELSE FLOOR((-(((vigil_p0 - vigil_a0)) * 10000))) END) ELSE (CASE WHEN (((vigil_p0 - vigil_a0)) * 10000) - FLOOR((((vigil_p0 - vigil_a0)) * 10000)) >= 0.5 THEN FLOOR((((vigil_p0 - vigil_a0)) * 10000)) + 1 ELSE FLOOR((((vigil_p0 - vigil_a0)) * 10000)) END) END) AS DOUBLE) / 100)) < 1e15 THEN CAST(CAST((CAST((CASE WHEN (((vigil_p0 - vigil_a0)) * 10000) < 0 THEN -(CASE WHEN (-(((vigil_p0 - vigil_a0)) * 10000)) - FLOOR((-(((vigil_p0 - vigil_a0)) * 10000))) >= 0.5 THEN FLOOR((-(((vigil_p0 - vigil_a0)) * 10000))) + 1 ELSE FLOOR((-(((vigil_p0 - vigil_a0)) * 10000))) END) ELSE (CASE WHEN (((vigil_p0 - vigil_a0)) * 10000) - FLOOR((((vigil_p0 - vigil_a0)) * 10000)) >= 0.5 THEN FLOOR((((vigil_p0 - vigil_a0)) * 10000)) + 1 ELSE FLOOR((((vigil_p0 - vigil_a0)) * 10000)) END) END) AS DOUBLE) / 100) AS BIGINT) AS VARCHAR) ELSE CAST((CAST((CASE WHEN (((vigil_p0 - vigil_a0)) * 10000) < 0 THEN -(CASE WHEN (-(((vigil_p0 - vigil_a0)) * 10000)) - FLOOR((-(((vigil_p0 - vigil_a0)) * 10000))) >= 0.5 THEN FLOOR((-(((vigil_p0 - vigil_a0)) * 10000))) + 1 ELSE FLOOR((-(((vigil_p0 - vigil_a0)) * 10000))) END) ELSE (CASE WHEN (((vigil_p0 - vigil_a0)) * 10000) - FLOOR((((vigil_p0 - vigil_a0)) * 10000)) >= 0.5 THEN FLOOR((((vigil_p0 - vigil_a0)) * 10000)) + 1 ELSE FLOOR((((vigil_p0 - vigil_a0)) * 10000)) END) END) AS DOUBLE) / 100) AS VARCHAR) END) || '%')) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '> 10%' END AS VARCHAR) AS "threshold",
  ('week of ' || SUBSTR((strftime(make_timestamp(CAST(CAST(vigil_window AS BIGINT) * 86400000 AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S') || (CASE WHEN ((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR), LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 'Z'), 1, 10)) AS "window",
  CAST(vigil_records AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk",
  0 AS vigil_finding,
  CAST(NULL AS BIGINT) AS vigil_length,
  CAST(0 AS BIGINT) AS vigil_at,
  CAST(NULL AS BIGINT) AS vigil_ycn,
  CAST(NULL AS BIGINT) AS vigil_ycm,
  CAST(NULL AS BIGINT) AS vigil_yck,
  CAST(NULL AS BIGINT) AS vigil_yhk
FROM (SELECT vigil_judged.*, CASE WHEN (TRUE) AND (((vigil_p0 - vigil_a0) > CAST('0.1' AS DOUBLE))) IS TRUE THEN 0 END AS vigil_evidence FROM (SELECT vigil_now_g.*, vigil_prev_g.vigil_a0 AS vigil_p0 FROM vigil_groups2 AS vigil_now_g LEFT JOIN vigil_groups2 AS vigil_prev_g ON vigil_prev_g.vigil_window = ((vigil_now_g.vigil_window) - 7) AND vigil_prev_g.vigil_records >= 2) AS vigil_judged
WHERE (vigil_records >= 2 AND (((vigil_p0 - vigil_a0) > CAST('0.1' AS DOUBLE)))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 15 AS vigil_policy,
  vigil_rank AS vigil_row,
  'daily_per_owner' AS "policy",
  'Tests/VigilTests/Fixtures/sql/groups.vigil:24' AS "location",
  (CASE WHEN COALESCE(vigil_k0, '(missing)') = '' THEN SUBSTR((strftime(make_timestamp(CAST(CAST(vigil_window AS BIGINT) * 86400000 AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S') || (CASE WHEN ((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR), LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 'Z'), 1, 10) ELSE COALESCE(vigil_k0, '(missing)') || ' in ' || SUBSTR((strftime(make_timestamp(CAST(CAST(vigil_window AS BIGINT) * 86400000 AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S') || (CASE WHEN ((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR), LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 'Z'), 1, 10) END) AS "record",
  vigil_k0 AS "party",
  'notify' AS "action",
  vigil_k0 AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('count(late) ' || (CASE WHEN (vigil_a0) = FLOOR(vigil_a0) AND abs(vigil_a0) < 1e15 THEN CAST(CAST(vigil_a0 AS BIGINT) AS VARCHAR) ELSE CAST(vigil_a0 AS VARCHAR) END)) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '>= 1' END AS VARCHAR) AS "threshold",
  SUBSTR((strftime(make_timestamp(CAST(CAST(vigil_window AS BIGINT) * 86400000 AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S') || (CASE WHEN ((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR), LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 'Z'), 1, 10) AS "window",
  CAST(vigil_records AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk",
  0 AS vigil_finding,
  CAST(NULL AS BIGINT) AS vigil_length,
  CAST(0 AS BIGINT) AS vigil_at,
  CAST(NULL AS BIGINT) AS vigil_ycn,
  CAST(NULL AS BIGINT) AS vigil_ycm,
  CAST(NULL AS BIGINT) AS vigil_yck,
  CAST(NULL AS BIGINT) AS vigil_yhk
FROM (SELECT vigil_judged.*, CASE WHEN (TRUE) AND ((vigil_a0 >= CAST('1.0' AS DOUBLE))) IS TRUE THEN 0 END AS vigil_evidence FROM (SELECT vigil_now_g.*, vigil_prev_g.vigil_a0 AS vigil_p0 FROM vigil_groups3 AS vigil_now_g LEFT JOIN vigil_groups3 AS vigil_prev_g ON (vigil_now_g.vigil_k0 IS NOT DISTINCT FROM vigil_prev_g.vigil_k0) AND vigil_prev_g.vigil_window = ((vigil_now_g.vigil_window) - 1) AND vigil_prev_g.vigil_records >= 1) AS vigil_judged
WHERE (vigil_records >= 1 AND ((vigil_a0 >= CAST('1.0' AS DOUBLE)))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 16 AS vigil_policy,
  vigil_rank AS vigil_row,
  'durations_per_channel' AS "policy",
  'Tests/VigilTests/Fixtures/sql/groups.vigil:28' AS "location",
  (COALESCE(vigil_k0, '(missing)')) AS "record",
  vigil_k0 AS "party",
  'notify' AS "action",
  vigil_k0 AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('average(resolved_at - created_at) ' || (CASE WHEN (vigil_a0) = 0 THEN '0s' ELSE (CASE WHEN (vigil_a0) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs(vigil_a0)) // (3600000)) <> 0 THEN CAST(((abs(vigil_a0)) // (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs(vigil_a0)) // (60000)) % 60) <> 0 OR (((abs(vigil_a0)) // (3600000)) <> 0 AND (abs(vigil_a0) % 60000) <> 0)) THEN CAST((((abs(vigil_a0)) // (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs(vigil_a0) % 60000) <> 0 THEN CAST((((abs(vigil_a0) % 60000)) // (1000)) AS VARCHAR) || (CASE WHEN ((abs(vigil_a0) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs(vigil_a0) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs(vigil_a0) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs(vigil_a0) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs(vigil_a0) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) WHEN 1 THEN ('max(resolved_at - created_at) ' || (CASE WHEN (vigil_a1) = 0 THEN '0s' ELSE (CASE WHEN (vigil_a1) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs(vigil_a1)) // (3600000)) <> 0 THEN CAST(((abs(vigil_a1)) // (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs(vigil_a1)) // (60000)) % 60) <> 0 OR (((abs(vigil_a1)) // (3600000)) <> 0 AND (abs(vigil_a1) % 60000) <> 0)) THEN CAST((((abs(vigil_a1)) // (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs(vigil_a1) % 60000) <> 0 THEN CAST((((abs(vigil_a1) % 60000)) // (1000)) AS VARCHAR) || (CASE WHEN ((abs(vigil_a1) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs(vigil_a1) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs(vigil_a1) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs(vigil_a1) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs(vigil_a1) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) WHEN 2 THEN ('earliest(created_at) ' || (strftime(make_timestamp(CAST(vigil_a2 AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S') || (CASE WHEN ((((vigil_a2) % 1000) + 1000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((((vigil_a2) % 1000) + 1000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((((vigil_a2) % 1000) + 1000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((((vigil_a2) % 1000) + 1000) % 1000) AS VARCHAR), LENGTH(CAST(((((vigil_a2) % 1000) + 1000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 'Z')) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '> 2d' WHEN 1 THEN '>= 30d' WHEN 2 THEN '< now - 300d' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(vigil_records AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk",
  0 AS vigil_finding,
  CAST(NULL AS BIGINT) AS vigil_length,
  CAST(0 AS BIGINT) AS vigil_at,
  CAST(NULL AS BIGINT) AS vigil_ycn,
  CAST(NULL AS BIGINT) AS vigil_ycm,
  CAST(NULL AS BIGINT) AS vigil_yck,
  CAST(NULL AS BIGINT) AS vigil_yhk
FROM (SELECT vigil_judged.*, CASE WHEN (TRUE) AND ((vigil_a0 > CAST(172800000 AS BIGINT))) IS TRUE THEN 0 WHEN ((TRUE) AND ((vigil_a0 > CAST(172800000 AS BIGINT))) IS NOT TRUE) AND ((vigil_a1 >= CAST(2592000000 AS BIGINT))) IS TRUE THEN 1 WHEN ((TRUE) AND (((vigil_a0 > CAST(172800000 AS BIGINT)) OR (vigil_a1 >= CAST(2592000000 AS BIGINT)))) IS NOT TRUE) AND ((vigil_a2 < (vigil_now - CAST(25920000000 AS BIGINT)))) IS TRUE THEN 2 END AS vigil_evidence FROM vigil_groups4 AS vigil_judged
WHERE (vigil_records >= 1 AND ((((vigil_a0 > CAST(172800000 AS BIGINT)) OR (vigil_a1 >= CAST(2592000000 AS BIGINT))) OR (vigil_a2 < (vigil_now - CAST(25920000000 AS BIGINT)))))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 17 AS vigil_policy,
  vigil_rank AS vigil_row,
  'sums_per_team_and_channel' AS "policy",
  'Tests/VigilTests/Fixtures/sql/groups.vigil:35' AS "location",
  (COALESCE(vigil_k0, '(missing)') || ', ' || COALESCE(vigil_k1, '(missing)')) AS "record",
  CAST(NULL AS VARCHAR) AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('sum(resolved_at - created_at) ' || (CASE WHEN (vigil_a0) = 0 THEN '0s' ELSE (CASE WHEN (vigil_a0) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs(vigil_a0)) // (3600000)) <> 0 THEN CAST(((abs(vigil_a0)) // (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs(vigil_a0)) // (60000)) % 60) <> 0 OR (((abs(vigil_a0)) // (3600000)) <> 0 AND (abs(vigil_a0) % 60000) <> 0)) THEN CAST((((abs(vigil_a0)) // (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs(vigil_a0) % 60000) <> 0 THEN CAST((((abs(vigil_a0) % 60000)) // (1000)) AS VARCHAR) || (CASE WHEN ((abs(vigil_a0) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs(vigil_a0) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs(vigil_a0) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs(vigil_a0) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs(vigil_a0) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) WHEN 1 THEN ('latest(created_at) ' || (strftime(make_timestamp(CAST(vigil_a1 AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S') || (CASE WHEN ((((vigil_a1) % 1000) + 1000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((((vigil_a1) % 1000) + 1000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((((vigil_a1) % 1000) + 1000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((((vigil_a1) % 1000) + 1000) % 1000) AS VARCHAR), LENGTH(CAST(((((vigil_a1) % 1000) + 1000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 'Z')) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '> 10d' WHEN 1 THEN '> now - 30d' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(vigil_records AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk",
  0 AS vigil_finding,
  CAST(NULL AS BIGINT) AS vigil_length,
  CAST(0 AS BIGINT) AS vigil_at,
  CAST(NULL AS BIGINT) AS vigil_ycn,
  CAST(NULL AS BIGINT) AS vigil_ycm,
  CAST(NULL AS BIGINT) AS vigil_yck,
  CAST(NULL AS BIGINT) AS vigil_yhk
FROM (SELECT vigil_judged.*, CASE WHEN (TRUE) AND ((vigil_a0 > CAST(864000000 AS BIGINT))) IS TRUE THEN 0 WHEN ((TRUE) AND ((vigil_a0 > CAST(864000000 AS BIGINT))) IS NOT FALSE) AND ((vigil_a1 > (vigil_now - CAST(2592000000 AS BIGINT)))) IS TRUE THEN 1 END AS vigil_evidence FROM vigil_groups5 AS vigil_judged
WHERE (vigil_records >= 1 AND (((vigil_a0 > CAST(864000000 AS BIGINT)) AND (vigil_a1 > (vigil_now - CAST(2592000000 AS BIGINT)))))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 18 AS vigil_policy,
  vigil_rank AS vigil_row,
  'rings_per_channel' AS "policy",
  'Tests/VigilTests/Fixtures/sql/groups.vigil:39' AS "location",
  (COALESCE(vigil_k0, '(missing)')) AS "record",
  vigil_k0 AS "party",
  'notify' AS "action",
  vigil_k0 AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('max(rings) ' || (CASE WHEN (vigil_a0) = FLOOR(vigil_a0) AND abs(vigil_a0) < 1e15 THEN CAST(CAST(vigil_a0 AS BIGINT) AS VARCHAR) ELSE CAST(vigil_a0 AS VARCHAR) END)) WHEN 1 THEN ('min(rings where channel == "phone") ' || (CASE WHEN (vigil_a1) = FLOOR(vigil_a1) AND abs(vigil_a1) < 1e15 THEN CAST(CAST(vigil_a1 AS BIGINT) AS VARCHAR) ELSE CAST(vigil_a1 AS VARCHAR) END)) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '> 3' WHEN 1 THEN '< 1' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(vigil_records AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk",
  0 AS vigil_finding,
  CAST(NULL AS BIGINT) AS vigil_length,
  CAST(0 AS BIGINT) AS vigil_at,
  CAST(NULL AS BIGINT) AS vigil_ycn,
  CAST(NULL AS BIGINT) AS vigil_ycm,
  CAST(NULL AS BIGINT) AS vigil_yck,
  CAST(NULL AS BIGINT) AS vigil_yhk
FROM (SELECT vigil_judged.*, CASE WHEN (TRUE) AND ((vigil_a0 > CAST('3.0' AS DOUBLE))) IS TRUE THEN 0 WHEN ((TRUE) AND ((vigil_a0 > CAST('3.0' AS DOUBLE))) IS NOT TRUE) AND ((vigil_a1 < CAST('1.0' AS DOUBLE))) IS TRUE THEN 1 END AS vigil_evidence FROM vigil_groups6 AS vigil_judged
WHERE (vigil_records >= 1 AND (((vigil_a0 > CAST('3.0' AS DOUBLE)) OR (vigil_a1 < CAST('1.0' AS DOUBLE))))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 19 AS vigil_policy,
  vigil_rank AS vigil_row,
  'months_east_of_utc' AS "policy",
  'Tests/VigilTests/Fixtures/sql/groups.vigil:43' AS "location",
  SUBSTR((strftime(make_timestamp(CAST(CAST(vigil_window AS BIGINT) * 86400000 AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S') || (CASE WHEN ((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR), LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 'Z'), 1, 7) AS "record",
  CAST(NULL AS VARCHAR) AS "party",
  'flag' AS "action",
  CAST(NULL AS VARCHAR) AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('share(late where channel == "email") ' || ((CASE WHEN ((CAST((CASE WHEN ((vigil_a0) * 10000) < 0 THEN -(CASE WHEN (-((vigil_a0) * 10000)) - FLOOR((-((vigil_a0) * 10000))) >= 0.5 THEN FLOOR((-((vigil_a0) * 10000))) + 1 ELSE FLOOR((-((vigil_a0) * 10000))) END) ELSE (CASE WHEN ((vigil_a0) * 10000) - FLOOR(((vigil_a0) * 10000)) >= 0.5 THEN FLOOR(((vigil_a0) * 10000)) + 1 ELSE FLOOR(((vigil_a0) * 10000)) END) END) AS DOUBLE) / 100)) = FLOOR((CAST((CASE WHEN ((vigil_a0) * 10000) < 0 THEN -(CASE WHEN (-((vigil_a0) * 10000)) - FLOOR((-((vigil_a0) * 10000))) >= 0.5 THEN FLOOR((-((vigil_a0) * 10000))) + 1 ELSE FLOOR((-((vigil_a0) * 10000))) END) ELSE (CASE WHEN ((vigil_a0) * 10000) - FLOOR(((vigil_a0) * 10000)) >= 0.5 THEN FLOOR(((vigil_a0) * 10000)) + 1 ELSE FLOOR(((vigil_a0) * 10000)) END) END) AS DOUBLE) / 100)) AND abs((CAST((CASE WHEN ((vigil_a0) * 10000) < 0 THEN -(CASE WHEN (-((vigil_a0) * 10000)) - FLOOR((-((vigil_a0) * 10000))) >= 0.5 THEN FLOOR((-((vigil_a0) * 10000))) + 1 ELSE FLOOR((-((vigil_a0) * 10000))) END) ELSE (CASE WHEN ((vigil_a0) * 10000) - FLOOR(((vigil_a0) * 10000)) >= 0.5 THEN FLOOR(((vigil_a0) * 10000)) + 1 ELSE FLOOR(((vigil_a0) * 10000)) END) END) AS DOUBLE) / 100)) < 1e15 THEN CAST(CAST((CAST((CASE WHEN ((vigil_a0) * 10000) < 0 THEN -(CASE WHEN (-((vigil_a0) * 10000)) - FLOOR((-((vigil_a0) * 10000))) >= 0.5 THEN FLOOR((-((vigil_a0) * 10000))) + 1 ELSE FLOOR((-((vigil_a0) * 10000))) END) ELSE (CASE WHEN ((vigil_a0) * 10000) - FLOOR(((vigil_a0) * 10000)) >= 0.5 THEN FLOOR(((vigil_a0) * 10000)) + 1 ELSE FLOOR(((vigil_a0) * 10000)) END) END) AS DOUBLE) / 100) AS BIGINT) AS VARCHAR) ELSE CAST((CAST((CASE WHEN ((vigil_a0) * 10000) < 0 THEN -(CASE WHEN (-((vigil_a0) * 10000)) - FLOOR((-((vigil_a0) * 10000))) >= 0.5 THEN FLOOR((-((vigil_a0) * 10000))) + 1 ELSE FLOOR((-((vigil_a0) * 10000))) END) ELSE (CASE WHEN ((vigil_a0) * 10000) - FLOOR(((vigil_a0) * 10000)) >= 0.5 THEN FLOOR(((vigil_a0) * 10000)) + 1 ELSE FLOOR(((vigil_a0) * 10000)) END) END) AS DOUBLE) / 100) AS VARCHAR) END) || '%')) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '< 50%' END AS VARCHAR) AS "threshold",
  SUBSTR((strftime(make_timestamp(CAST(CAST(vigil_window AS BIGINT) * 86400000 AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S') || (CASE WHEN ((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR), LENGTH(CAST(((((CAST(vigil_window AS BIGINT) * 86400000) % 1000) + 1000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 'Z'), 1, 7) AS "window",
  CAST(vigil_records AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk",
  0 AS vigil_finding,
  CAST(NULL AS BIGINT) AS vigil_length,
  CAST(0 AS BIGINT) AS vigil_at,
  CAST(NULL AS BIGINT) AS vigil_ycn,
  CAST(NULL AS BIGINT) AS vigil_ycm,
  CAST(NULL AS BIGINT) AS vigil_yck,
  CAST(NULL AS BIGINT) AS vigil_yhk
FROM (SELECT vigil_judged.*, CASE WHEN (TRUE) AND ((vigil_a0 < CAST('0.5' AS DOUBLE))) IS TRUE THEN 0 END AS vigil_evidence FROM (SELECT vigil_now_g.*, vigil_prev_g.vigil_a0 AS vigil_p0 FROM vigil_groups7 AS vigil_now_g LEFT JOIN vigil_groups7 AS vigil_prev_g ON vigil_prev_g.vigil_window = CAST(CAST(date_trunc('month', DATE '1970-01-01' + CAST((vigil_now_g.vigil_window) - 1 AS INTEGER)) AS DATE) - DATE '1970-01-01' AS BIGINT) AND vigil_prev_g.vigil_records >= 1) AS vigil_judged
WHERE (vigil_records >= 1 AND ((vigil_a0 < CAST('0.5' AS DOUBLE)))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 20 AS vigil_policy,
  vigil_rank AS vigil_row,
  'span_per_team' AS "policy",
  'Tests/VigilTests/Fixtures/sql/groups.vigil:47' AS "location",
  (COALESCE(vigil_k0, '(missing)')) AS "record",
  vigil_k0 AS "party",
  'notify' AS "action",
  vigil_k0 AS "target",
  'medium' AS "severity",
  CAST(CASE vigil_evidence WHEN 0 THEN (vigil_a0 <= vigil_now AND NOT (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now)) END AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('from earliest(created_at) until latest(resolved_at) ' || (CASE WHEN ((CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END)) = 0 THEN '0s' ELSE (CASE WHEN ((CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END)) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs((CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END))) // (3600000)) <> 0 THEN CAST(((abs((CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END))) // (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs((CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END))) // (60000)) % 60) <> 0 OR (((abs((CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END))) // (3600000)) <> 0 AND (abs((CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END)) % 60000) <> 0)) THEN CAST((((abs((CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END))) // (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs((CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END)) % 60000) <> 0 THEN CAST((((abs((CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END)) % 60000)) // (1000)) AS VARCHAR) || (CASE WHEN ((abs((CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END)) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs((CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END)) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs((CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END)) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs((CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END)) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs((CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END)) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '> 200d' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(vigil_records AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk",
  0 AS vigil_finding,
  CAST(CASE vigil_evidence WHEN 0 THEN (CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END) END AS BIGINT) AS vigil_length,
  CAST(0 AS BIGINT) AS vigil_at,
  CAST(NULL AS BIGINT) AS vigil_ycn,
  CAST(NULL AS BIGINT) AS vigil_ycm,
  CAST(NULL AS BIGINT) AS vigil_yck,
  CAST(NULL AS BIGINT) AS vigil_yhk
FROM (SELECT vigil_judged.*, CASE WHEN (TRUE) AND ((CASE WHEN (vigil_a0 IS NULL OR (vigil_a0 <= vigil_now AND (FALSE OR ((vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) AND vigil_a1 < vigil_a0)))) THEN NULL ELSE (CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END) > CAST(17280000000 AS BIGINT) END)) IS TRUE THEN 0 END AS vigil_evidence FROM vigil_groups8 AS vigil_judged
WHERE (vigil_records >= 1 AND ((CASE WHEN (vigil_a0 IS NULL OR (vigil_a0 <= vigil_now AND (FALSE OR ((vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) AND vigil_a1 < vigil_a0)))) THEN NULL ELSE (CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END) > CAST(17280000000 AS BIGINT) END))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 21 AS vigil_policy,
  vigil_rank AS vigil_row,
  'middles_per_channel' AS "policy",
  'Tests/VigilTests/Fixtures/sql/groups.vigil:51' AS "location",
  (COALESCE(vigil_k0, '(missing)')) AS "record",
  vigil_k0 AS "party",
  'notify' AS "action",
  vigil_k0 AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('median(resolved_at - created_at) ' || (CASE WHEN (vigil_a0) = 0 THEN '0s' ELSE (CASE WHEN (vigil_a0) < 0 THEN '-' ELSE '' END) || (CASE WHEN ((abs(vigil_a0)) // (3600000)) <> 0 THEN CAST(((abs(vigil_a0)) // (3600000)) AS VARCHAR) || 'h' ELSE '' END) || (CASE WHEN ((((abs(vigil_a0)) // (60000)) % 60) <> 0 OR (((abs(vigil_a0)) // (3600000)) <> 0 AND (abs(vigil_a0) % 60000) <> 0)) THEN CAST((((abs(vigil_a0)) // (60000)) % 60) AS VARCHAR) || 'm' ELSE '' END) || (CASE WHEN (abs(vigil_a0) % 60000) <> 0 THEN CAST((((abs(vigil_a0) % 60000)) // (1000)) AS VARCHAR) || (CASE WHEN ((abs(vigil_a0) % 60000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((abs(vigil_a0) % 60000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((abs(vigil_a0) % 60000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((abs(vigil_a0) % 60000) % 1000) AS VARCHAR), LENGTH(CAST(((abs(vigil_a0) % 60000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 's' ELSE '' END) END)) WHEN 1 THEN ('p90(rings) ' || (CASE WHEN (vigil_a1) = FLOOR(vigil_a1) AND abs(vigil_a1) < 1e15 THEN CAST(CAST(vigil_a1 AS BIGINT) AS VARCHAR) ELSE CAST(vigil_a1 AS VARCHAR) END)) WHEN 2 THEN ('median(rings) ' || (CASE WHEN (vigil_a2) = FLOOR(vigil_a2) AND abs(vigil_a2) < 1e15 THEN CAST(CAST(vigil_a2 AS BIGINT) AS VARCHAR) ELSE CAST(vigil_a2 AS VARCHAR) END)) WHEN 3 THEN ('percentile(created_at, 25) ' || (strftime(make_timestamp(CAST(vigil_a3 AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S') || (CASE WHEN ((((vigil_a3) % 1000) + 1000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((((vigil_a3) % 1000) + 1000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((((vigil_a3) % 1000) + 1000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((((vigil_a3) % 1000) + 1000) % 1000) AS VARCHAR), LENGTH(CAST(((((vigil_a3) % 1000) + 1000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 'Z')) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '> 3d' WHEN 1 THEN '>= 4' WHEN 2 THEN '> 2' WHEN 3 THEN '< now - 200d' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(vigil_records AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk",
  0 AS vigil_finding,
  CAST(NULL AS BIGINT) AS vigil_length,
  CAST(0 AS BIGINT) AS vigil_at,
  CAST(NULL AS BIGINT) AS vigil_ycn,
  CAST(NULL AS BIGINT) AS vigil_ycm,
  CAST(NULL AS BIGINT) AS vigil_yck,
  CAST(NULL AS BIGINT) AS vigil_yhk
FROM (SELECT vigil_judged.*, CASE WHEN (TRUE) AND ((vigil_a0 > CAST(259200000 AS BIGINT))) IS TRUE THEN 0 WHEN ((TRUE) AND ((vigil_a0 > CAST(259200000 AS BIGINT))) IS NOT TRUE) AND ((vigil_a1 >= CAST('4.0' AS DOUBLE))) IS TRUE THEN 1 WHEN ((TRUE) AND (((vigil_a0 > CAST(259200000 AS BIGINT)) OR (vigil_a1 >= CAST('4.0' AS DOUBLE)))) IS NOT TRUE) AND ((vigil_a2 > CAST('2.0' AS DOUBLE))) IS TRUE THEN 2 WHEN ((TRUE) AND ((((vigil_a0 > CAST(259200000 AS BIGINT)) OR (vigil_a1 >= CAST('4.0' AS DOUBLE))) OR (vigil_a2 > CAST('2.0' AS DOUBLE)))) IS NOT TRUE) AND ((vigil_a3 < (vigil_now - CAST(17280000000 AS BIGINT)))) IS TRUE THEN 3 END AS vigil_evidence FROM vigil_groups9 AS vigil_judged
WHERE (vigil_records >= 1 AND (((((vigil_a0 > CAST(259200000 AS BIGINT)) OR (vigil_a1 >= CAST('4.0' AS DOUBLE))) OR (vigil_a2 > CAST('2.0' AS DOUBLE))) OR (vigil_a3 < (vigil_now - CAST(17280000000 AS BIGINT)))))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 22 AS vigil_policy,
  vigil_rank AS vigil_row,
  'ends_per_owner' AS "policy",
  'Tests/VigilTests/Fixtures/sql/groups.vigil:59' AS "location",
  (COALESCE(vigil_k0, '(missing)')) AS "record",
  vigil_k0 AS "party",
  'notify' AS "action",
  vigil_k0 AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('first(rings) ' || vigil_a1) WHEN 1 THEN ('first(resolved_at) ' || (strftime(make_timestamp(CAST(vigil_a2 AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S') || (CASE WHEN ((((vigil_a2) % 1000) + 1000) % 1000) = 0 THEN '' ELSE '.' || (CASE WHEN LENGTH(CAST(((((vigil_a2) % 1000) + 1000) % 1000) AS VARCHAR)) >= 3 THEN CAST(((((vigil_a2) % 1000) + 1000) % 1000) AS VARCHAR) ELSE SUBSTR('000' || CAST(((((vigil_a2) % 1000) + 1000) % 1000) AS VARCHAR), LENGTH(CAST(((((vigil_a2) % 1000) + 1000) % 1000) AS VARCHAR)) + 1, 3) END) END) || 'Z')) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '> 3' WHEN 1 THEN '> now - 10d' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(vigil_records AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk",
  0 AS vigil_finding,
  CAST(NULL AS BIGINT) AS vigil_length,
  CAST(0 AS BIGINT) AS vigil_at,
  CAST(NULL AS BIGINT) AS vigil_ycn,
  CAST(NULL AS BIGINT) AS vigil_ycm,
  CAST(NULL AS BIGINT) AS vigil_yck,
  CAST(NULL AS BIGINT) AS vigil_yhk
FROM (SELECT vigil_judged.*, CASE WHEN ((TRUE) AND ((vigil_a0 = 'chat')) IS NOT TRUE) AND (((CASE WHEN regexp_full_match(vigil_a1, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(vigil_a1, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(vigil_a1, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) > CAST('3.0' AS DOUBLE))) IS TRUE THEN 0 WHEN ((TRUE) AND (((vigil_a0 = 'chat') OR ((CASE WHEN regexp_full_match(vigil_a1, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(vigil_a1, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(vigil_a1, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) > CAST('3.0' AS DOUBLE)))) IS NOT TRUE) AND ((vigil_a2 > (vigil_now - CAST(864000000 AS BIGINT)))) IS TRUE THEN 1 END AS vigil_evidence FROM vigil_groups10 AS vigil_judged
WHERE (vigil_records >= 1 AND ((((vigil_a0 = 'chat') OR ((CASE WHEN regexp_full_match(vigil_a1, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(vigil_a1, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(vigil_a1, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) > CAST('3.0' AS DOUBLE))) OR (vigil_a2 > (vigil_now - CAST(864000000 AS BIGINT)))))) IS TRUE) AS vigil_fired
UNION ALL
SELECT 23 AS vigil_policy,
  vigil_rank AS vigil_row,
  'exact_sums_per_owner' AS "policy",
  'Tests/VigilTests/Fixtures/sql/groups.vigil:63' AS "location",
  (COALESCE(vigil_k0, '(missing)')) AS "record",
  vigil_k0 AS "party",
  'notify' AS "action",
  vigil_k0 AS "target",
  'medium' AS "severity",
  CAST(NULL AS BOOLEAN) AS "open",
  CAST(CASE vigil_evidence WHEN 0 THEN ('average(amount where channel == "phone") ' || (CASE WHEN (vigil_a1) = FLOOR(vigil_a1) AND abs(vigil_a1) < 1e15 THEN CAST(CAST(vigil_a1 AS BIGINT) AS VARCHAR) ELSE CAST(vigil_a1 AS VARCHAR) END)) WHEN 1 THEN ('sum(amount) ' || (CASE WHEN (vigil_a0) = FLOOR(vigil_a0) AND abs(vigil_a0) < 1e15 THEN CAST(CAST(vigil_a0 AS BIGINT) AS VARCHAR) ELSE CAST(vigil_a0 AS VARCHAR) END)) END AS VARCHAR) AS "measured",
  CAST(CASE vigil_evidence WHEN 0 THEN '> 1000000000' WHEN 1 THEN '< 0.0001' END AS VARCHAR) AS "threshold",
  CAST(NULL AS VARCHAR) AS "window",
  CAST(vigil_records AS BIGINT) AS "sample",
  CAST(NULL AS VARCHAR) AS "escalation",
  CAST(NULL AS VARCHAR) AS "at_risk",
  0 AS vigil_finding,
  CAST(NULL AS BIGINT) AS vigil_length,
  CAST(0 AS BIGINT) AS vigil_at,
  CAST(NULL AS BIGINT) AS vigil_ycn,
  CAST(NULL AS BIGINT) AS vigil_ycm,
  CAST(NULL AS BIGINT) AS vigil_yck,
  CAST(NULL AS BIGINT) AS vigil_yhk
FROM (SELECT vigil_judged.*, CASE WHEN ((TRUE) AND ((((vigil_a0 = CAST('0.6' AS DOUBLE)) OR (vigil_a0 = CAST('1.0' AS DOUBLE))) OR (vigil_a0 = CAST('0.30000000000000004' AS DOUBLE)))) IS NOT TRUE) AND ((vigil_a1 > CAST('1000000000.0' AS DOUBLE))) IS TRUE THEN 0 WHEN ((TRUE) AND (((((vigil_a0 = CAST('0.6' AS DOUBLE)) OR (vigil_a0 = CAST('1.0' AS DOUBLE))) OR (vigil_a0 = CAST('0.30000000000000004' AS DOUBLE))) OR (vigil_a1 > CAST('1000000000.0' AS DOUBLE)))) IS NOT TRUE) AND ((vigil_a0 < CAST('0.0001' AS DOUBLE))) IS TRUE THEN 1 END AS vigil_evidence FROM vigil_groups11 AS vigil_judged
WHERE (vigil_records >= 1 AND ((((((vigil_a0 = CAST('0.6' AS DOUBLE)) OR (vigil_a0 = CAST('1.0' AS DOUBLE))) OR (vigil_a0 = CAST('0.30000000000000004' AS DOUBLE))) OR (vigil_a1 > CAST('1000000000.0' AS DOUBLE))) OR (vigil_a0 < CAST('0.0001' AS DOUBLE))))) IS TRUE) AS vigil_fired),
vigil_scope AS (SELECT 0 AS vigil_policy, CAST(vigil_k0 AS VARCHAR) AS vigil_party, CASE WHEN FALSE THEN 1 ELSE 0 END AS vigil_pending
FROM vigil_groups0 AS vigil_judged WHERE vigil_records >= 3 AND ((vigil_a0 > CAST('0.3' AS DOUBLE))) IS FALSE
UNION ALL
SELECT 1 AS vigil_policy, CAST(CAST(NULL AS VARCHAR) AS VARCHAR) AS vigil_party, CASE WHEN FALSE THEN 1 ELSE 0 END AS vigil_pending
FROM (SELECT vigil_now_g.*, vigil_prev_g.vigil_a0 AS vigil_p0, vigil_prev_g.vigil_a1 AS vigil_p1 FROM vigil_groups1 AS vigil_now_g LEFT JOIN vigil_groups1 AS vigil_prev_g ON vigil_prev_g.vigil_window = CAST(CAST(date_trunc('month', DATE '1970-01-01' + CAST((vigil_now_g.vigil_window) - 1 AS INTEGER)) AS DATE) - DATE '1970-01-01' AS BIGINT) AND vigil_prev_g.vigil_records >= 1) AS vigil_judged WHERE vigil_records >= 1 AND (((vigil_a0 >= CAST('3.0' AS DOUBLE)) AND (vigil_a1 < CAST('40.0' AS DOUBLE)))) IS FALSE
UNION ALL
SELECT 2 AS vigil_policy, CAST(CAST(NULL AS VARCHAR) AS VARCHAR) AS vigil_party, CASE WHEN FALSE THEN 1 ELSE 0 END AS vigil_pending
FROM (SELECT vigil_now_g.*, vigil_prev_g.vigil_a0 AS vigil_p0 FROM vigil_groups2 AS vigil_now_g LEFT JOIN vigil_groups2 AS vigil_prev_g ON vigil_prev_g.vigil_window = ((vigil_now_g.vigil_window) - 7) AND vigil_prev_g.vigil_records >= 2) AS vigil_judged WHERE vigil_records >= 2 AND (((vigil_p0 - vigil_a0) > CAST('0.1' AS DOUBLE))) IS FALSE
UNION ALL
SELECT 3 AS vigil_policy, CAST(vigil_k0 AS VARCHAR) AS vigil_party, CASE WHEN FALSE THEN 1 ELSE 0 END AS vigil_pending
FROM (SELECT vigil_now_g.*, vigil_prev_g.vigil_a0 AS vigil_p0 FROM vigil_groups3 AS vigil_now_g LEFT JOIN vigil_groups3 AS vigil_prev_g ON (vigil_now_g.vigil_k0 IS NOT DISTINCT FROM vigil_prev_g.vigil_k0) AND vigil_prev_g.vigil_window = ((vigil_now_g.vigil_window) - 1) AND vigil_prev_g.vigil_records >= 1) AS vigil_judged WHERE vigil_records >= 1 AND ((vigil_a0 >= CAST('1.0' AS DOUBLE))) IS FALSE
UNION ALL
SELECT 4 AS vigil_policy, CAST(vigil_k0 AS VARCHAR) AS vigil_party, CASE WHEN FALSE THEN 1 ELSE 0 END AS vigil_pending
FROM vigil_groups4 AS vigil_judged WHERE vigil_records >= 1 AND ((((vigil_a0 > CAST(172800000 AS BIGINT)) OR (vigil_a1 >= CAST(2592000000 AS BIGINT))) OR (vigil_a2 < (vigil_now - CAST(25920000000 AS BIGINT))))) IS FALSE
UNION ALL
SELECT 5 AS vigil_policy, CAST(CAST(NULL AS VARCHAR) AS VARCHAR) AS vigil_party, CASE WHEN FALSE THEN 1 ELSE 0 END AS vigil_pending
FROM vigil_groups5 AS vigil_judged WHERE vigil_records >= 1 AND (((vigil_a0 > CAST(864000000 AS BIGINT)) AND (vigil_a1 > (vigil_now - CAST(2592000000 AS BIGINT))))) IS FALSE
UNION ALL
SELECT 6 AS vigil_policy, CAST(vigil_k0 AS VARCHAR) AS vigil_party, CASE WHEN FALSE THEN 1 ELSE 0 END AS vigil_pending
FROM vigil_groups6 AS vigil_judged WHERE vigil_records >= 1 AND (((vigil_a0 > CAST('3.0' AS DOUBLE)) OR (vigil_a1 < CAST('1.0' AS DOUBLE)))) IS FALSE
UNION ALL
SELECT 7 AS vigil_policy, CAST(CAST(NULL AS VARCHAR) AS VARCHAR) AS vigil_party, CASE WHEN FALSE THEN 1 ELSE 0 END AS vigil_pending
FROM (SELECT vigil_now_g.*, vigil_prev_g.vigil_a0 AS vigil_p0 FROM vigil_groups7 AS vigil_now_g LEFT JOIN vigil_groups7 AS vigil_prev_g ON vigil_prev_g.vigil_window = CAST(CAST(date_trunc('month', DATE '1970-01-01' + CAST((vigil_now_g.vigil_window) - 1 AS INTEGER)) AS DATE) - DATE '1970-01-01' AS BIGINT) AND vigil_prev_g.vigil_records >= 1) AS vigil_judged WHERE vigil_records >= 1 AND ((vigil_a0 < CAST('0.5' AS DOUBLE))) IS FALSE
UNION ALL
SELECT 8 AS vigil_policy, CAST(vigil_k0 AS VARCHAR) AS vigil_party, CASE WHEN NOT (COALESCE((vigil_a0 IS NOT NULL AND vigil_a0 <= vigil_now AND NOT FALSE AND (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) AND vigil_a1 < vigil_a0), FALSE)) AND ((CASE WHEN (vigil_a0 IS NULL OR (vigil_a0 <= vigil_now AND (FALSE OR ((vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) AND vigil_a1 < vigil_a0)))) THEN NULL ELSE (vigil_a0 <= vigil_now AND NOT (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now)) END)) IS TRUE AND NOT (COALESCE((vigil_a0 IS NOT NULL AND vigil_a0 <= vigil_now AND NOT FALSE AND (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) AND vigil_a1 < vigil_a0), FALSE)) THEN 1 ELSE 0 END AS vigil_pending
FROM vigil_groups8 AS vigil_judged WHERE vigil_records >= 1 AND ((CASE WHEN (vigil_a0 IS NULL OR (vigil_a0 <= vigil_now AND (FALSE OR ((vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) AND vigil_a1 < vigil_a0)))) THEN NULL ELSE (CASE WHEN vigil_a0 > vigil_now THEN 0 WHEN (vigil_a1 IS NOT NULL AND vigil_a1 <= vigil_now) THEN vigil_a1 - vigil_a0 ELSE vigil_now - vigil_a0 END) > CAST(17280000000 AS BIGINT) END)) IS FALSE
UNION ALL
SELECT 9 AS vigil_policy, CAST(vigil_k0 AS VARCHAR) AS vigil_party, CASE WHEN FALSE THEN 1 ELSE 0 END AS vigil_pending
FROM vigil_groups9 AS vigil_judged WHERE vigil_records >= 1 AND (((((vigil_a0 > CAST(259200000 AS BIGINT)) OR (vigil_a1 >= CAST('4.0' AS DOUBLE))) OR (vigil_a2 > CAST('2.0' AS DOUBLE))) OR (vigil_a3 < (vigil_now - CAST(17280000000 AS BIGINT))))) IS FALSE
UNION ALL
SELECT 10 AS vigil_policy, CAST(vigil_k0 AS VARCHAR) AS vigil_party, CASE WHEN FALSE THEN 1 ELSE 0 END AS vigil_pending
FROM vigil_groups10 AS vigil_judged WHERE vigil_records >= 1 AND ((((vigil_a0 = 'chat') OR ((CASE WHEN regexp_full_match(vigil_a1, '[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*') THEN (CASE WHEN isfinite(TRY_CAST(regexp_replace(vigil_a1, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE)) THEN TRY_CAST(regexp_replace(vigil_a1, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE) END) END) > CAST('3.0' AS DOUBLE))) OR (vigil_a2 > (vigil_now - CAST(864000000 AS BIGINT))))) IS FALSE
UNION ALL
SELECT 11 AS vigil_policy, CAST(vigil_k0 AS VARCHAR) AS vigil_party, CASE WHEN FALSE THEN 1 ELSE 0 END AS vigil_pending
FROM vigil_groups11 AS vigil_judged WHERE vigil_records >= 1 AND ((((((vigil_a0 = CAST('0.6' AS DOUBLE)) OR (vigil_a0 = CAST('1.0' AS DOUBLE))) OR (vigil_a0 = CAST('0.30000000000000004' AS DOUBLE))) OR (vigil_a1 > CAST('1000000000.0' AS DOUBLE))) OR (vigil_a0 < CAST('0.0001' AS DOUBLE)))) IS FALSE),
vigil_facts AS (SELECT CASE WHEN vigil_policy >= 12 THEN vigil_policy - 12 ELSE vigil_policy END AS vigil_p, "party" AS vigil_party, 1 AS vigil_real, CASE WHEN vigil_finding = 0 THEN 1 ELSE 0 END AS vigil_v, CASE WHEN vigil_finding = 0 AND CAST("open" AS BOOLEAN) IS TRUE THEN 1 ELSE 0 END AS vigil_o, CASE WHEN vigil_finding = 0 AND CAST("open" AS BOOLEAN) IS NULL THEN 1 ELSE 0 END AS vigil_u, CASE WHEN vigil_finding = 0 AND "severity" = 'low' THEN 1 ELSE 0 END AS vigil_s0, CASE WHEN vigil_finding = 0 AND "severity" = 'medium' THEN 1 ELSE 0 END AS vigil_s1, CASE WHEN vigil_finding = 0 AND "severity" = 'high' THEN 1 ELSE 0 END AS vigil_s2, CASE WHEN vigil_finding = 0 AND "severity" = 'critical' THEN 1 ELSE 0 END AS vigil_s3, 0 AS vigil_met, 0 AS vigil_pend, CASE WHEN vigil_finding = 1 THEN 1 ELSE 0 END AS vigil_risk, CASE WHEN vigil_finding = 0 AND CAST("open" AS BOOLEAN) IS TRUE THEN 1 ELSE 0 END AS vigil_isopen, vigil_length AS vigil_length, vigil_at AS vigil_at, "policy" AS vigil_op, "record" AS vigil_or, "measured" AS vigil_om, vigil_policy AS vigil_policy, vigil_row AS vigil_row FROM vigil_violations WHERE vigil_finding < 2
UNION ALL SELECT vigil_policy AS vigil_p, vigil_party AS vigil_party, 1 AS vigil_real, 0 AS vigil_v, 0 AS vigil_o, 0 AS vigil_u, 0 AS vigil_s0, 0 AS vigil_s1, 0 AS vigil_s2, 0 AS vigil_s3, 1 - vigil_pending AS vigil_met, vigil_pending AS vigil_pend, 0 AS vigil_risk, 0 AS vigil_isopen, CAST(NULL AS BIGINT) AS vigil_length, CAST(NULL AS BIGINT) AS vigil_at, CAST(NULL AS VARCHAR) AS vigil_op, CAST(NULL AS VARCHAR) AS vigil_or, CAST(NULL AS VARCHAR) AS vigil_om, CAST(NULL AS BIGINT) AS vigil_policy, CAST(NULL AS BIGINT) AS vigil_row FROM vigil_scope
UNION ALL SELECT vigil_p AS vigil_p, CAST(NULL AS VARCHAR) AS vigil_party, 0 AS vigil_real, 0 AS vigil_v, 0 AS vigil_o, 0 AS vigil_u, 0 AS vigil_s0, 0 AS vigil_s1, 0 AS vigil_s2, 0 AS vigil_s3, 0 AS vigil_met, 0 AS vigil_pend, 0 AS vigil_risk, 0 AS vigil_isopen, CAST(NULL AS BIGINT) AS vigil_length, CAST(NULL AS BIGINT) AS vigil_at, CAST(NULL AS VARCHAR) AS vigil_op, CAST(NULL AS VARCHAR) AS vigil_or, CAST(NULL AS VARCHAR) AS vigil_om, CAST(NULL AS BIGINT) AS vigil_policy, CAST(NULL AS BIGINT) AS vigil_row FROM (SELECT 0 AS vigil_p UNION ALL SELECT 1 AS vigil_p UNION ALL SELECT 2 AS vigil_p UNION ALL SELECT 3 AS vigil_p UNION ALL SELECT 4 AS vigil_p UNION ALL SELECT 5 AS vigil_p UNION ALL SELECT 6 AS vigil_p UNION ALL SELECT 7 AS vigil_p UNION ALL SELECT 8 AS vigil_p UNION ALL SELECT 9 AS vigil_p UNION ALL SELECT 10 AS vigil_p UNION ALL SELECT 11 AS vigil_p) AS vigil_policies),
vigil_ranked AS (SELECT vigil_facts.*, row_number() OVER (PARTITION BY vigil_party ORDER BY vigil_isopen DESC, vigil_length DESC NULLS LAST, vigil_at, vigil_op, vigil_policy, vigil_row) AS vigil_n FROM vigil_facts),
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
  CAST(CASE WHEN vigil_gx = 1 THEN CASE vigil_p WHEN 0 THEN 'late_share_per_team' WHEN 1 THEN 'monthly_counts' WHEN 2 THEN 'falling_weekly' WHEN 3 THEN 'daily_per_owner' WHEN 4 THEN 'durations_per_channel' WHEN 5 THEN 'sums_per_team_and_channel' WHEN 6 THEN 'rings_per_channel' WHEN 7 THEN 'months_east_of_utc' WHEN 8 THEN 'span_per_team' WHEN 9 THEN 'middles_per_channel' WHEN 10 THEN 'ends_per_owner' WHEN 11 THEN 'exact_sums_per_owner' END ELSE COALESCE(vigil_party, '(none)') END AS VARCHAR) AS "name",
  CAST(NULL AS VARCHAR) AS "team",
  CAST(CASE WHEN vigil_gx = 0 AND vigil_gp = 0 THEN CASE vigil_p WHEN 0 THEN 'late_share_per_team' WHEN 1 THEN 'monthly_counts' WHEN 2 THEN 'falling_weekly' WHEN 3 THEN 'daily_per_owner' WHEN 4 THEN 'durations_per_channel' WHEN 5 THEN 'sums_per_team_and_channel' WHEN 6 THEN 'rings_per_channel' WHEN 7 THEN 'months_east_of_utc' WHEN 8 THEN 'span_per_team' WHEN 9 THEN 'middles_per_channel' WHEN 10 THEN 'ends_per_owner' WHEN 11 THEN 'exact_sums_per_owner' END END AS VARCHAR) AS "policy",
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
  CASE WHEN (vigil_met + vigil_v) = 0 THEN NULL ELSE CAST(vigil_met AS DOUBLE) / CAST((vigil_met + vigil_v) AS DOUBLE) END AS "compliance",
  (vigil_met + vigil_v) AS "compliance_of",
  CAST(CASE WHEN vigil_gx = 0 AND vigil_gp = 1 THEN vigil_op END AS VARCHAR) AS "oldest_open_policy",
  CAST(CASE WHEN vigil_gx = 0 AND vigil_gp = 1 THEN vigil_or END AS VARCHAR) AS "oldest_open_record",
  CAST(CASE WHEN vigil_gx = 0 AND vigil_gp = 1 THEN vigil_om END AS VARCHAR) AS "oldest_open_measured",
  CAST(NULL AS VARCHAR) AS "value"
FROM vigil_rows WHERE vigil_gx = 1 OR vigil_real > 0) AS vigil_report
ORDER BY vigil_section, vigil_k0, vigil_k1 DESC, vigil_kb DESC, vigil_k2, vigil_k3, vigil_k4
