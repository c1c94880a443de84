#!/usr/bin/env bash
# The watch's crash test (issue 20): a `vigil watch --state` replay killed with SIGKILL at
# random points (25 times by default), restarted each time, then left to finish. The union
# of all the runs' outputs must be byte for byte one uninterrupted run's: no finding lost,
# none written twice. Usage: .ci/watch-crash.sh [KILLS]  (VIGIL=path/to/vigil to choose the
# program; default .build/debug/vigil, built by `swift build`).
set -euo pipefail
kills=${1:-25}
vigil=${VIGIL:-.build/debug/vigil}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/rules.vigil" <<'RULES'
define unresolved = from created_at until resolved_at
define awaiting_reply = from created_at until first_response_at
policy slow:
  type == "complaint" and unresolved > 48h → escalate to owner
  warn at 40h
policy reply:
  awaiting_reply > 4h → notify team
  warn at 3h
policy open_enquiry:
  type == "enquiry" and unresolved → flag
RULES

# A record export written as records change: 5,000 records, a line per change, in time order.
python3 - "$work/data.jsonl" 5000 <<'PY'
import datetime, json, random, sys
random.seed(20)
n_records = int(sys.argv[2])
start = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)
changes = []
bases = {}
for n in range(n_records):
    created = start + datetime.timedelta(seconds=random.randrange(86400 * 60))
    bases[n] = {"id": f"R{n}", "type": random.choice(["complaint", "enquiry", "call"]),
                "owner": random.choice(["kim", "lee"]), "team": "desk"}
    changes.append((created, n, "created_at"))
    if random.random() < 0.7:
        changes.append((created + datetime.timedelta(minutes=random.randrange(600)), n, "first_response_at"))
    if random.random() < 0.7:
        changes.append((created + datetime.timedelta(minutes=random.randrange(6000)), n, "resolved_at"))
state = {}
with open(sys.argv[1], "w") as out:
    for at, n, key in sorted(changes):
        record = state.setdefault(n, {})
        record[key] = at.strftime("%Y-%m-%dT%H:%M:%SZ")
        out.write(json.dumps({**bases[n], **record}, sort_keys=True) + "\n")
PY

watch=("$vigil" watch "$work/rules.vigil" --data "$work/data.jsonl" --id id --clock event --no-follow)
"${watch[@]}" > "$work/reference.jsonl"

for _ in $(seq "$kills"); do
  "${watch[@]}" --state "$work/state.json" --checkpoint-lines 40 >> "$work/crashed.jsonl" \
    2>> "$work/stderr.txt" &
  pid=$!
  sleep "0.$(( RANDOM % 60 + 10 ))"
  kill -9 "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  [ -n "${WATCH_CRASH_VERBOSE:-}" ] && python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(\"state at line\", s[\"line\"], \"outbox\", len(s[\"outbox\"]))" "$work/state.json" || true
done
"${watch[@]}" --state "$work/state.json" >> "$work/crashed.jsonl" 2>> "$work/stderr.txt"

lines=$(wc -l < "$work/reference.jsonl")
if ! cmp -s "$work/reference.jsonl" "$work/crashed.jsonl"; then
  echo "watch-crash: the killed runs' output differs from one uninterrupted run's:" >&2
  diff "$work/reference.jsonl" "$work/crashed.jsonl" | head -20 >&2
  exit 1
fi
duplicates=$(sort "$work/crashed.jsonl" | uniq -d | wc -l)
if [ "$duplicates" -ne 0 ]; then
  echo "watch-crash: $duplicates findings written twice" >&2
  exit 1
fi
# Policies changed (here, a comment): the state is rebuilt by reading the input again, and
# nothing already written is written again.
echo "# changed" >> "$work/rules.vigil"
"${watch[@]}" --state "$work/state.json" > "$work/rebuilt.jsonl" 2> "$work/rebuilt.txt"
if [ -s "$work/rebuilt.jsonl" ] || ! grep -q "the policies changed since" "$work/rebuilt.txt"; then
  echo "watch-crash: a rebuild after the policies changed wrote findings again, or said nothing" >&2
  head -3 "$work/rebuilt.jsonl" "$work/rebuilt.txt" >&2
  exit 1
fi
echo "watch-crash: $kills kills, $lines findings, the same as one uninterrupted run's, none twice"
