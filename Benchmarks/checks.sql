-- The five checks of checks.vigil in DuckDB SQL, with Vigil's semantics (Grammar.md, "States"
-- and "Group policies"): four record-level checks, then one group policy.
-- run.sh fills in the placeholders before running it with the DuckDB CLI:
--   __RECORDS__  the records: read_json(...) for JSON Lines or read_csv(...) for CSV, giving
--                the columns id, type, channel, owner, team, created_at, first_response_at,
--                resolved_at, follow_up_at, rings, score, all as VARCHAR (times and numbers
--                are parsed here)
--   __LISTING__  where the violations go: policy, record, party (CSV with a header); for a
--                group violation the record is the group's name (the owner, or '(missing)')
--   __COUNTS__   where the per-policy, per-party counts go: policy TAB party TAB n, no header
-- The audit instant is fixed: now = 2026-11-25T00:00:00Z = 1795564800000 ms.

-- A time as epoch milliseconds, read as Vigil reads ISO-8601 (Grammar.md, "Literals"):
-- YYYY-MM-DD, T (or t or a space), HH:MM[:SS[.fraction]], then Z, ±HH:MM, ±HHMM or ±HH;
-- sub-millisecond digits truncated. NULL when missing (NULL or empty text);
-- -9223372036854775807 when present but unreadable or without an offset, which Vigil
-- reports as a data error and which makes the state unknown (it never fires). The first
-- branch is the common form, cast directly; the second normalises the rarer forms DuckDB's
-- cast does not take (lowercase t/z, a comma before the fraction, no seconds).
CREATE MACRO ms(x) AS
  CASE WHEN x IS NULL OR x = '' THEN NULL
       WHEN regexp_full_match(x, '\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)')
         THEN coalesce(epoch_ms(TRY_CAST(x AS TIMESTAMPTZ)), -9223372036854775807)
       WHEN regexp_full_match(x, '\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(:\d\d([.,]\d+)?)?([Zz]|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)')
         THEN coalesce(epoch_ms(TRY_CAST(regexp_replace(replace(upper(x), ',', '.'),
                                                        '^(.{16})([^:])', '\1:00\2')
                                         AS TIMESTAMPTZ)), -9223372036854775807)
       ELSE -9223372036854775807 END;

-- The length in ms of the state `from a until b` as of now, or NULL when it is unknown:
-- unknown without a readable start; 0 when the start is after now (not begun); measured to
-- now while the end is missing or after now (open); unknown (a data error) when the end is
-- unreadable or before the start; else end - start.
CREATE MACRO state_len(a, b) AS
  CASE WHEN a IS NULL OR a = -9223372036854775807 THEN NULL
       WHEN a > 1795564800000 THEN 0
       WHEN b = -9223372036854775807 THEN NULL
       WHEN b IS NULL OR b > 1795564800000 THEN 1795564800000 - a
       WHEN b < a THEN NULL
       ELSE b - a END;

-- One scan of the records; every condition is NULL-propagating, and WHERE keeps only TRUE,
-- which is Vigil's "unknown never fires".
CREATE TEMP TABLE violations AS
WITH r AS MATERIALIZED (
  SELECT id, type, channel, owner, team,
         TRY_CAST(rings AS DOUBLE) AS rings, TRY_CAST(score AS DOUBLE) AS score,
         ms(created_at) AS created, ms(first_response_at) AS first_response,
         ms(resolved_at) AS resolved, ms(follow_up_at) AS follow_up
  FROM __RECORDS__
)
SELECT 'unresolved_complaint' AS policy, id AS record, owner AS party FROM r
  WHERE type = 'complaint' AND state_len(created, resolved) > 48 * 3600000
UNION ALL
SELECT 'slow_first_response', id, team FROM r
  WHERE channel IN ('email', 'chat') AND state_len(created, first_response) > 3600000
UNION ALL
SELECT 'slow_pickup', id, team FROM r
  WHERE type = 'call' AND rings > 3
UNION ALL
SELECT 'purchase_not_followed_up', id, owner FROM r
  WHERE type = 'purchase' AND state_len(created, follow_up) > 7 * 24 * 3600000
UNION ALL
-- The group policy low_scores_per_owner: per owner, among surveys, share(score <= 2) > 20%.
-- One group per owner; a NULL owner (absent, null, an empty CSV cell) is the one group Vigil
-- calls '(missing)', whose party is missing; an empty JSON text is a group of its own ('').
-- The share counts the surveys with a score (count(score) skips NULL, and an unreadable score
-- is NULL after TRY_CAST, as Vigil leaves a data error out); a group without any has no share
-- and 0 > 0 never fires. "> 20%" is compared exactly, in integers: low / known > 1/5.
SELECT 'low_scores_per_owner', coalesce(owner, '(missing)'), owner FROM r
  WHERE type = 'survey'
  GROUP BY owner
  HAVING 5 * count(*) FILTER (WHERE score <= 2) > count(score);

COPY violations TO '__LISTING__' (FORMAT csv, HEADER true);

COPY (SELECT policy, coalesce(party, '') AS party, count(*) AS n
      FROM violations GROUP BY ALL ORDER BY ALL)
  TO '__COUNTS__' (FORMAT csv, HEADER false, DELIMITER '\t');
