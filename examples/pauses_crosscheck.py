#!/usr/bin/env python3
"""Independent cross-check of examples/helpdesk_pauses.vigil, without Vigil: groups the real
help desk event log by case with Python's csv module and measures each case's time from its
first event to its first "Closed" (or to now), paused while its latest activity is a Wait or a
"Resolve ticket" (Grammar.md, "Honest pauses": events in time order, those at the same instant
in input order; a pause is a run of consecutive such events, from the first until the next
other event). By the tool's clock every pause counts as paused; audited, a pause is not honest
from its first "Resolve ticket" on, and that time counts. Prints per policy its late cases
(more than 30 days), then per resource who held the case when a dishonest pause began (the
Resource of the latest event at or before it): the dishonest pauses that counted time in the
measured state, that time (ms), how many were in a late case, and how many had not ended.

Run from the package root:  python3 examples/pauses_crosscheck.py
Its output is kept in examples/expected/pauses_crosscheck.txt, which the tests compare with
Vigil's accountability report (its CSV rows pause_*).
"""
import csv
from collections import defaultdict
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

LOG = "examples/data/helpdesk_eventlog_italy/helpdesk.csv"
NOW = int(datetime(2014, 1, 4, tzinfo=timezone.utc).timestamp() * 1000)
LIMIT = 30 * 24 * 3600 * 1000
ROME = ZoneInfo("Europe/Rome")
PAUSING = {"Wait", "Resolve ticket"}
FOREVER = 2**62


def read():
    cases = defaultdict(list)
    with open(LOG, newline="", encoding="utf-8") as file:
        for order, row in enumerate(csv.DictReader(file)):
            local = datetime.strptime(row["Complete Timestamp"], "%Y/%m/%d %H:%M:%S")
            at = int(local.replace(tzinfo=ROME).timestamp() * 1000)
            if at <= NOW:
                cases[row["Case ID"]].append((at, order, row["Activity"], row["Resource"]))
    return {case: sorted(events) for case, events in cases.items()}


def runs(events):
    """(began, contradicted or None, ended, index of the first event) of each pause."""
    found = []
    index = 0
    while index < len(events):
        if events[index][2] not in PAUSING:
            index += 1
            continue
        first = index
        contradicted = None
        while index < len(events) and events[index][2] in PAUSING:
            if contradicted is None and events[index][2] == "Resolve ticket":
                contradicted = events[index][0]
            index += 1
        ended = events[index][0] if index < len(events) else FOREVER
        found.append((events[first][0], contradicted, ended, first))
    return found


def overlap(low, high, start, end):
    return max(0, min(high, end) - max(low, start))


def holder(events, instant):
    named = None
    for at, _, _, resource in events:
        if at <= instant and resource:
            named = resource
    return named


def main():
    cases = read()
    late_by_tool = 0
    late = 0
    tally = defaultdict(lambda: [0, 0, 0, 0])
    for events in cases.values():
        start = events[0][0]
        closed = [at for at, _, activity, _ in events if activity == "Closed"]
        end = min(closed) if closed else NOW
        pauses = runs(events)
        by_tool = (end - start) - sum(overlap(b, e, start, end) for b, _, e, _ in pauses)
        honest = (end - start) - sum(
            overlap(b, c if c is not None else e, start, end) for b, c, e, _ in pauses)
        late_by_tool += by_tool > LIMIT
        late += honest > LIMIT
        for began, contradicted, ended, _ in pauses:
            if contradicted is None:
                continue
            counted = overlap(contradicted, ended, start, end)
            if counted <= 0:
                continue
            counts = tally[holder(events, began)]
            counts[0] += 1
            counts[1] += counted
            counts[2] += honest > LIMIT
            counts[3] += ended > NOW
    print(f"late_closing_by_the_tool: {late_by_tool} late cases")
    print(f"late_closing: {late} late cases")
    for name in sorted(tally, key=lambda h: (-tally[h][0], -tally[h][1], h)):
        c = tally[name]
        print(f"  {name}: count {c[0]}, not_paused_ms {c[1]}, breached {c[2]}, ongoing {c[3]}")


if __name__ == "__main__":
    main()
