#!/usr/bin/env python3
"""Independent cross-check of examples/helpdesk_cycles.vigil, without Vigil: groups the real
help desk event log by case with Python's csv module, cuts each case into cycles by the rule of
Grammar.md ("Every cycle": events in time order, those at the same instant in input order; an
event that ends cycles ends the running one; another that begins them begins one when none
runs; the last cycle may be open until now), measures each cycle (less the time the case
waited, for the policy whose clock pauses) and prints, per policy, the cases ever breached,
those breached in their last cycle, and the breaches of each cycle.

Run from the package root:  python3 examples/cycles_crosscheck.py
Its output is kept in examples/expected/cycles_crosscheck.txt, which the tests compare with
Vigil's accountability report.
"""
import csv
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

LOG = "examples/data/helpdesk_eventlog_italy/helpdesk.csv"
NOW = datetime(2014, 1, 4, tzinfo=timezone.utc)
LIMIT = timedelta(days=30)
WORK = {"Assign seriousness", "Insert ticket", "Take in charge ticket", "Wait",
        "Require upgrade", "Create SW anomaly", "Resolve SW anomaly", "Schedule intervention"}
ROME = ZoneInfo("Europe/Rome")


def read():
    cases = defaultdict(list)
    with open(LOG, newline="", encoding="utf-8") as file:
        for order, row in enumerate(csv.DictReader(file)):
            local = datetime.strptime(row["Complete Timestamp"], "%Y/%m/%d %H:%M:%S")
            at = local.replace(tzinfo=ROME).astimezone(timezone.utc)
            if at <= NOW:
                cases[row["Case ID"]].append((at, order, row["Activity"]))
    return {case: sorted(events) for case, events in cases.items()}


def cycles(events):
    found, running = [], False
    for at, _, activity in events:
        if activity == "Resolve ticket":
            if running:
                found[-1][1] = at
            running = False
        elif activity in WORK and not running:
            found.append([at, None])
            running = True
    return found


def waited(events, start, end):
    """The time within [start, end) the case's latest activity was a Wait."""
    total = timedelta(0)
    for index, (at, _, activity) in enumerate(events):
        if activity != "Wait":
            continue
        until = events[index + 1][0] if index + 1 < len(events) else NOW
        low, high = max(at, start), min(until, end)
        if high > low:
            total += high - low
    return total


def main():
    cases = read()
    policies = [("slow_resolution_every_cycle", "every", False),
                ("slow_resolution_last_cycle", "last", False),
                ("slow_resolution_first_cycle", "first", False),
                ("slow_resolution_every_cycle_not_waiting", "every", True)]
    for policy, judges, pauses in policies:
        ever, last, by_cycle = 0, 0, defaultdict(int)
        for events in cases.values():
            found = cycles(events)
            if not found:
                continue
            chosen = {"every": range(len(found)), "first": range(min(1, len(found))),
                      "last": range(len(found) - 1, len(found))}[judges]
            breached = False
            for index in chosen:
                start, end = found[index]
                end = NOW if end is None else end
                length = end - start - (waited(events, start, end) if pauses else timedelta(0))
                if length > LIMIT:
                    by_cycle[index + 1] += 1
                    last += index == len(found) - 1
                    ever += not breached
                    breached = True
        cells = ", ".join(f"cycle {n}: {by_cycle[n]}" for n in sorted(by_cycle))
        print(f"{policy} ({judges}): ever breached {ever}, breached in last cycle {last}, {cells}")


if __name__ == "__main__":
    main()
