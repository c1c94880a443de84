#!/usr/bin/env python3
"""Makes examples/helpdesk_tickets.jsonl, a ticket export whose every record carries its own
list of changes, from the real help desk event log (examples/data/helpdesk_eventlog_italy):
no export of examples/data has such a list, so this one is folded from the log. The first
600 cases of the log (in the order their first row appears) each become one record:

    {"id": "Case 1", "opened_at": …, "resolved_at": …,
     "history": [{"at": …, "activity": …, "resource": …}, …]}

`history` holds the case's rows in the log's order (not sorted: Vigil puts a record's changes
in time order itself, those at one instant in listed order, as it takes an event log's rows);
`at` is the row's `Complete Timestamp`, a local time in Rome, written as an instant in UTC
(a time the clocks read twice is its first reading; none of these 600 cases has one);
`opened_at` is the case's first time and `resolved_at` its first "Resolve ticket", if any.
Nothing is random: run it again and the file is the same.

Run from the package root:  python3 examples/helpdesk_tickets_generate.py
"""
import csv
import json
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

LOG = "examples/data/helpdesk_eventlog_italy/helpdesk.csv"
OUT = "examples/helpdesk_tickets.jsonl"
CASES = 600
ROME = ZoneInfo("Europe/Rome")


def instant(text):
    local = datetime.strptime(text, "%Y/%m/%d %H:%M:%S").replace(tzinfo=ROME)
    return local.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    cases = {}
    with open(LOG, newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            case = row["Case ID"]
            if case not in cases:
                if len(cases) == CASES:
                    continue
                cases[case] = []
            cases[case].append(
                {
                    "at": instant(row["Complete Timestamp"]),
                    "activity": row["Activity"],
                    "resource": row["Resource"],
                }
            )
    with open(OUT, "w", encoding="utf-8", newline="\n") as out:
        for case, changes in cases.items():
            record = {"id": case, "opened_at": min(change["at"] for change in changes)}
            resolved = [c["at"] for c in changes if c["activity"] == "Resolve ticket"]
            if resolved:
                record["resolved_at"] = min(resolved)
            record["history"] = changes
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
