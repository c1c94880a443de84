#!/usr/bin/env python3
"""Independent cross-check of examples/helpdesk_holders.vigil, without Vigil: groups the real
help desk event log by case with Python's csv module and, for each late case (resolved more
than 30 days after its first event, or still open that long at now), splits the time from its
first event to its first "Resolve ticket" by the resource holding the case (Grammar.md, "Who
held the clock": events in time order, those at the same instant in input order; the holder
from an event on is its Resource; of several events at one instant, the last one's holds).
For the policy whose clock pauses, the time the case's latest activity was a Wait is left
out. Prints per policy its late cases, then per resource: the late cases they held, the time
they held them (ms), the breaches reached while they held them (the stretch that counted the
first millisecond past 30 days), their handoffs before the breach with the budget left then
(ms, summed), and their handoffs after it.

Run from the package root:  python3 examples/holders_crosscheck.py
Its output is kept in examples/expected/holders_crosscheck.txt, which the tests compare with
Vigil's accountability report (CSV rows holder_*).
"""
import csv
from collections import defaultdict
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

LOG = "examples/data/helpdesk_eventlog_italy/helpdesk.csv"
NOW = int(datetime(2014, 1, 4, tzinfo=timezone.utc).timestamp() * 1000)
LIMIT = 30 * 24 * 3600 * 1000
ROME = ZoneInfo("Europe/Rome")


def read():
    cases = defaultdict(list)
    with open(LOG, newline="", encoding="utf-8") as file:
        for order, row in enumerate(csv.DictReader(file)):
            local = datetime.strptime(row["Complete Timestamp"], "%Y/%m/%d %H:%M:%S")
            at = int(local.replace(tzinfo=ROME).timestamp() * 1000)
            if at <= NOW:
                cases[row["Case ID"]].append((at, order, row["Activity"], row["Resource"]))
    return {case: sorted(events) for case, events in cases.items()}


def pauses(events):
    """The spans during which the case's latest activity was a Wait."""
    found = []
    for index, (at, _, activity, _) in enumerate(events):
        if activity == "Wait":
            until = events[index + 1][0] if index + 1 < len(events) else 2**62
            found.append((at, until))
    return found


def counted(low, high, paused):
    total = max(0, high - low)
    for start, end in paused:
        total -= max(0, min(end, high) - max(start, low))
    return total


def stretches(events, start, end):
    """[holder, from, until] runs of [start, end): a holder from each event on."""
    runs = [[None, start]]
    for at, _, _, holder in events:
        if at <= start:
            runs[0][0] = holder
        elif at < end and holder != runs[-1][0]:
            if runs[-1][1] == at:
                runs.pop()
            if holder != runs[-1][0]:
                runs.append([holder, at])
    return [(holder, at, runs[i + 1][1] if i + 1 < len(runs) else end)
            for i, (holder, at) in enumerate(runs)]


def main():
    cases = read()
    for policy, pausing in [("late_resolution", False),
                            ("late_resolution_longest_holder", False),
                            ("late_resolution_not_waiting", True)]:
        late = 0
        tally = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
        for events in cases.values():
            start = events[0][0]
            resolved = [at for at, _, activity, _ in events if activity == "Resolve ticket"]
            end = min(resolved) if resolved else NOW
            paused = pauses(events) if pausing else []
            runs = stretches(events, start, end)
            times = [counted(low, high, paused) for _, low, high in runs]
            if sum(times) <= LIMIT:
                continue
            late += 1
            total, breach, left = 0, None, []
            for index, time in enumerate(times):
                left.append(LIMIT - total)
                total += time
                if breach is None and total > LIMIT:
                    breach = index
            seen = set()
            for index, (holder, _, _) in enumerate(runs):
                counts = tally[holder]
                if holder not in seen:
                    seen.add(holder)
                    counts[0] += 1
                counts[1] += times[index]
                counts[2] += index == breach
                if index + 1 < len(runs):
                    if index >= breach:
                        counts[5] += 1
                    else:
                        counts[3] += 1
                        counts[4] += left[index + 1]
        print(f"{policy}: {late} late cases")
        for holder in sorted(tally, key=lambda h: (-tally[h][1], h)):
            c = tally[holder]
            print(f"  {holder}: cases {c[0]}, held_ms {c[1]}, breaches {c[2]}, handed_on {c[3]}, "
                  f"budget_left_ms {c[4]}, handed_on_late {c[5]}")


if __name__ == "__main__":
    main()
