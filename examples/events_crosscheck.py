#!/usr/bin/env python3
"""Independent cross-check of examples/helpdesk_events.vigil and examples/itsm_events.vigil,
without Vigil: groups the two real event logs by case with Python's csv module, applies the
same rules (Grammar.md: a state with no end is open until now; exactly the threshold is not a
breach; local times are converted to UTC before subtracting), and prints per policy how many
cases break it and how many of those are still open.

Run from the package root:  python3 examples/events_crosscheck.py
"""
import csv
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

SHARED = "../shared/data/real"


def helpdesk():
    rome = ZoneInfo("Europe/Rome")
    now = datetime(2014, 1, 4, tzinfo=timezone.utc)
    cases = defaultdict(list)
    with open(f"{SHARED}/helpdesk_eventlog_italy/helpdesk.csv", newline="") as f:
        for row in csv.DictReader(f):
            local = datetime.strptime(row["Complete Timestamp"], "%Y/%m/%d %H:%M:%S")
            at = local.replace(tzinfo=rome).astimezone(timezone.utc)
            cases[row["Case ID"]].append((at, row["Activity"]))
    counts = defaultdict(lambda: [0, 0])
    for events in cases.values():
        first = min(at for at, _ in events)
        for policy, activity, limit in [
            ("slow_first_response", "Take in charge ticket", timedelta(hours=24)),
            ("slow_resolution", "Resolve ticket", timedelta(days=30)),
        ]:
            ends = [at for at, name in events if name == activity]
            end, is_open = (min(ends), False) if ends else (now, True)
            if end > now:  # an end stamped after now has not happened yet
                end, is_open = now, True
            if end - first > limit:
                counts[policy][0] += 1
                counts[policy][1] += is_open
        names = [name for _, name in events]
        if "Resolve ticket" in names and "Closed" not in names:
            counts["resolved_but_not_closed"][0] += 1
        # The resolution clock, stopped from each "Wait" to the next activity (by time; equal
        # times keep the file's order, and the last one holds).
        ordered = sorted(enumerate(events), key=lambda item: (item[1][0], item[0]))
        ordered = [event for _, event in ordered]
        ends = [at for at, name in events if name == "Resolve ticket"]
        end, is_open = (min(ends), False) if ends else (now, True)
        if end > now:
            end, is_open = now, True
        paused = timedelta(0)
        for index, (at, name) in enumerate(ordered):
            if name != "Wait":
                continue
            until = ordered[index + 1][0] if index + 1 < len(ordered) else datetime.max.replace(tzinfo=timezone.utc)
            overlap = min(end, until) - max(first, at)
            if overlap > timedelta(0):
                paused += overlap
        if end - first - paused > timedelta(days=30):
            counts["slow_resolution_not_waiting"][0] += 1
            counts["slow_resolution_not_waiting"][1] += is_open
        if ordered[-1][1] == "Wait":
            counts["left_waiting"][0] += 1
    return counts


def itsm():
    def read(text):
        return datetime.strptime(text, "%d-%m-%Y %H:%M").replace(tzinfo=timezone.utc)

    now = datetime(2017, 2, 5, tzinfo=timezone.utc)
    cases = defaultdict(list)
    with open(f"{SHARED}/itsm_incident_eventlog/incident_event_log_first5998.csv", newline="") as f:
        for row in csv.DictReader(f):
            cases[row["number"]].append(row)
    counts = defaultdict(lambda: [0, 0])
    for rows in cases.values():
        opened = min(read(r["opened_at"]) for r in rows)
        resolved = [read(r["sys_updated_at"]) for r in rows if r["incident_state"] == "Resolved"]
        end, is_open = (min(resolved), False) if resolved else (now, True)
        if end > now:  # an end stamped after now has not happened yet
            end, is_open = now, True
        if opened > now:
            pass
        elif end - opened > timedelta(days=5):
            counts["slow_resolution"][0] += 1
            counts["slow_resolution"][1] += is_open
        if max(int(r["reassignment_count"]) for r in rows) > 3:
            counts["reassigned_often"][0] += 1
        if max(int(r["reopen_count"]) for r in rows) > 0:
            counts["reopened"][0] += 1
        if any(r["made_sla"] == "FALSE" for r in rows):
            counts["sla_missed"][0] += 1
    return counts


if __name__ == "__main__":
    for name, counts in [("helpdesk", helpdesk()), ("itsm", itsm())]:
        for policy in sorted(counts):
            breaking, still_open = counts[policy]
            print(f"{name} {policy}: {breaking} ({still_open} open)")
