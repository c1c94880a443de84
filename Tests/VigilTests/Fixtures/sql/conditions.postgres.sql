-- text equality: type == "complaint"
-- columns: f0 = type
(f0 = 'complaint')

-- text inequality: channel != "chat"
-- columns: f0 = channel
(f0 <> 'chat')

-- text order: owner < team
-- columns: f0 = owner, f1 = team
((f0) COLLATE "C" < (f1) COLLATE "C")

-- number comparison: rings > 3
-- columns: f0 = rings
((CASE WHEN ((f0) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f0, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f0, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) > CAST('3.0' AS DOUBLE PRECISION))

-- number between: score between 1 and 2
-- columns: f0 = score
(((CASE WHEN ((f0) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f0, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f0, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) >= CAST('1.0' AS DOUBLE PRECISION)) AND ((CASE WHEN ((f0) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f0, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f0, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) <= CAST('2.0' AS DOUBLE PRECISION)))

-- time field with now: created_at < now - 90d
-- columns: f0 = created_at
(t0 < (vigil_now - CAST(7776000000 AS BIGINT)))

-- two time fields: resolved_at > created_at
-- columns: f0 = resolved_at, f1 = created_at
((f0) COLLATE "C" > (f1) COLLATE "C")

-- state longer: from created_at until resolved_at > 48h
-- columns: f0 = created_at, f1 = resolved_at
(CASE WHEN (t0 IS NULL OR (t0 <= vigil_now AND ((COALESCE((f1 IS NOT NULL AND f1 <> '' AND t1 IS NULL), FALSE)) OR ((t1 IS NOT NULL AND t1 <= vigil_now) AND t1 < t0)))) THEN NULL ELSE (CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END) > CAST(172800000 AS BIGINT) END)

-- state at least, threshold left: 4h <= from created_at until first_response_at
-- columns: f0 = created_at, f1 = first_response_at
(CASE WHEN (t0 IS NULL OR (t0 <= vigil_now AND ((COALESCE((f1 IS NOT NULL AND f1 <> '' AND t1 IS NULL), FALSE)) OR ((t1 IS NOT NULL AND t1 <= vigil_now) AND t1 < t0)))) THEN NULL ELSE (CASE WHEN t0 > vigil_now THEN 0 WHEN (t1 IS NOT NULL AND t1 <= vigil_now) THEN t1 - t0 ELSE vigil_now - t0 END) >= CAST(14400000 AS BIGINT) END)

-- bare state: from created_at until resolved_at
-- columns: f0 = created_at, f1 = resolved_at
(CASE WHEN (t0 IS NULL OR (t0 <= vigil_now AND ((COALESCE((f1 IS NOT NULL AND f1 <> '' AND t1 IS NULL), FALSE)) OR ((t1 IS NOT NULL AND t1 <= vigil_now) AND t1 < t0)))) THEN NULL ELSE (t0 <= vigil_now AND NOT (t1 IS NOT NULL AND t1 <= vigil_now)) END)

-- derived duration: resolved_at - created_at > 2d
-- columns: f0 = resolved_at, f1 = created_at
((t0 - t1) > CAST(172800000 AS BIGINT))

-- and, or, not: not (type == "a") and (channel == "b" or rings > 1)
-- columns: f0 = type, f1 = channel, f2 = rings
((NOT (f0 = 'a')) AND ((f1 = 'b') OR ((CASE WHEN ((f2) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f2, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f2, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) > CAST('1.0' AS DOUBLE PRECISION))))

-- in texts: channel in ["email", "web"]
-- columns: f0 = channel
(CASE WHEN f0 IS NULL THEN NULL WHEN (f0 = 'email' OR f0 = 'web') THEN TRUE ELSE FALSE END)

-- not in with null: channel not in ["email", null]
-- columns: f0 = channel
(CASE WHEN f0 IS NULL THEN NULL WHEN (f0 = 'email') THEN FALSE ELSE NULL END)

-- in numbers: rings in [1, "2"]
-- columns: f0 = rings
(CASE WHEN f0 IS NULL THEN NULL WHEN (COALESCE((CASE WHEN ((f0) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f0, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f0, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) = CAST('1.0' AS DOUBLE PRECISION), FALSE) OR f0 = '2') THEN TRUE ELSE FALSE END)

-- contains: note contains "refund"
-- columns: f0 = note
(strpos(f0, 'refund') > 0)

-- matches: note matches "^(?i)re[[:digit:]]+\\.?$"
-- columns: f0 = note
((f0) ~ '(?:^)(?:[Rr])(?:[Ee])(?:(?:[0-9])+)(?:(?:\u002E)?)(?:$)')

-- is missing: owner is missing
-- columns: f0 = owner
((f0 IS NULL))

-- time is present: resolved_at is present
-- columns: f0 = resolved_at
(NOT (f0 IS NULL))

-- coalesce of texts: coalesce(owner, team) == "x"
-- columns: f0 = owner, f1 = team
(COALESCE(f0, f1) = 'x')

-- coalesce of a text and now: coalesce(done_at, now) - created_at > 15m
-- columns: f0 = done_at, f1 = created_at
(((CASE WHEN f0 IS NOT NULL THEN (CASE WHEN ((f0) ~ '^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?))$') THEN (CASE WHEN CAST(SUBSTR(f0, 12, 2) AS BIGINT) <= 23 AND CAST(SUBSTR(f0, 15, 2) AS BIGINT) <= 59 AND CAST(COALESCE(NULLIF((regexp_match(SUBSTR(f0, 17), '^(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$'))[1], ''), '0') AS BIGINT) <= 59 AND CAST(COALESCE(NULLIF((regexp_match(SUBSTR(f0, 17), '^(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$'))[4], ''), '0') AS BIGINT) <= 23 AND CAST(COALESCE(NULLIF((regexp_match(SUBSTR(f0, 17), '^(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$'))[5], ''), '0') AS BIGINT) <= 59 AND CAST(SUBSTR(f0, 6, 2) AS BIGINT) BETWEEN 1 AND 12 AND CAST(SUBSTR(f0, 9, 2) AS BIGINT) >= 1 AND CAST(SUBSTR(f0, 9, 2) AS BIGINT) <= (CASE WHEN CAST(SUBSTR(f0, 6, 2) AS BIGINT) = 2 THEN (CASE WHEN ((CAST(SUBSTR(f0, 1, 4) AS BIGINT)) % 4 = 0 AND ((CAST(SUBSTR(f0, 1, 4) AS BIGINT)) % 100 <> 0 OR (CAST(SUBSTR(f0, 1, 4) AS BIGINT)) % 400 = 0)) THEN 29 ELSE 28 END) WHEN CAST(SUBSTR(f0, 6, 2) AS BIGINT) IN (4, 6, 9, 11) THEN 30 ELSE 31 END) THEN ((((CAST(SUBSTR(f0, 1, 4) AS BIGINT) + 400 - (CASE WHEN CAST(SUBSTR(f0, 6, 2) AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 146097 + (((CAST(SUBSTR(f0, 1, 4) AS BIGINT) + 400 - (CASE WHEN CAST(SUBSTR(f0, 6, 2) AS BIGINT) <= 2 THEN 1 ELSE 0 END)) - (((CAST(SUBSTR(f0, 1, 4) AS BIGINT) + 400 - (CASE WHEN CAST(SUBSTR(f0, 6, 2) AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400) * 365 + ((((CAST(SUBSTR(f0, 1, 4) AS BIGINT) + 400 - (CASE WHEN CAST(SUBSTR(f0, 6, 2) AS BIGINT) <= 2 THEN 1 ELSE 0 END)) - (((CAST(SUBSTR(f0, 1, 4) AS BIGINT) + 400 - (CASE WHEN CAST(SUBSTR(f0, 6, 2) AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400)) / (4)) - ((((CAST(SUBSTR(f0, 1, 4) AS BIGINT) + 400 - (CASE WHEN CAST(SUBSTR(f0, 6, 2) AS BIGINT) <= 2 THEN 1 ELSE 0 END)) - (((CAST(SUBSTR(f0, 1, 4) AS BIGINT) + 400 - (CASE WHEN CAST(SUBSTR(f0, 6, 2) AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400)) / (100)) + (((153 * (CASE WHEN CAST(SUBSTR(f0, 6, 2) AS BIGINT) > 2 THEN CAST(SUBSTR(f0, 6, 2) AS BIGINT) - 3 ELSE CAST(SUBSTR(f0, 6, 2) AS BIGINT) + 9 END) + 2) / (5)) + CAST(SUBSTR(f0, 9, 2) AS BIGINT) - 1)) - 719468 - 146097) * 86400000 + CAST(SUBSTR(f0, 12, 2) AS BIGINT) * 3600000 + CAST(SUBSTR(f0, 15, 2) AS BIGINT) * 60000 + CAST(COALESCE(NULLIF((regexp_match(SUBSTR(f0, 17), '^(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$'))[1], ''), '0') AS BIGINT) * 1000 + CAST(SUBSTR(COALESCE(NULLIF((regexp_match(SUBSTR(f0, 17), '^(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$'))[2], ''), '0') || '00', 1, 3) AS BIGINT) - (CASE WHEN (regexp_match(SUBSTR(f0, 17), '^(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$'))[3] = '-' THEN -1 ELSE 1 END) * (CAST(COALESCE(NULLIF((regexp_match(SUBSTR(f0, 17), '^(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$'))[4], ''), '0') AS BIGINT) * 60 + CAST(COALESCE(NULLIF((regexp_match(SUBSTR(f0, 17), '^(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$'))[5], ''), '0') AS BIGINT)) * 60000 END) END) WHEN vigil_now IS NOT NULL THEN vigil_now END) - t1) > CAST(900000 AS BIGINT))

-- a field as a condition: vip
-- columns: f0 = vip
(CASE LOWER(f0) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END)

-- negation: -rings < -3
-- columns: f0 = rings
((-(CASE WHEN ((f0) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f0, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f0, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END)) < CAST('-3.0' AS DOUBLE PRECISION))

-- division: rings / 2 >= 2
-- columns: f0 = rings
((CASE WHEN CAST('2.0' AS DOUBLE PRECISION) <> 0 THEN (CASE WHEN ((f0) ~ '^(?:[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*)$') THEN (CASE WHEN abs(CAST(regexp_replace(f0, '^[ \t]+|[ \t]+$', '', 'g') AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(regexp_replace(f0, '^[ \t]+|[ \t]+$', '', 'g') AS DOUBLE PRECISION) END) END) / CAST('2.0' AS DOUBLE PRECISION) END) >= CAST('2.0' AS DOUBLE PRECISION))

-- hours(): hours(resolved_at - created_at) > 24
-- columns: f0 = resolved_at, f1 = created_at
((CAST((t0 - t1) AS DOUBLE PRECISION) / 3600000) > CAST('24.0' AS DOUBLE PRECISION))

-- lower(): lower(channel) == "chat"
-- columns: f0 = channel
(LOWER(f0) = 'chat')

-- time() in a fixed zone: time(opened, "dd-MM-yyyy hh:mm a", "UTC") < now
-- columns: f0 = opened
-- d0 = (CASE WHEN f0 <> '' THEN ((SELECT CASE WHEN vigil_ok THEN (CASE WHEN CAST(vigil_p4 AS BIGINT) BETWEEN 1 AND 12 AND CAST(vigil_p5 AS BIGINT) <= 59 AND 0 <= 59 AND CAST(vigil_p2 AS BIGINT) BETWEEN 1 AND 12 AND CAST(vigil_p1 AS BIGINT) >= 1 AND CAST(vigil_p1 AS BIGINT) <= (CASE WHEN CAST(vigil_p2 AS BIGINT) = 2 THEN (CASE WHEN ((CAST(vigil_p3 AS BIGINT)) % 4 = 0 AND ((CAST(vigil_p3 AS BIGINT)) % 100 <> 0 OR (CAST(vigil_p3 AS BIGINT)) % 400 = 0)) THEN 29 ELSE 28 END) WHEN CAST(vigil_p2 AS BIGINT) IN (4, 6, 9, 11) THEN 30 ELSE 31 END) THEN ((((CAST(vigil_p3 AS BIGINT) + 400 - (CASE WHEN CAST(vigil_p2 AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 146097 + (((CAST(vigil_p3 AS BIGINT) + 400 - (CASE WHEN CAST(vigil_p2 AS BIGINT) <= 2 THEN 1 ELSE 0 END)) - (((CAST(vigil_p3 AS BIGINT) + 400 - (CASE WHEN CAST(vigil_p2 AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400) * 365 + ((((CAST(vigil_p3 AS BIGINT) + 400 - (CASE WHEN CAST(vigil_p2 AS BIGINT) <= 2 THEN 1 ELSE 0 END)) - (((CAST(vigil_p3 AS BIGINT) + 400 - (CASE WHEN CAST(vigil_p2 AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400)) / (4)) - ((((CAST(vigil_p3 AS BIGINT) + 400 - (CASE WHEN CAST(vigil_p2 AS BIGINT) <= 2 THEN 1 ELSE 0 END)) - (((CAST(vigil_p3 AS BIGINT) + 400 - (CASE WHEN CAST(vigil_p2 AS BIGINT) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400)) / (100)) + (((153 * (CASE WHEN CAST(vigil_p2 AS BIGINT) > 2 THEN CAST(vigil_p2 AS BIGINT) - 3 ELSE CAST(vigil_p2 AS BIGINT) + 9 END) + 2) / (5)) + CAST(vigil_p1 AS BIGINT) - 1)) - 719468 - 146097) * 86400000 + (CAST(vigil_p4 AS BIGINT) % 12 + (CASE WHEN (LOWER(vigil_p6) = 'pm') THEN 12 ELSE 0 END)) * 3600000 + CAST(vigil_p5 AS BIGINT) * 60000 + 0 * 1000 + 0 END) END FROM (SELECT vigil_m IS NOT NULL AS vigil_ok, COALESCE(NULLIF(vigil_m[1], ''), '0') AS vigil_p1, COALESCE(NULLIF(vigil_m[2], ''), '0') AS vigil_p2, COALESCE(NULLIF(vigil_m[3], ''), '0') AS vigil_p3, COALESCE(NULLIF(vigil_m[4], ''), '0') AS vigil_p4, COALESCE(NULLIF(vigil_m[5], ''), '0') AS vigil_p5, COALESCE(NULLIF(vigil_m[6], ''), '0') AS vigil_p6 FROM (SELECT regexp_match(f0, '^([0-9]{1,2})\-([0-9]{1,2})\-([0-9]{4,4}) ([0-9]{1,2})\:([0-9]{1,2}) ([aApP][mM])$') AS vigil_m OFFSET 0) AS vigil_match OFFSET 0) AS vigil_parts) - 0) END)
(d0 < vigil_now)

-- time() with names: time(opened, "EEE, d MMM yyyy HH:mm:ss.SSS", "Etc/GMT-5") < now
-- columns: f0 = opened
-- d0 = (CASE WHEN f0 <> '' THEN ((SELECT CASE WHEN vigil_ok THEN (CASE WHEN CAST(vigil_p4 AS BIGINT) <= 23 AND CAST(vigil_p5 AS BIGINT) <= 59 AND CAST(vigil_p6 AS BIGINT) <= 59 AND (CASE SUBSTR(LOWER(vigil_p2), 1, 3) WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'mar' THEN 3 WHEN 'apr' THEN 4 WHEN 'may' THEN 5 WHEN 'jun' THEN 6 WHEN 'jul' THEN 7 WHEN 'aug' THEN 8 WHEN 'sep' THEN 9 WHEN 'oct' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12 END) BETWEEN 1 AND 12 AND CAST(vigil_p1 AS BIGINT) >= 1 AND CAST(vigil_p1 AS BIGINT) <= (CASE WHEN (CASE SUBSTR(LOWER(vigil_p2), 1, 3) WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'mar' THEN 3 WHEN 'apr' THEN 4 WHEN 'may' THEN 5 WHEN 'jun' THEN 6 WHEN 'jul' THEN 7 WHEN 'aug' THEN 8 WHEN 'sep' THEN 9 WHEN 'oct' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12 END) = 2 THEN (CASE WHEN ((CAST(vigil_p3 AS BIGINT)) % 4 = 0 AND ((CAST(vigil_p3 AS BIGINT)) % 100 <> 0 OR (CAST(vigil_p3 AS BIGINT)) % 400 = 0)) THEN 29 ELSE 28 END) WHEN (CASE SUBSTR(LOWER(vigil_p2), 1, 3) WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'mar' THEN 3 WHEN 'apr' THEN 4 WHEN 'may' THEN 5 WHEN 'jun' THEN 6 WHEN 'jul' THEN 7 WHEN 'aug' THEN 8 WHEN 'sep' THEN 9 WHEN 'oct' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12 END) IN (4, 6, 9, 11) THEN 30 ELSE 31 END) THEN ((((CAST(vigil_p3 AS BIGINT) + 400 - (CASE WHEN (CASE SUBSTR(LOWER(vigil_p2), 1, 3) WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'mar' THEN 3 WHEN 'apr' THEN 4 WHEN 'may' THEN 5 WHEN 'jun' THEN 6 WHEN 'jul' THEN 7 WHEN 'aug' THEN 8 WHEN 'sep' THEN 9 WHEN 'oct' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12 END) <= 2 THEN 1 ELSE 0 END))) / (400)) * 146097 + (((CAST(vigil_p3 AS BIGINT) + 400 - (CASE WHEN (CASE SUBSTR(LOWER(vigil_p2), 1, 3) WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'mar' THEN 3 WHEN 'apr' THEN 4 WHEN 'may' THEN 5 WHEN 'jun' THEN 6 WHEN 'jul' THEN 7 WHEN 'aug' THEN 8 WHEN 'sep' THEN 9 WHEN 'oct' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12 END) <= 2 THEN 1 ELSE 0 END)) - (((CAST(vigil_p3 AS BIGINT) + 400 - (CASE WHEN (CASE SUBSTR(LOWER(vigil_p2), 1, 3) WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'mar' THEN 3 WHEN 'apr' THEN 4 WHEN 'may' THEN 5 WHEN 'jun' THEN 6 WHEN 'jul' THEN 7 WHEN 'aug' THEN 8 WHEN 'sep' THEN 9 WHEN 'oct' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12 END) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400) * 365 + ((((CAST(vigil_p3 AS BIGINT) + 400 - (CASE WHEN (CASE SUBSTR(LOWER(vigil_p2), 1, 3) WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'mar' THEN 3 WHEN 'apr' THEN 4 WHEN 'may' THEN 5 WHEN 'jun' THEN 6 WHEN 'jul' THEN 7 WHEN 'aug' THEN 8 WHEN 'sep' THEN 9 WHEN 'oct' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12 END) <= 2 THEN 1 ELSE 0 END)) - (((CAST(vigil_p3 AS BIGINT) + 400 - (CASE WHEN (CASE SUBSTR(LOWER(vigil_p2), 1, 3) WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'mar' THEN 3 WHEN 'apr' THEN 4 WHEN 'may' THEN 5 WHEN 'jun' THEN 6 WHEN 'jul' THEN 7 WHEN 'aug' THEN 8 WHEN 'sep' THEN 9 WHEN 'oct' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12 END) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400)) / (4)) - ((((CAST(vigil_p3 AS BIGINT) + 400 - (CASE WHEN (CASE SUBSTR(LOWER(vigil_p2), 1, 3) WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'mar' THEN 3 WHEN 'apr' THEN 4 WHEN 'may' THEN 5 WHEN 'jun' THEN 6 WHEN 'jul' THEN 7 WHEN 'aug' THEN 8 WHEN 'sep' THEN 9 WHEN 'oct' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12 END) <= 2 THEN 1 ELSE 0 END)) - (((CAST(vigil_p3 AS BIGINT) + 400 - (CASE WHEN (CASE SUBSTR(LOWER(vigil_p2), 1, 3) WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'mar' THEN 3 WHEN 'apr' THEN 4 WHEN 'may' THEN 5 WHEN 'jun' THEN 6 WHEN 'jul' THEN 7 WHEN 'aug' THEN 8 WHEN 'sep' THEN 9 WHEN 'oct' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12 END) <= 2 THEN 1 ELSE 0 END))) / (400)) * 400)) / (100)) + (((153 * (CASE WHEN (CASE SUBSTR(LOWER(vigil_p2), 1, 3) WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'mar' THEN 3 WHEN 'apr' THEN 4 WHEN 'may' THEN 5 WHEN 'jun' THEN 6 WHEN 'jul' THEN 7 WHEN 'aug' THEN 8 WHEN 'sep' THEN 9 WHEN 'oct' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12 END) > 2 THEN (CASE SUBSTR(LOWER(vigil_p2), 1, 3) WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'mar' THEN 3 WHEN 'apr' THEN 4 WHEN 'may' THEN 5 WHEN 'jun' THEN 6 WHEN 'jul' THEN 7 WHEN 'aug' THEN 8 WHEN 'sep' THEN 9 WHEN 'oct' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12 END) - 3 ELSE (CASE SUBSTR(LOWER(vigil_p2), 1, 3) WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'mar' THEN 3 WHEN 'apr' THEN 4 WHEN 'may' THEN 5 WHEN 'jun' THEN 6 WHEN 'jul' THEN 7 WHEN 'aug' THEN 8 WHEN 'sep' THEN 9 WHEN 'oct' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12 END) + 9 END) + 2) / (5)) + CAST(vigil_p1 AS BIGINT) - 1)) - 719468 - 146097) * 86400000 + CAST(vigil_p4 AS BIGINT) * 3600000 + CAST(vigil_p5 AS BIGINT) * 60000 + CAST(vigil_p6 AS BIGINT) * 1000 + CAST(SUBSTR(vigil_p7 || '00', 1, 3) AS BIGINT) END) END FROM (SELECT vigil_m IS NOT NULL AS vigil_ok, COALESCE(NULLIF(vigil_m[1], ''), '0') AS vigil_p1, COALESCE(NULLIF(vigil_m[2], ''), '0') AS vigil_p2, COALESCE(NULLIF(vigil_m[3], ''), '0') AS vigil_p3, COALESCE(NULLIF(vigil_m[4], ''), '0') AS vigil_p4, COALESCE(NULLIF(vigil_m[5], ''), '0') AS vigil_p5, COALESCE(NULLIF(vigil_m[6], ''), '0') AS vigil_p6, COALESCE(NULLIF(vigil_m[7], ''), '0') AS vigil_p7 FROM (SELECT regexp_match(f0, '^(?:[mM][oO][nN][dD][aA][yY]|[tT][uU][eE][sS][dD][aA][yY]|[wW][eE][dD][nN][eE][sS][dD][aA][yY]|[tT][hH][uU][rR][sS][dD][aA][yY]|[fF][rR][iI][dD][aA][yY]|[sS][aA][tT][uU][rR][dD][aA][yY]|[sS][uU][nN][dD][aA][yY]|[mM][oO][nN]|[tT][uU][eE]|[wW][eE][dD]|[tT][hH][uU]|[fF][rR][iI]|[sS][aA][tT]|[sS][uU][nN])\, ([0-9]{1,2}) ([jJ][aA][nN]|[fF][eE][bB]|[mM][aA][rR]|[aA][pP][rR]|[mM][aA][yY]|[jJ][uU][nN]|[jJ][uU][lL]|[aA][uU][gG]|[sS][eE][pP]|[oO][cC][tT]|[nN][oO][vV]|[dD][eE][cC]) ([0-9]{4,4}) ([0-9]{1,2})\:([0-9]{1,2})\:([0-9]{1,2})\.([0-9]{1,})$') AS vigil_m OFFSET 0) AS vigil_match OFFSET 0) AS vigil_parts) - 18000000) END)
(d0 < vigil_now)

