#!/usr/bin/env python3
"""Writes examples/months.jsonl: four months (August to November 2026) of interactions of
three teams, made to exercise the group and sequence policies of rules/trends.vigil and the
accountability report. Deterministic (seeded); run from the package root:

    python3 examples/months_generate.py > examples/months.jsonl
"""
import json
import random
from datetime import datetime, timedelta, timezone

rng = random.Random(2026)
TEAMS = {"phones": ["ana", "bo"], "mail-desk": ["ben", "cy"], "accounts": ["kai"]}
CHANNEL = {"phones": "phone", "mail-desk": "email", "accounts": "web"}
# Share of top marks (score 5) per team and month: phones falls from 90% to 75% in October.
TOP = {"phones": [0.85, 0.90, 0.75, 0.80], "mail-desk": [0.85, 0.85, 0.85, 0.85],
       "accounts": [0.9, 0.9, 0.9, 0.9]}
records = []


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def add(kind, team, owner, customer, created, **fields):
    records.append({"id": f"{kind[0].upper()}-{len(records) + 1:04d}", "type": kind,
                    "channel": CHANNEL[team], "customer": customer, "owner": owner,
                    "team": team, "created_at": stamp(created), **fields})


for month_index, month in enumerate([8, 9, 10, 11]):
    start = datetime(2026, month, 1, tzinfo=timezone.utc)
    for team, owners in TEAMS.items():
        surveys = 20 if team != "accounts" else 4
        tops = round(TOP[team][month_index] * surveys)
        for index in range(surveys):
            created = start + timedelta(days=rng.randrange(0, 20), hours=rng.randrange(8, 18))
            score = 5 if index < tops else rng.choice([1, 2, 3, 4])
            add("survey", team, owners[index % len(owners)],
                {"id": f"C-{rng.randrange(100, 160)}", "tier": "standard"}, created, score=score)
        for index in range(6 if team != "accounts" else 2):
            created = start + timedelta(days=rng.randrange(0, 25), hours=rng.randrange(8, 18))
            hours = rng.choice([2, 3, 5, 30, 50, 80])
            reply = created + timedelta(hours=hours)
            fields = {"first_response_at": stamp(reply)} if reply < datetime(2026, 11, 25, tzinfo=timezone.utc) else {}
            add("enquiry", team, owners[index % len(owners)],
                {"id": f"C-{rng.randrange(100, 160)}", "tier": "standard"}, created, **fields)
# Complaints: one customer complains three times in October; some stay unresolved.
for day, hours in [(3, 20), (9, 60), (21, None)]:
    created = datetime(2026, 10, day, 9, tzinfo=timezone.utc)
    fields = {"resolved_at": stamp(created + timedelta(hours=hours))} if hours else {}
    add("complaint", "phones", "ana", {"id": "C-900", "tier": "standard"}, created, **fields)
for owner, day, hours in [("bo", 12, 30), ("ben", 2, 100), ("cy", 18, None), ("bo", 20, None)]:
    created = datetime(2026, 11, day, 10, tzinfo=timezone.utc)
    fields = {"resolved_at": stamp(created + timedelta(hours=hours))} if hours else {}
    team = "phones" if owner in TEAMS["phones"] else "mail-desk"
    add("complaint", team, owner, {"id": f"C-91{day}", "tier": "standard"}, created, **fields)
# Purchases of key customers: one followed by a call within a week, one late, one never;
# senior contacts: recent for C-800, long ago for C-801, never for C-802.
for customer, bought, call_after in [("C-800", 5, 3), ("C-801", 6, 9), ("C-802", 7, None)]:
    created = datetime(2026, 10, bought, 11, tzinfo=timezone.utc)
    add("purchase", "accounts", "kai", {"id": customer, "tier": "key"}, created)
    if call_after is not None:
        add("call", "accounts", "kai", {"id": customer, "tier": "key"},
            created + timedelta(days=call_after), rings=2)
for customer, when in [("C-800", datetime(2026, 10, 1, tzinfo=timezone.utc)),
                       ("C-801", datetime(2026, 6, 1, tzinfo=timezone.utc))]:
    add("call", "accounts", "olu", {"id": customer, "tier": "key"}, when, rings=1,
        contact_level="senior")
records.sort(key=lambda r: (r["created_at"], r["id"]))
for record in records:
    print(json.dumps(record))
