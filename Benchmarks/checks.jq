# The five checks of checks.vigil in jq (1.6 or later), with Vigil's semantics (Grammar.md,
# "States" and "Group policies"): one TSV line per violation, "policy TAB record TAB party"
# (party "" when missing); the four record-level checks as each record is read, then the group
# policy's violations, one per group, after the last record (as Vigil orders them).
#   jq -n -r -f Benchmarks/checks.jq records.jsonl
# (-n: the program reads the records itself with `inputs`, to tally the groups across them.)
# The audit instant is fixed: now = 2026-11-25T00:00:00Z = 1795564800000 ms.
# Times are parsed by hand: jq's fromdateiso8601 takes neither fractions nor offsets.

def now_ms: 1795564800000;

# Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil).
def days_from_civil($y; $m; $d):
  ($y - (if $m <= 2 then 1 else 0 end)) as $y
  | (($y / 400) | floor) as $era
  | ($y - $era * 400) as $yoe
  | (((153 * ($m + (if $m > 2 then -3 else 9 end)) + 2) / 5) | floor) + $d - 1 | . as $doy
  | ($yoe * 365 + (($yoe / 4) | floor) - (($yoe / 100) | floor) + $doy) as $doe
  | $era * 146097 + $doe - 719468;

def days_in_month($y; $m):
  if $m == 2 then (if ($y % 4 == 0 and $y % 100 != 0) or $y % 400 == 0 then 29 else 28 end)
  elif $m == 4 or $m == 6 or $m == 9 or $m == 11 then 30 else 31 end;

# An ISO-8601 time as epoch milliseconds, read as Vigil reads it (TimeParsing.parseISO8601):
# YYYY-MM-DD, then T, t or a space, HH:MM[:SS[.fraction]] (fraction after . or , with any
# number of digits, truncated to the millisecond), then Z, z, ±HH:MM, ±HHMM or ±HH. Gives
# null when missing (null or ""), and "error" when unreadable or without an offset, which
# Vigil reports as a data error (the state is then unknown and never fires).
def digits: length > 0 and (explode | all(. >= 48 and . <= 57));
def ms:
  if . == null or . == "" then null
  elif type != "string" then "error"
  else
    (try (
      . as $t
      | if $t[4:5] != "-" or $t[7:8] != "-" or $t[13:14] != ":"
           or ($t[10:11] | . != "T" and . != "t" and . != " ")
           or ($t[0:4] | digits | not) or ($t[5:7] | digits | not) or ($t[8:10] | digits | not)
           or ($t[11:13] | digits | not) or ($t[14:16] | digits | not)
        then error("not ISO-8601") else . end
      | ($t[0:4] | tonumber) as $y | ($t[5:7] | tonumber) as $mo | ($t[8:10] | tonumber) as $d
      | ($t[11:13] | tonumber) as $h | ($t[14:16] | tonumber) as $mi
      | $t[16:] as $rest
      | (if $rest[0:1] == ":" then
           (if $rest[1:3] | digits then $rest[1:3] | tonumber else error("seconds") end)
         else 0 end) as $s
      | (if $rest[0:1] == ":" then $rest[3:] else $rest end) as $rest
      | ([($rest | index("Z")), ($rest | index("z")), ($rest | index("+")), ($rest | index("-"))]
         | map(select(. != null)) | min) as $i
      | if $i == null then error("no offset") else . end
      | $rest[0:$i] as $frac
      | (if $frac == "" then 0
         elif ($frac[0:1] == "." or $frac[0:1] == ",") and ($frac[1:] | digits)
         then ($frac[1:4] + "00")[0:3] | tonumber
         else error("fraction") end) as $millis
      | $rest[$i:] as $zone
      | (if $zone == "Z" or $zone == "z" then 0
         else
           ($zone[1:] | if length == 5 and .[2:3] == ":" then .[0:2] + .[3:5] else . end) as $z
           | if (($z | length) != 2 and ($z | length) != 4) or ($z | digits | not)
             then error("offset") else . end
           | ($z[0:2] | tonumber) as $oh
           | (if ($z | length) == 4 then $z[2:4] | tonumber else 0 end) as $om
           | if $oh > 23 or $om > 59 then error("offset") else . end
           | ($oh * 60 + $om) * (if $zone[0:1] == "-" then -1 else 1 end)
         end) as $off
      | if $mo < 1 or $mo > 12 or $d < 1 or $d > days_in_month($y; $mo) or $h > 23 or $mi > 59
           or $s > 59
        then error("out of range") else . end
      | (days_from_civil($y; $mo; $d) * 86400 + $h * 3600 + $mi * 60 + $s - $off * 60) * 1000
        + $millis
    ) catch "error")
  end;

# The length in ms of the state `from $a until $b` as of now; null when unknown.
def state_len($a; $b):
  if $a == null or $a == "error" then null
  elif $a > now_ms then 0
  elif $b == "error" then null
  elif $b == null or $b > now_ms then now_ms - $a
  elif $b < $a then null
  else $b - $a end;

# A state's length compared with a threshold: true only when known and strictly longer.
def longer($a; $b; $threshold): state_len($a; $b) as $l | $l != null and $l > $threshold;

# A number as Vigil reads it: numbers as they are, numeric texts as numbers, else null.
def number: if type == "number" then . elif type == "string" then (tonumber? // null) else null end;

def party: if type == "string" then . elif . == null then "" else tostring end;

# The record-level checks of one record: zero or more [policy, record, party].
def record_violations:
  .id as $id
  | (if .type == "complaint" and longer(.created_at | ms; .resolved_at | ms; 48 * 3600000)
     then ["unresolved_complaint", $id, (.owner | party)] else empty end),
    (if (.channel == "email" or .channel == "chat")
        and longer(.created_at | ms; .first_response_at | ms; 3600000)
     then ["slow_first_response", $id, (.team | party)] else empty end),
    (if .type == "call" and ((.rings | number) as $r | $r != null and $r > 3)
     then ["slow_pickup", $id, (.team | party)] else empty end),
    (if .type == "purchase" and longer(.created_at | ms; .follow_up_at | ms; 7 * 24 * 3600000)
     then ["purchase_not_followed_up", $id, (.owner | party)] else empty end);

# The group policy low_scores_per_owner: per owner, among surveys, share(score <= 2) > 20%.
# The tally maps each owner, as JSON text (so a missing owner, "null", is one group apart from
# the empty text "\"\""), to [surveys with a score, of them scored 2 or less]. A survey whose
# score is missing or unreadable (a data error in Vigil) counts in neither, so a group with no
# score at all is never tallied: its share is missing and it never fires.
def tally($r):
  if $r.type == "survey" then
    ($r.score | number) as $s
    | if $s == null then .
      else .[$r.owner | tojson] |= ((. // [0, 0]) | [.[0] + 1, .[1] + (if $s <= 2 then 1 else 0 end)])
      end
  else . end;

# The groups whose share is strictly above 20%, compared exactly (low / known > 1/5), in
# Vigil's order: jq's `sort` puts null (the missing owner) first, then numbers by value, then
# texts by their UTF-8 bytes. The record is the group's name, "(missing)" for the missing
# owner, whose party is missing ("").
def group_violations:
  . as $groups
  | ($groups | keys | map(fromjson) | sort)[]
  | . as $owner
  | $groups[$owner | tojson] as [$known, $low]
  | select(5 * $low > $known)
  | ["low_scores_per_owner", (if $owner == null then "(missing)" else $owner | party end),
     ($owner | party)];

foreach ((inputs | [.]), null) as $item
  ({}; if $item == null then . else tally($item[0]) end;
   if $item == null then group_violations else $item[0] | record_violations end)
| @tsv
