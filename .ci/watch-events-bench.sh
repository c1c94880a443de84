#!/usr/bin/env bash
# The watch's event-log measurement (issue 20, README "Watching"): a generated log of
# 2,000,000 events over about an hour (400,000 cases of five events) replayed at full speed on
# the event clock; prints the time and the most memory used. Usage:
# .ci/watch-events-bench.sh [CASES] [closing] [WATCH OPTIONS…]  (VIGIL=path/to/vigil; default
# .build/release/vigil, built by `swift build -c release`; FINDINGS=path keeps the findings).
# With `closing`, every case ends
# taken, resolved and closed (open, one of take/wait/note, take, resolve, close), so that
# each has no state open after its last event; else its four activities after `open` are
# drawn at random, and about half the cases are never resolved (their state stays open).
set -euo pipefail
cases=${1:-400000}
closing=${2:-random}
shift $(( $# > 2 ? 2 : $# ))
vigil=${VIGIL:-.build/release/vigil}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/rules.vigil" <<'RULES'
events per case, ordered by at

define opened        = earliest(at)
define first_charge  = earliest(at where activity == "take")
define first_resolve = earliest(at where activity == "resolve")
define closed        = count(activity == "close") > 0

policy slow_first_response:
  from opened until first_charge > 4m → flag
  warn at 3m
policy slow_resolution:
  from opened until first_resolve > 20m → escalate to owner, then "lead" after 10m
  warn at 15m
policy resolved_not_closed:
  count(activity == "resolve") > 0 and not closed → flag
policy left_waiting:
  activity == "wait" → flag
  accountable: resource
RULES

python3 - "$work/log.jsonl" "$cases" "$closing" <<'PY'
import datetime, random, sys
random.seed(7)
start = datetime.datetime(2026, 12, 1, 8, tzinfo=datetime.timezone.utc).timestamp()
events = []
for c in range(int(sys.argv[2])):
    at = start + random.random() * 3000
    owner = random.choice(["kim", "lee"])
    if sys.argv[3] == "closing":
        acts = ["open", random.choice(["take", "wait", "note"]), "take", "resolve", "close"]
    else:
        acts = ["open"] + [random.choice(["take", "wait", "note", "take", "resolve", "close"]) for _ in range(4)]
    for a in acts:
        events.append((at, c, a, owner, random.choice(["ana", "bo", "cy"])))
        at += random.random() * 300
events.sort()
with open(sys.argv[1], "w") as out:
    for at, c, a, owner, res in events:
        ms = int(at * 1000)
        t = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"
        out.write(f'{{"case":"C{c}","activity":"{a}","owner":"{owner}","resource":"{res}","at":"{t}"}}\n')
PY

# Run in the work folder, so that the findings name rules.vigil alike from run to run.
vigil=$(cd "$(dirname "$vigil")" && pwd)/$(basename "$vigil")
(cd "$work" && /usr/bin/time -f "%e s elapsed, %U s user, %M KiB at most" \
  "$vigil" watch rules.vigil --data log.jsonl --clock event --no-follow "$@" > findings.jsonl)
echo "$(wc -l < "$work/log.jsonl") events, $(wc -l < "$work/findings.jsonl") findings"
# FINDINGS=path keeps the findings there (to compare runs).
if [ -n "${FINDINGS:-}" ]; then cp "$work/findings.jsonl" "$FINDINGS"; fi
