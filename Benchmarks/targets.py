#!/usr/bin/env python3
"""Issue 16's record measures, the build before and this one side by side: called by
targets.sh after it has built both and installed DuckDB.

On the same 1M-record files, alternately (before, now, DuckDB, before, now, …), median wall
time of `--runs` runs each and peak resident memory (GNU time):

- JSON Lines, the five checks of checks.vigil, listed to a file, on all cores;
- the same with the four record checks only (the group policy left out);
- the same, one thread (`--jobs 1`; DuckDB `SET threads TO 1`);
- CSV, the five checks;
- `--report accountability` (this build), against the four-check listing.

The ratios between rows of this build (five checks, one thread and the report, each against
the four-check listing on all cores) come from runs paired within their row: the four-check
listing runs in turn with the row's own commands, and the median of each pair's ratio is
printed, so that a host that slows down between rows does not move them.

Vigil writes its listing (`--format csv -o`); DuckDB runs checks.sql (its listing and its
counts; the four-check rows without the group policy). Every listing is checked against the
first run's before any time is printed. Standard library only (and bench.py's helpers).
"""

import argparse
import os
import re
import shlex
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402

FOUR = "four.vigil"


def four_checks(out):
    """checks.vigil and checks.sql without the group policy: the four record checks."""
    with open(bench.POLICIES, encoding="utf-8") as handle:
        text = handle.read()
    cut = text.index("policy low_scores_per_owner:")
    path = os.path.join(out, FOUR)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text[:cut])
    with open(bench.SQL, encoding="utf-8") as handle:
        sql = handle.read()
    sql, found = re.subn(
        r"\nUNION ALL\n-- The group policy.*?> count\(score\);", ";", sql, flags=re.S)
    if found != 1:
        raise bench.Failure("checks.sql: the group policy's query was not found")
    sql_path = os.path.join(out, "four.sql")
    with open(sql_path, "w", encoding="utf-8") as handle:
        handle.write(sql)
    return path, sql_path


def commands(args, tools, data, fmt, row):
    """The row's commands by tool: the listing each writes, and the command."""
    q = shlex.quote
    out = tools.out
    policies, sql = (args.four, args.four_sql) if row["four"] else (bench.POLICIES, bench.SQL)
    jobs = "--jobs 1" if row["one"] else ""
    report = "--report accountability" if row.get("accountability") else "--format csv"
    found = {}
    for name, binary in (("before", args.baseline_vigil), ("now", args.vigil)):
        if not binary or (name == "before" and row.get("accountability")):
            continue
        listing = os.path.join(out, f"t-{row['tag']}-{name}.out")
        found[name] = (
            listing,
            f"{q(binary)} audit {q(policies)} --data {q(data)} --now {bench.NOW} {report} {jobs} "
            f"-o {q(listing)} 2> /dev/null; [ $? -le 1 ]",
        )
    if not row.get("accountability"):
        prefix = "SET threads TO 1;\n" if row["one"] else ""
        cmd, listing, _, _ = tools.duckdb_audit(
            data, fmt, f"t-{row['tag']}", sql_path=sql, prefix=prefix)
        found["duckdb"] = (listing, cmd)
    if row.get("paired"):
        listing = os.path.join(out, f"t-{row['tag']}-paired-four.out")
        found["four"] = (
            listing,
            f"{q(args.vigil)} audit {q(args.four)} --data {q(data)} --now {bench.NOW} "
            f"--format csv -o {q(listing)} 2> /dev/null; [ $? -le 1 ]",
        )
    return found


def run_row(args, tools, data, fmt, row):
    bench.warm(data)
    plan = commands(args, tools, data, fmt, row)
    times = {name: [] for name in plan}
    memory = {name: [] for name in plan}
    first = {}
    for run in range(args.runs + 1):
        for name, (listing, cmd) in plan.items():
            wall, rss = bench.measure(cmd)
            with open(listing, "rb") as handle:
                body = handle.read()
            if name == "duckdb":  # its rows come in any order
                body = b"\n".join(sorted(body.splitlines()))
            if name in first and first[name] != body:
                raise bench.Failure(f"{row['label']}: {name}'s output changed between runs")
            first[name] = body
            if run > 0:  # the first run of each warms it up
                times[name].append(wall)
                memory[name].append(rss)
    figures = {
        name: (statistics.median(times[name]), max(memory[name]) / 1024) for name in plan
    }
    # Whether the two builds wrote the same bytes (a later build may add a column).
    figures["same"] = "before" not in first or first["before"] == first["now"]
    if "four" in plan:
        figures["paired"] = statistics.median(
            now / four for now, four in zip(times["now"], times["four"]))
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vigil", required=True)
    parser.add_argument("--baseline-vigil", default="")
    parser.add_argument("--baseline-label", default="")
    parser.add_argument("--duckdb", default="")
    parser.add_argument("--duckdb-python", default="")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data-dir", default=os.path.join(HERE, ".data"))
    args = parser.parse_args()
    args.jq = ""
    tools = bench.Tools(args)
    args.four, args.four_sql = four_checks(tools.out)
    jsonl = bench.data_file(args, args.records, "jsonl")
    csv_file = bench.data_file(args, args.records, "csv")
    size = bench.size_label(args.records)
    rows = [
        dict(tag="five", label=f"{size} JSON Lines, five checks, listed", four=False, one=False,
             paired=True),
        dict(tag="four", label=f"{size} JSON Lines, four record checks, listed", four=True, one=False),
        dict(tag="four1", label="the same, one thread", four=True, one=True, paired=True),
        dict(tag="csv", label=f"{size} CSV, five checks, listed", four=False, one=False, csv=True),
        dict(tag="acc", label=f"{size} JSON Lines, five checks, --report accountability",
             four=False, one=False, accountability=True, paired=True),
    ]
    print(f"machine: {bench.machine()}")
    print(f"runs: {args.runs} alternating (after one warm-up run each), medians; "
          f"before: {args.baseline_label or '(none)'}\n")
    print("| work | Vigil before | Vigil now | DuckDB | DuckDB ÷ now (÷ before) | memory before → now | DuckDB memory |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    results = {}
    for row in rows:
        data, fmt = (csv_file, "csv") if row.get("csv") else (jsonl, "jsonl")
        found = run_row(args, tools, data, fmt, row)
        results[row["tag"]] = found
        now, now_mem = found["now"]
        before = found.get("before")
        duck = found.get("duckdb")
        ratio = f"**{duck[0] / now:.2f}×**" if duck else "—"
        if duck and before:
            ratio += f" ({duck[0] / before[0]:.2f}×)"
        same = "" if found["same"] else " (its listing differs from the build before's)"
        print(
            f"| {row['label']}{same} | {f'{before[0]:.3f} s' if before else '—'} | {now:.3f} s | "
            f"{f'{duck[0]:.3f} s' if duck else '—'} | {ratio} | "
            f"{f'{before[1]:.0f} → ' if before else ''}{now_mem:.0f} MiB | "
            f"{f'{duck[1]:.0f} MiB' if duck else '—'} |",
            flush=True,
        )
    four, one = results["four"]["now"][0], results["four1"]["now"][0]
    print(f"\n`--jobs 1` → all cores (four checks, now): {one:.3f} → {four:.3f} s, "
          f"**{results['four1']['paired']:.2f}×** (paired runs)", end="")
    if "before" in results["four"]:
        b4, b1 = results["four"]["before"][0], results["four1"]["before"][0]
        print(f" (before: {b1:.3f} → {b4:.3f} s, {b1 / b4:.2f}×)", end="")
    print()
    print(f"five checks ÷ four checks (now, paired runs): ×{results['five']['paired']:.2f}; "
          f"--report accountability ÷ four-check listing (paired runs): "
          f"×{results['acc']['paired']:.2f}")


if __name__ == "__main__":
    try:
        main()
    except bench.Failure as failure:
        print(f"targets.py: {failure}", file=sys.stderr)
        sys.exit(1)
