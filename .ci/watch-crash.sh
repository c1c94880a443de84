#!/usr/bin/env bash
# The watch's crash test (issue 20): a `vigil watch --state` replay killed with SIGKILL at
# random points (25 times by default), restarted each time, then left to finish. The union
# of all the runs' outputs must be byte for byte one uninterrupted run's: no finding lost,
# none written twice. Done for a record export, then for an event log (cases built from
# events, some late), each with a sequence policy (`unless followed by`) besides, the event
# log with dishonest pauses (`paused in … unless …`), and the record export with group
# policies (calendar windows, `previous`; one without a window, its ids' parts released) too;
# then a smaller export under group policies whose records' parts move with the clock, its
# findings also delivered to `--exec` (each at least once, again at most once per kill). The
# record export's runs write to a regular file, the other two's to a pipe.
# Usage: .ci/watch-crash.sh [KILLS]  (VIGIL=path/to/vigil to choose the program; default
# .build/debug/vigil, built by `swift build`).
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
policy complaint_called:
  per owner, ordered by created_at
  type == "complaint" → flag
  unless followed by type == "call" within 2h
policy complaints_rising:
  per owner, daily by created_at
  count(type == "complaint") - previous(count(type == "complaint")) > 4 → flag
policy complaint_share:
  per owner
  share(type == "complaint") > 34% → flag
  at least 20 records
RULES

# A record export written as records change: 5,000 records, a line per change, in time order.
cat > "$work/records.py" <<'PY'
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
    if random.random() < 0.2:
        # A note (read by no policy), up to 10 days on: some come after the record was released.
        changes.append((created + datetime.timedelta(minutes=random.randrange(14400)), n, "note"))
state = {}
with open(sys.argv[1], "w") as out:
    for at, n, key in sorted(changes):
        record = state.setdefault(n, {})
        record[key] = at.strftime("%Y-%m-%dT%H:%M:%SZ")
        out.write(json.dumps({**bases[n], **record}, sort_keys=True) + "\n")
PY
python3 "$work/records.py" "$work/data.jsonl" 5000

# Replays with the arguments given, killed with SIGKILL at random points (KILLS of them,
# default $kills) and restarted, and compares the runs' outputs together with one
# uninterrupted run's. With SINK=file, the killed runs also deliver each finding to
# `--exec 'cat >> file'`. With PIPE=1, the killed runs write to a pipe (a FIFO read by `cat`
# appending to the output), where the size of standard output cannot tell a restart what got
# out: the journal of what went out (STATE.written) does.
crash_replay() {
  local name=$1
  shift
  local watch=("$vigil" watch "$@" --no-follow)
  local sink=()
  if [ -n "${SINK:-}" ]; then sink=(--exec "cat >> '$SINK'"); fi
  "${watch[@]}" > "$work/$name-reference.jsonl" 2> "$work/$name-reference-stderr.txt"
  local out="$work/$name-crashed.jsonl" reader=""
  if [ -n "${PIPE:-}" ]; then
    rm -f "$work/fifo"
    mkfifo "$work/fifo"
    out="$work/fifo"
  fi
  for run in $(seq "$((${KILLS:-$kills} + 1))"); do
    if [ -n "${PIPE:-}" ]; then
      cat "$work/fifo" >> "$work/$name-crashed.jsonl" &
      reader=$!
    fi
    if [ "$run" -gt "${KILLS:-$kills}" ]; then
      "${watch[@]}" "${sink[@]}" --state "$work/$name-state.json" >> "$out" 2>> "$work/stderr.txt"
    else
      "${watch[@]}" "${sink[@]}" --state "$work/$name-state.json" --checkpoint-lines 40 \
        >> "$out" 2>> "$work/stderr.txt" &
      pid=$!
      sleep "0.$(( RANDOM % 60 + 10 ))"
      kill -9 "$pid" 2> /dev/null || true
      wait "$pid" 2> /dev/null || true
    fi
    if [ -n "$reader" ]; then wait "$reader"; fi
  done
  if ! cmp -s "$work/$name-reference.jsonl" "$work/$name-crashed.jsonl"; then
    echo "watch-crash ($name): the killed runs' output differs from one uninterrupted run's:" >&2
    diff "$work/$name-reference.jsonl" "$work/$name-crashed.jsonl" | head -20 >&2
    exit 1
  fi
  duplicates=$(sort "$work/$name-crashed.jsonl" | uniq -d | wc -l)
  if [ "$duplicates" -ne 0 ]; then
    echo "watch-crash ($name): $duplicates findings written twice" >&2
    exit 1
  fi
  echo "watch-crash ($name): ${KILLS:-$kills} kills${PIPE:+ (writing to a pipe)}, $(wc -l < "$work/$name-reference.jsonl") findings, the same as one uninterrupted run's, none twice"
}

# Records closed and quiet for 2 days are released (some get a note after that, not judged):
# the released records' digests go through the restarts too.
crash_replay records "$work/rules.vigil" --data "$work/data.jsonl" --id id --clock event \
  --release-after 2d
if ! grep -q "lines of released records not judged" "$work/records-reference-stderr.txt"; then
  echo "watch-crash (records): no line of a released record was met" >&2
  exit 1
fi
if ! grep -q "released by the group policies without a window" "$work/records-reference-stderr.txt"; then
  echo "watch-crash (records): no id's part of a group policy without a window was released" >&2
  exit 1
fi

# An event log (cases built from events; some arrive up to an hour late).
cat > "$work/events.vigil" <<'RULES'
events per case, ordered by at
define opened        = earliest(at)
define first_charge  = earliest(at where activity == "take")
define first_resolve = earliest(at where activity == "resolve")
policy slow_first_response:
  from opened until first_charge > 4h → flag
  warn at 3h
policy slow_resolution:
  from opened until first_resolve > 48h → escalate to owner, then "lead" after 24h
  warn at 40h
policy left_waiting:
  activity == "wait" → flag
  accountable: resource
policy taken_after_wait:
  activity == "wait" → flag
  unless followed by activity == "take" within 6h
define resolution_honestly = from opened until first_resolve
    paused in history(activity) while activity == "wait" unless resource == "bo"
policy slow_resolution_honestly:
  resolution_honestly > 30h → flag
RULES
python3 - "$work/events.jsonl" 3000 <<'PY'
import datetime, random, sys
random.seed(21)
start = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc).timestamp()
events = []
for c in range(int(sys.argv[2])):
    at = start + random.random() * 86400 * 20
    owner = random.choice(["kim", "lee"])
    for activity in ["open"] + [random.choice(["take", "wait", "note", "resolve"]) for _ in range(random.randrange(5))]:
        events.append((at + random.random() * 3600, at, c, activity, owner, random.choice(["ana", "bo"])))
        at += random.random() * 86400
events.sort()
with open(sys.argv[1], "w") as out:
    for _, at, c, activity, owner, resource in events:
        t = datetime.datetime.fromtimestamp(int(at), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.write(f'{{"case":"C{c}","activity":"{activity}","owner":"{owner}","resource":"{resource}","at":"{t}"}}\n')
PY
# Cases quiet for 12 hours are released, and so are the sequence policy's groups (per case;
# some get an event after that, not judged): the released digests go through the restarts.
PIPE=1 crash_replay events "$work/events.vigil" --data "$work/events.jsonl" --clock event --lateness 1h \
  --release-after 12h
if ! grep -q "lines of released groups not judged" "$work/events-reference-stderr.txt"; then
  echo "watch-crash (events): no line of a released sequence group was met" >&2
  exit 1
fi
if ! grep -q '"finding":"dishonest-pause"' "$work/events-reference.jsonl"; then
  echo "watch-crash (events): no dishonest pause was found" >&2
  exit 1
fi

# Group policies whose records' parts move with the clock (a state in their among and
# aggregates): their records kept and judged whole at each instant, those closed and quiet for
# 2 days released (their parts kept in settled sums), through the restarts.
cat > "$work/moving.vigil" <<'RULES'
define awaiting_reply = from created_at until first_response_at
policy waiting_today:
  per owner, daily by created_at
  among awaiting_reply > 2h
  count >= 2 → flag
policy slow_replies:
  per type
  share(awaiting_reply > 4h) > 35% → flag
  at least 10 records
RULES
python3 "$work/records.py" "$work/moving.jsonl" 400
# Through 20 kills (not 25: the deliveries take the time the 5 kills took), each finding is
# also delivered to `--exec`: every one at least once, and again at most once per kill (the
# delivery under way; the journal tells a restart what was delivered after the checkpoint).
SINK="$work/moving-exec.jsonl" KILLS=20 PIPE=1 crash_replay moving "$work/moving.vigil" \
  --data "$work/moving.jsonl" --id id --clock event --release-after 2d
found=$(wc -l < "$work/moving-reference.jsonl")
delivered=$(wc -l < "$work/moving-exec.jsonl")
if ! cmp -s <(sort -u "$work/moving-exec.jsonl") <(sort -u "$work/moving-reference.jsonl") \
  || [ "$delivered" -lt "$found" ] || [ $((delivered - found)) -gt 20 ]; then
  echo "watch-crash (moving): --exec delivered $delivered findings of $found through 20 kills" >&2
  exit 1
fi
echo "watch-crash (moving): --exec delivered every finding, $((delivered - found)) again"
if ! grep -q "parts move with the clock released" "$work/moving-reference-stderr.txt"; then
  echo "watch-crash (moving): no record of the group policies was released" >&2
  exit 1
fi
if [ "$(grep -c '"finding":"violation"' "$work/moving-reference.jsonl")" -lt 50 ]; then
  echo "watch-crash (moving): fewer than 50 violations of the group policies" >&2
  exit 1
fi

# Policies changed (here, a comment): the state is rebuilt by reading the input again, and
# nothing already written is written again.
echo "# changed" >> "$work/rules.vigil"
"$vigil" watch "$work/rules.vigil" --data "$work/data.jsonl" --id id --clock event --no-follow \
  --release-after 2d --state "$work/records-state.json" > "$work/rebuilt.jsonl" 2> "$work/rebuilt.txt"
if [ -s "$work/rebuilt.jsonl" ] || ! grep -q "the policies changed since" "$work/rebuilt.txt"; then
  echo "watch-crash: a rebuild after the policies changed wrote findings again, or said nothing" >&2
  head -3 "$work/rebuilt.jsonl" "$work/rebuilt.txt" >&2
  exit 1
fi
