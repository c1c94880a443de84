#!/usr/bin/env python3
"""The event-log benchmark: called by run.sh --events after it has built vigil and installed
DuckDB. Standard library only.

Generates synthetic help desk event logs (one CSV row per status change, rows in time order,
many tickets open at once), audits each with Benchmarks/events.vigil (four policies over
cases, one with a warning) and DuckDB with Benchmarks/events.sql, checks that both found the
same number of cases breaking each policy and at risk, and prints a Markdown table of wall
time and peak memory. The sizes are chosen to show what memory follows: the same rows spread
over more cases, and more rows over the same cases.
"""

import argparse
import os
import random
import shlex
import statistics
import subprocess
import sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench import Failure, log, measure  # noqa: E402

NOW = "2026-03-01T00:00:00Z"
START = datetime(2026, 1, 1, tzinfo=timezone.utc)
SPAN = timedelta(days=59).total_seconds()


def generate(path, cases, per_case, seed, by_case=False):
    """`cases` tickets of `per_case` events on average, opened over two months: the rows in
    time order, or with `by_case` ticket after ticket (each ticket's in time order), written
    as they are made."""
    rng = random.Random(seed)
    rows = []
    handle = open(path, "w", encoding="utf-8") if by_case else None
    if handle:
        handle.write("ticket,status,at\n")
    for number in range(cases):
        ticket = f"T{number:07d}"
        at = START.timestamp() + rng.random() * SPAN
        events = [("new", at)]
        if rng.random() < 0.9:
            at += rng.random() * 48 * 3600
            events.append(("assigned", at))
        if rng.random() < 0.3:
            at += rng.random() * 24 * 3600
            events.append(("pending", at))
        if rng.random() < 0.85:
            at += rng.random() * 8 * 86400
            events.append(("resolved", at))
            if rng.random() < 0.05:
                at += rng.random() * 86400
                events.append(("reopened", at))
        # Updates in between, so the case has about `per_case` events.
        first, last = events[0][1], events[-1][1]
        for _ in range(max(0, per_case - len(events))):
            events.insert(1, ("updated", first + rng.random() * (last - first)))
        events[1:-1] = sorted(events[1:-1], key=lambda e: e[1])
        # Whole seconds, strictly increasing within the case.
        previous = -1
        for status, when in events:
            second = max(int(when), previous + 1)
            previous = second
            rows.append((second, ticket, status))
        if handle:
            write_rows(handle, rows)
            rows = []
    if handle:
        handle.close()
        return None
    rows.sort()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("ticket,status,at\n")
        write_rows(handle, rows)
    return len(rows)


def write_rows(handle, rows):
    for second, ticket, status in rows:
        stamp = datetime.fromtimestamp(second, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        handle.write(f"{ticket},{status},{stamp}\n")


def vigil_counts(vigil, data, out):
    q = shlex.quote
    policies = os.path.join(HERE, "events.vigil")
    command = (
        f"{q(vigil)} audit {q(policies)} --data {q(data)} --now {NOW} --format csv -o {q(out)} "
        f"2> {q(out)}.stderr; [ $? -le 1 ]"
    )
    return command


def read_vigil(out):
    """Per policy: (cases breaking it, cases at risk), from Vigil's CSV report."""
    import csv

    counts = {}
    with open(out, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            breaking, at_risk = counts.get(row["policy"], (0, 0))
            if row["at_risk"]:
                at_risk += 1
            else:
                breaking += 1
            counts[row["policy"]] = (breaking, at_risk)
    return counts


def duckdb_command(duckdb, duckdb_python, data, out, script):
    literal = "'" + data.replace("'", "''") + "'"
    with open(os.path.join(HERE, "events.sql"), encoding="utf-8") as handle:
        sql = handle.read()
    sql = (
        sql.replace("__EVENTS__", f"read_csv({literal}, header=true, all_varchar=true)")
        .replace("__NOW__", NOW.replace("T", " ").replace("Z", "+00"))
        .replace("__COUNTS__", out.replace("'", "''"))
    )
    with open(script, "w", encoding="utf-8") as handle:
        handle.write(sql)
    q = shlex.quote
    if duckdb:
        return f"{q(duckdb)} -init /dev/null -batch :memory: < {q(script)}"
    runner = (
        "import duckdb, sys; c = duckdb.connect(); "
        "[c.execute(s) for s in open(sys.argv[1]).read().split(';\\n') if s.strip()]"
    )
    return f"{q(duckdb_python)} -c {q(runner)} {q(script)}"


def read_duckdb(out):
    counts = {}
    with open(out, encoding="utf-8") as handle:
        for line in handle:
            policy, breaking, at_risk = line.rstrip("\n").split("\t")
            if int(breaking) or int(at_risk):
                counts[policy] = (int(breaking), int(at_risk))
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vigil", required=True)
    parser.add_argument("--duckdb")
    parser.add_argument("--duckdb-python")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--baseline-vigil", default="", help="vigil as it was, run beside this one")
    parser.add_argument("--baseline-label", default="", help="the revision of --baseline-vigil")
    args = parser.parse_args()
    before = args.baseline_vigil
    sizes = [(5000, 10), (5000, 40), (20000, 10)] if args.quick else [
        (50000, 10), (50000, 40), (200000, 10)]
    out_dir = os.path.join(args.data_dir, "events")
    os.makedirs(out_dir, exist_ok=True)
    label = args.baseline_label
    table = [
        "| cases | events | "
        + (f"vigil at {label} s | vigil at {label} MiB | " if before else "")
        + "vigil s | vigil MiB | DuckDB s | DuckDB MiB | DuckDB ÷ vigil | breaking / at risk (all) |",
        "|---:|---:|" + ("---:|---:|" if before else "") + "---:|---:|---:|---:|---:|---|",
    ]
    for cases, per_case in sizes:
        data = os.path.join(out_dir, f"events-{cases}x{per_case}-{args.seed}.csv")
        if not os.path.exists(data):
            log(f"generating {cases} cases of about {per_case} events")
            generate(data + ".tmp", cases, per_case, args.seed)
            os.replace(data + ".tmp", data)
        rows = sum(1 for _ in open(data, encoding="utf-8")) - 1
        vigil_out = os.path.join(out_dir, "vigil.csv")
        duck_out = os.path.join(out_dir, "duckdb.tsv")
        vigil_cmd = vigil_counts(args.vigil, data, vigil_out)
        duck_cmd = duckdb_command(
            args.duckdb, args.duckdb_python, data, duck_out, os.path.join(out_dir, "events.sql"))
        tools = [("vigil", vigil_cmd), ("duckdb", duck_cmd)]
        if before:
            before_out = os.path.join(out_dir, "before.csv")
            tools.insert(0, ("before", vigil_counts(before, data, before_out)))
        runs = {name: [] for name, _ in tools}
        for run in range(args.runs):
            for name, command in tools:
                runs[name].append(measure(command))
            found, expected = read_vigil(vigil_out), read_duckdb(duck_out)
            if found != expected:
                raise Failure(f"{cases}x{per_case}: vigil found {found}, DuckDB {expected}")
            if before and read_vigil(before_out) != found:
                raise Failure(
                    f"{cases}x{per_case}: vigil at {label} found {read_vigil(before_out)}, "
                    f"this vigil {found}")
        summary = ", ".join(f"{p} {b}/{r}" for p, (b, r) in sorted(found.items()))
        cell = lambda name, i: statistics.median(x[i] for x in runs[name])  # noqa: E731
        earlier = (
            f"{cell('before', 0):.2f} | {cell('before', 1) / 1024:.0f} | " if before else "")
        table.append(
            f"| {cases:,} | {rows:,} | {earlier}{cell('vigil', 0):.2f} | "
            f"{cell('vigil', 1) / 1024:.0f} | {cell('duckdb', 0):.2f} | "
            f"{cell('duckdb', 1) / 1024:.0f} | {cell('duckdb', 0) / cell('vigil', 0):.2f} | "
            f"{summary} |")
        log(table[-1])
    print("\n".join(table))


if __name__ == "__main__":
    try:
        main()
    except Failure as failure:
        log(f"events.py: {failure}")
        sys.exit(1)
