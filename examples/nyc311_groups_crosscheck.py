#!/usr/bin/env python3
"""Independent cross-check of examples/nyc311_groups.vigil, without Vigil's logic.

Run from the package root:  python3 examples/nyc311_groups_crosscheck.py [CSV] [VIGIL]
Recomputes the three group policies as of 2026-11-25T00:00:00Z, then runs the Vigil binary
and compares, per policy, the (Borough, month) groups reported and their sample sizes (and
the measured share / median difference). Exits 1 on any difference.
Groups are (Borough, calendar month of `created` in New York); a record without `created`
is in no group. Local times are read in America/New_York (an ambiguous autumn time takes
the earlier offset, fold=0; a spring-gap time moves forward by the gap, as zoneinfo does
with fold=0) and converted to UTC before subtracting: Python subtracts two datetimes that
share a tzinfo on the wall clock, ignoring DST. Latitudes are summed exactly (Fraction).
"""
import csv
import json
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from zoneinfo import ZoneInfo

PATH = sys.argv[1] if len(sys.argv) > 1 else "examples/data/nyc311_dohmh_2010s/nyc311_dohmh_sample.csv"
VIGIL = sys.argv[2] if len(sys.argv) > 2 else ".build/release/vigil"
NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 25, tzinfo=timezone.utc)
MS = timedelta(milliseconds=1)
MINIMUM = 10


def read(text):
    if not text:
        return None
    local = datetime.strptime(text, "%m/%d/%Y %I:%M:%S %p").replace(tzinfo=NY)
    return local.astimezone(timezone.utc)


def number(text):
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return Fraction(value) if text.strip() and value.is_finite() else None


def median(values):
    if not values:
        return None
    values, half = sorted(values), len(values) // 2
    if len(values) % 2:
        return values[half]
    low, high = values[half - 1], values[half]
    return low + (high - low) // 2


groups = {}  # (borough, "YYYY-MM") -> counters
with open(PATH, newline="") as f:
    for row in csv.DictReader(f):
        created, closed = read(row["Created Date"]), read(row["Closed Date"])
        if created is None:
            continue
        key = (row["Borough"], created.astimezone(NY).strftime("%Y-%m"))
        g = groups.setdefault(key, {"n": 0, "slow": 0, "known": 0, "diffs": [], "lats": []})
        g["n"] += 1
        if created > NOW:
            length = timedelta(0)
        elif closed is None or closed > NOW:
            length = NOW - created
        elif closed < created:
            length = None  # data error: slow is unknown
        else:
            length = closed - created
        if length is not None:
            g["known"] += 1
            g["slow"] += length > timedelta(hours=48)
        if closed is not None:
            g["diffs"].append((closed - created) // MS)
        lat = number(row["Latitude"])
        if lat is not None:
            g["lats"].append(lat)


def previous(key):
    year, month = map(int, key[1].split("-"))
    year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    g = groups.get((key[0], f"{year:04d}-{month:02d}"))
    return g if g is not None and g["n"] >= MINIMUM else None


def average(g):
    return sum(g["lats"]) / len(g["lats"]) if g and g["lats"] else None


mine = {"borough_slow_share": {}, "borough_slower_than_last_month": {}, "borough_centre_moved": {}}
for key, g in groups.items():
    if g["n"] < MINIMUM:
        continue
    if g["known"] and Fraction(g["slow"], g["known"]) > Fraction(60, 100):
        mine["borough_slow_share"][key] = (g["n"], round(100 * g["slow"] / g["known"], 2))
    prev = previous(key)
    now_m, prev_m = median(g["diffs"]), median(prev["diffs"]) if prev else None
    if now_m is not None and prev_m is not None and now_m - prev_m > 7 * 86_400_000:
        mine["borough_slower_than_last_month"][key] = (g["n"], now_m - prev_m)
    now_a, prev_a = average(g), average(prev)
    if now_a is not None and prev_a is not None and now_a - prev_a > Fraction(5, 100):
        mine["borough_centre_moved"][key] = (g["n"], float(now_a - prev_a))


def measured_value(policy, text):
    """The number at the end of Vigil's `measured`: a percentage, a duration in ms, or a number."""
    tail = text.rsplit(" ", 1)[-1]
    if policy == "borough_slow_share":
        return float(tail.rstrip("%"))
    if policy == "borough_slower_than_last_month":
        sign = -1 if tail.startswith("-") else 1
        units = {"d": 86_400_000, "h": 3_600_000, "m": 60_000, "s": 1000, "ms": 1}
        parts = re.findall(r"([\d.]+)(ms|d|h|m|s)", tail)
        return sign * round(sum(Decimal(v) * units[u] for v, u in parts))
    return float(tail)


run = subprocess.run(
    [VIGIL, "audit", "examples/nyc311_groups.vigil", "--data", PATH, "--id", "Unique Key",
     "--now", "2026-11-25T00:00:00Z", "--format", "json"], capture_output=True, text=True)
vigil = {policy: {} for policy in mine}
for line in run.stdout.splitlines():
    v = json.loads(line)
    key = (v["party"] if v["party"] is not None else "", v["window"])
    vigil.setdefault(v["policy"], {})[key] = (v["sample"], measured_value(v["policy"], v["measured"]))

differences = []
print(f"{'policy':34} {'vigil':>6} {'mine':>6} {'both':>6}")
for policy in sorted(set(mine) | set(vigil)):
    ours, theirs = mine.get(policy, {}), vigil[policy]
    print(f"{policy:34} {len(theirs):6} {len(ours):6} {len(set(ours) & set(theirs)):6}")
    for key in sorted(set(ours) | set(theirs)):
        a, b = theirs.get(key), ours.get(key)
        if a is None or b is None:
            differences.append(f"{policy} {key[0] or '(empty)'} {key[1]}: "
                               f"{'only Vigil' if b is None else 'only mine'} (vigil {a}, mine {b})")
        elif a[0] != b[0] or abs(a[1] - b[1]) > (0.005 if isinstance(b[1], float) else 0):
            differences.append(f"{policy} {key[0]} {key[1]}: vigil (sample, measured) {a}, mine {b}")
print(run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "(no summary from vigil)")
print(f"groups: {len(groups)}, with >= {MINIMUM} records: {sum(g['n'] >= MINIMUM for g in groups.values())}")
if differences:
    print("DIFFERENCES:\n  " + "\n  ".join(differences))
    sys.exit(1)
print("OK")
