#!/usr/bin/env python3
"""Independent cross-check of examples/boston311.vigil, without Vigil's code.

Run from the package root:

    python3 examples/boston311_crosscheck.py [--now 2025-05-19T22:27:31Z] [--vigil .build/debug/vigil]

From the CSV alone it finds the export's instant (the latest `open_dt`: a snapshot of open
cases holds no case opened after it was taken), counts the cases past their promised date
(`sla_target_dt`) as of that instant, per policy of boston311.vigil and per department, and
compares them with the city's own `on_time` flag (OVERDUE). With --vigil it also runs
`vigil audit … --format csv` and compares the cases Vigil lists, policy by policy, with its
own. Exit status 1 when anything differs.

The rules, as Grammar.md states them: times are Boston's local times (America/New_York; a
time the spring change skips is moved forward by the gap, a repeated autumn time takes its
first reading); a case is in the city's hands from `open_dt` until `closed_dt`, or until now
when `closed_dt` is empty or after now; it is late when that lasts longer than from
`open_dt` to `sla_target_dt` — exactly at the promised date is on time; a case opened after
now has not begun; a `closed_dt` before `open_dt` is a data error. Times are converted to
UTC before they are compared or subtracted (Python compares two datetimes that share a
tzinfo on the wall clock).
"""
import argparse
import csv
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

DATA = "examples/data/boston311_open_2025/boston311_open_cases_2025.csv"
BOSTON = ZoneInfo("America/New_York")
TYPES = {
    "Sidewalk Repair (Make Safe)": "make_safe_past_target",
    "Street Light Outages": "street_light_past_target",
    "Street Light Knock Downs": "street_light_past_target",
    "Sidewalk Repair": "sidewalk_repair_past_target",
}


def read(text):
    """The instant a local Boston time names, in UTC; None when the cell is empty."""
    if not text:
        return None
    local = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    # zoneinfo reads a skipped time with the offset before the change (fold=0), which is
    # the gap moved forward, as java.time does.
    return local.replace(tzinfo=BOSTON).astimezone(timezone.utc)


def instant(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def verdict(row, now):
    """(late, is_open, data_error) of one case under its past-target policy."""
    received, promised, finished = read(row["open_dt"]), read(row["sla_target_dt"]), read(row["closed_dt"])
    if received is None or promised is None:
        return False, None, False
    allowed = promised - received
    if received > now:
        handled, is_open = timedelta(0), False
    elif finished is None or finished > now:
        handled, is_open = now - received, True
    elif finished < received:
        return False, None, True
    else:
        handled, is_open = finished - received, False
    return handled > allowed, is_open, False


def count(rows, now):
    """Findings per (policy, department): [violations, open, closed, undetermined]; the case
    ids each policy finds; the number of data errors."""
    findings, cases, errors = {}, {}, 0
    for row in rows:
        policy = TYPES.get(row["type"], "other_case_past_target")
        fired, is_open, error = verdict(row, now)
        errors += error
        found = []
        if fired:
            found.append((policy, is_open))
        if not row["sla_target_dt"]:
            found.append(("case_without_target", None))
        if row["case_status"] == "Open" and row["closure_reason"].startswith("Case Closed"):
            found.append(("open_case_with_closing_note", None))
        for policy, is_open in found:
            cases.setdefault(policy, set()).add(row["case_enquiry_id"])
            tally = findings.setdefault((policy, row["department"]), [0, 0, 0, 0])
            tally[0] += 1
            tally[1 if is_open else 2 if is_open is False else 3] += 1
    return findings, cases, errors


def vigil_listing(binary, path, now):
    """The cases `vigil audit` lists, per policy (its CSV report: policy, …, record, …)."""
    command = [binary, "audit", "examples/boston311.vigil", "--data", path,
               "--id", "case_enquiry_id", "--now", now.strftime("%Y-%m-%dT%H:%M:%SZ"), "--format", "csv"]
    output = subprocess.run(command, capture_output=True, text=True).stdout
    listed = {}
    for line in output.splitlines()[1:]:
        fields = line.split(",")
        listed.setdefault(fields[0], set()).add(fields[2])
    return listed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", default=DATA)
    parser.add_argument("--now", help="the audit's instant (default: the export's, found in the data)")
    parser.add_argument("--vigil", help="a vigil binary whose listing to compare")
    arguments = parser.parse_args()
    with open(arguments.path, newline="") as f:
        rows = list(csv.DictReader(f))

    latest = max(rows, key=lambda row: read(row["open_dt"]))["open_dt"]
    ontime = [read(row["sla_target_dt"]) for row in rows if row["on_time"] == "ONTIME"]
    overdue = [read(row["sla_target_dt"]) for row in rows if row["on_time"] == "OVERDUE"]
    now = instant(arguments.now) if arguments.now else read(latest)
    z = "%Y-%m-%dT%H:%M:%SZ"
    print(f"rows: {len(rows)} ({sum(not row['closed_dt'] for row in rows)} without closed_dt)")
    print(f"export instant: latest open_dt {latest} (Boston) = {read(latest).strftime(z)}")
    print(f"the city's flags agree with any instant after {max(overdue).strftime(z)} (latest OVERDUE target) "
          f"and before {min(ontime).strftime(z)} (earliest ONTIME target)")
    print(f"now: {now.strftime(z)}")

    findings, cases, errors = count(rows, now)
    for (policy, department), (n, opened, closed, undetermined) in sorted(findings.items()):
        print(f"{policy} {department}: {n} ({opened} open, {closed} closed, {undetermined} undetermined)")
    print(f"data errors: {errors}")

    past = set().union(*(ids for policy, ids in cases.items() if policy.endswith("_past_target")))
    flagged = {row["case_enquiry_id"] for row in rows if row["on_time"] == "OVERDUE"}
    print(f"past their target: {len(past)}; the city's OVERDUE: {len(flagged)}; in both: {len(past & flagged)}; "
          f"past target but not OVERDUE: {len(past - flagged)}; OVERDUE but not past target: {len(flagged - past)}")
    differs = past != flagged

    if arguments.vigil:
        listed = vigil_listing(arguments.vigil, arguments.path, now)
        for policy in sorted(set(listed) | set(cases)):
            ours, theirs = cases.get(policy, set()), listed.get(policy, set())
            same = "the same cases" if ours == theirs else f"DIFFERENT: {sorted(ours ^ theirs)[:10]}"
            print(f"vigil {policy}: {len(theirs)}, cross-check {len(ours)}: {same}")
            differs = differs or ours != theirs
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())
