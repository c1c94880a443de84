#!/usr/bin/env python3
"""Independent cross-check of examples/helpdesk_events.vigil and examples/itsm_events.vigil,
without Vigil: groups the two real event logs by case with Python's csv module, applies the
same rules (Grammar.md: a state with no end is open until now; exactly the threshold is not a
breach; local times are converted to UTC before subtracting; an event stamped after now has
not happened yet; a case at risk is open, past its warning and not past its threshold), and
prints per log, date and policy how many cases break it, how many of those are still open,
and how many are at risk.

Run from the package root:  python3 examples/events_crosscheck.py
Its output is kept in examples/expected/events_crosscheck.txt, which the tests compare with
Vigil's own results.
"""
import csv
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

SHARED = "examples/data"
NEVER = datetime.max.replace(tzinfo=timezone.utc)


def state(start, ends, now):
    """A state from `start` until the earliest of `ends`: its length and whether it is open.
    An end after now has not happened yet; a state begun after now has no length yet."""
    end, is_open = (min(ends), False) if ends else (now, True)
    if end > now:
        end, is_open = now, True
    return max(end - start, timedelta(0)), is_open


def judge(counts, policy, length, is_open, limit, warning=None):
    if length > limit:
        counts[policy][0] += 1
        counts[policy][1] += is_open
    elif warning is not None and is_open and length > warning:
        counts[policy][2] += 1


def helpdesk(now):
    rome = ZoneInfo("Europe/Rome")
    cases = defaultdict(list)
    with open(f"{SHARED}/helpdesk_eventlog_italy/helpdesk.csv", newline="") as f:
        for row in csv.DictReader(f):
            local = datetime.strptime(row["Complete Timestamp"], "%Y/%m/%d %H:%M:%S")
            at = local.replace(tzinfo=rome).astimezone(timezone.utc)
            if at <= now:
                cases[row["Case ID"]].append((at, row["Activity"], row["Resource"]))
    counts = defaultdict(lambda: [0, 0, 0])
    for events in cases.values():
        first = min(at for at, _, _ in events)
        charged = [at for at, name, _ in events if name == "Take in charge ticket"]
        resolved = [at for at, name, _ in events if name == "Resolve ticket"]
        judge(counts, "slow_first_response", *state(first, charged, now), timedelta(hours=24))
        judge(
            counts, "slow_resolution", *state(first, resolved, now), timedelta(days=30),
            warning=timedelta(days=25))
        names = [name for _, name, _ in events]
        if "Resolve ticket" in names and "Closed" not in names:
            counts["resolved_but_not_closed"][0] += 1
        # The resolution clock, stopped from each "Wait" to the next activity (by time; equal
        # times keep the file's order, and the last one holds).
        ordered = sorted(enumerate(events), key=lambda item: (item[1][0], item[0]))
        ordered = [event for _, event in ordered]
        length, is_open = state(first, resolved, now)
        end = first + length
        paused = timedelta(0)
        for index, (at, name, _) in enumerate(ordered):
            if name != "Wait":
                continue
            until = ordered[index + 1][0] if index + 1 < len(ordered) else NEVER
            overlap = min(end, until) - max(first, at)
            if overlap > timedelta(0):
                paused += overlap
        judge(counts, "slow_resolution_not_waiting", length - paused, is_open, timedelta(days=30))
        if ordered[-1][1] == "Wait":
            counts["left_waiting"][0] += 1
    return counts


def itsm(now):
    def read(text):
        return datetime.strptime(text, "%d-%m-%Y %H:%M").replace(tzinfo=timezone.utc)

    cases = defaultdict(list)
    with open(f"{SHARED}/itsm_incident_eventlog/incident_event_log_first5998.csv", newline="") as f:
        for row in csv.DictReader(f):
            if read(row["sys_updated_at"]) <= now:
                cases[row["number"]].append(row)
    counts = defaultdict(lambda: [0, 0, 0])
    for rows in cases.values():
        opened = min(read(r["opened_at"]) for r in rows)
        resolved = [read(r["sys_updated_at"]) for r in rows if r["incident_state"] == "Resolved"]
        judge(
            counts, "slow_resolution", *state(opened, resolved, now), timedelta(days=5),
            warning=timedelta(days=4))
        if max(int(r["reassignment_count"]) for r in rows) > 3:
            counts["reassigned_often"][0] += 1
        if max(int(r["reopen_count"]) for r in rows) > 0:
            counts["reopened"][0] += 1
        if any(r["made_sla"] == "FALSE" for r in rows):
            counts["sla_missed"][0] += 1
        # The latest update (by time; equal times: the later row) says when it was resolved
        # and closed; "?" is missing.
        latest = max(enumerate(rows), key=lambda item: (read(item[1]["sys_updated_at"]), item[0]))[1]
        if latest["resolved_at"] != "?":
            ends = [read(latest["closed_at"])] if latest["closed_at"] != "?" else []
            judge(counts, "slow_closing", *state(read(latest["resolved_at"]), ends, now), timedelta(days=7))
    return counts


RUNS = [
    ("helpdesk", helpdesk, "2014-01-04T00:00:00Z"),
    ("helpdesk", helpdesk, "2013-03-01T00:00:00Z"),
    ("itsm", itsm, "2017-02-05T00:00:00Z"),
    ("itsm", itsm, "2016-03-05T12:00:00Z"),
]

if __name__ == "__main__":
    for name, audit, now in RUNS:
        counts = audit(datetime.fromisoformat(now.replace("Z", "+00:00")))
        for policy in sorted(counts):
            breaking, still_open, at_risk = counts[policy]
            print(f"{name} {now} {policy}: {breaking} ({still_open} open, {at_risk} at risk)")
