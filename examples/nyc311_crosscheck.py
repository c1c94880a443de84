#!/usr/bin/env python3
"""Independent cross-check of examples/nyc311.vigil, without Vigil.

Run from the package root:  python3 examples/nyc311_crosscheck.py
Counts what each policy should report as of 2026-11-25T00:00:00Z, following Grammar.md:
a state with a missing end is open until now; exactly 48h is not a breach; an end before
its start is a data error; local times are read in America/New_York (an ambiguous autumn
time takes the earlier offset, fold=0). Times are converted to UTC before subtracting:
Python subtracts two datetimes that share a tzinfo on the wall clock, ignoring DST.
"""
import csv
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

PATH = sys.argv[1] if len(sys.argv) > 1 else "examples/data/nyc311_dohmh_2010s/nyc311_dohmh_sample.csv"
NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 25, tzinfo=timezone.utc)


def read(text):
    if not text:
        return None
    local = datetime.strptime(text, "%m/%d/%Y %I:%M:%S %p").replace(tzinfo=NY)
    return local.astimezone(timezone.utc)


over, opened, at_threshold, errors, late, no_note = 0, 0, 0, 0, 0, 0
with open(PATH, newline="") as f:
    for row in csv.DictReader(f):
        created, closed, due = read(row["Created Date"]), read(row["Closed Date"]), read(row["Due Date"])
        if created is not None:
            if created > NOW:
                length, is_open = timedelta(0), False
            elif closed is None or closed > NOW:
                length, is_open = NOW - created, True
            elif closed < created:
                length, is_open = None, False
                errors += 1
            else:
                length, is_open = closed - created, False
            if length == timedelta(hours=48):
                at_threshold += 1
            if length is not None and length > timedelta(hours=48):
                over += 1
                opened += is_open
        if closed is not None and due is not None and closed > due:
            late += 1
        if row["Status"] != "Closed" and not row["Resolution Description"]:
            no_note += 1

print(f"unresolved_over_48h: {over} ({opened} open, {over - opened} closed); "
      f"exactly 48h: {at_threshold}; end before start (data errors): {errors}")
print(f"closed_after_due_date: {late}")
print(f"open_without_resolution_description: {no_note}")
print(f"total: {over + late + no_note}")
