#!/usr/bin/env python3
"""Runs the benchmark: called by run.sh after it has built vigil and installed the peers.

Every tool reads the same file and writes (a) the listing of violations (policy, record,
party) to a file and (b) the per-policy, per-party counts to a file; its wall time is taken
with time.perf_counter() around `/usr/bin/time -f "%e %M"`, which gives the peak resident
memory (max RSS of the process tree). The counts are compared across tools, run by run, and
the listings as sets; any difference stops the benchmark before a ratio is printed.
Standard library only.
"""

import argparse
import csv
import hashlib
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate  # noqa: E402

NOW = "2026-11-25T00:00:00Z"
POLICIES = os.path.join(HERE, "checks.vigil")
SQL = os.path.join(HERE, "checks.sql")
JQ = os.path.join(HERE, "checks.jq")
EDGE = os.path.join(HERE, "edge_cases.jsonl")
# The group policies of checks.vigil (one violation per group, after the record violations).
GROUP_POLICIES = ("low_scores_per_owner",)

# Per-party counts from Vigil's CSV report (header skipped; a leading ' that Vigil adds to
# cells starting with = + - @ removed) and from jq's TSV listing.
AWK_VIGIL = (
    "awk -F, 'NR > 1 { p = $4; if (p ~ /^\\x27[=+@-]/) p = substr(p, 2); n[$1 \"\\t\" p]++ } "
    "END { for (k in n) print k \"\\t\" n[k] }'"
)
AWK_JQ = "awk -F'\\t' '{ n[$1 \"\\t\" $3]++ } END { for (k in n) print k \"\\t\" n[k] }'"


class Failure(Exception):
    pass


def log(message):
    print(message, file=sys.stderr, flush=True)


def sh(command):
    return subprocess.run(command, shell=True, capture_output=True, text=True)


# --- tools ---------------------------------------------------------------------------------


class Tools:
    def __init__(self, args):
        self.vigil = args.vigil
        self.before = args.baseline_vigil
        self.duckdb = args.duckdb
        self.duckdb_python = args.duckdb_python
        self.jq = args.jq
        self.out = os.path.join(args.data_dir, "out")
        os.makedirs(self.out, exist_ok=True)

    def vigil_audit(self, data, tag, extra="", counts=True, binary=None):
        listing = os.path.join(self.out, f"{tag}.vigil.csv")
        count_file = os.path.join(self.out, f"{tag}.vigil.counts")
        stderr = os.path.join(self.out, f"{tag}.vigil.stderr")
        q = shlex.quote
        cmd = (
            f"{q(binary or self.vigil)} audit {q(POLICIES)} --data {q(data)} --now {NOW} --format csv "
            f"{extra} -o {q(listing)} 2> {q(stderr)}; rc=$?; "
            f"[ $rc -le 1 ] || {{ tail -n 20 {q(stderr)} >&2; exit $rc; }}"
        )
        if counts:
            cmd += f"; {AWK_VIGIL} {q(listing)} > {q(count_file)}"
        return cmd, listing, count_file, stderr

    def duckdb_audit(self, data, fmt, tag, sql_path=SQL, prefix=""):
        """The DuckDB run of `sql_path` (checks.sql by default) over `data`, with `prefix`
        (statements such as `SET threads TO 1;`) before it."""
        listing = os.path.join(self.out, f"{tag}.duckdb.csv")
        count_file = os.path.join(self.out, f"{tag}.duckdb.counts")
        literal = "'" + data.replace("'", "''") + "'"
        if fmt == "jsonl":
            records = (
                f"read_json({literal}, format='newline_delimited', columns={{id: 'VARCHAR', "
                "type: 'VARCHAR', channel: 'VARCHAR', owner: 'VARCHAR', team: 'VARCHAR', "
                "created_at: 'VARCHAR', first_response_at: 'VARCHAR', resolved_at: 'VARCHAR', "
                "follow_up_at: 'VARCHAR', rings: 'VARCHAR', score: 'VARCHAR'})"
            )
        else:
            records = f"read_csv({literal}, header=true, all_varchar=true)"
        with open(sql_path, encoding="utf-8") as handle:
            sql = prefix + handle.read()
        sql = (
            sql.replace("__RECORDS__", records)
            .replace("__LISTING__", listing.replace("'", "''"))
            .replace("__COUNTS__", count_file.replace("'", "''"))
        )
        script = os.path.join(self.out, f"{tag}.duckdb.sql")
        with open(script, "w", encoding="utf-8") as handle:
            handle.write(sql)
        q = shlex.quote
        if self.duckdb:
            cmd = f"{q(self.duckdb)} -init /dev/null -batch :memory: < {q(script)}"
        else:  # the duckdb Python package: run the statements one by one
            runner = (
                "import duckdb, sys; c = duckdb.connect(); "
                "[c.execute(s) for s in open(sys.argv[1]).read().split(';\\n') if s.strip()]"
            )
            cmd = f"{q(self.duckdb_python)} -c {q(runner)} {q(script)}"
        return cmd, listing, count_file, None

    def jq_audit(self, data, tag):
        listing = os.path.join(self.out, f"{tag}.jq.tsv")
        count_file = os.path.join(self.out, f"{tag}.jq.counts")
        q = shlex.quote
        cmd = (
            f"{q(self.jq)} -n -r -f {q(JQ)} {q(data)} > {q(listing)} && "
            f"{AWK_JQ} {q(listing)} > {q(count_file)}"
        )
        return cmd, listing, count_file, None


def measure(command):
    """(wall seconds, peak RSS in KiB) of one run of `command` (a shell command line)."""
    timing = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"vigil-bench-time.{os.getpid()}")
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M", "-o", timing, "sh", "-c", command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - start
    with open(timing, encoding="utf-8") as handle:
        fields = handle.read().split()
    os.remove(timing)
    if done.returncode != 0:
        raise Failure(f"command failed ({done.returncode}): {command}\n{done.stderr[-2000:]}")
    return wall, int(fields[-1])


# --- results ---------------------------------------------------------------------------------


def read_counts(path):
    counts = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if not row:
                continue
            policy, party, n = row
            counts[(policy, party)] = counts.get((policy, party), 0) + int(n)
    return counts


def read_listing(path, kind):
    """The violations as a set of (policy, record, party), and how many rows there were."""
    rows = set()
    total = 0
    with open(path, newline="", encoding="utf-8") as handle:
        if kind == "jq":
            reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        else:
            reader = csv.reader(handle)
            next(reader)
        for row in reader:
            if kind == "vigil":
                policy, record, party = row[0], row[2], row[3]
                if party[:2] in ("'=", "'+", "'-", "'@"):
                    party = party[1:]
                if record[:2] in ("'=", "'+", "'-", "'@"):
                    record = record[1:]
            else:
                policy, record, party = row[0], row[1], row[2]
            rows.add((policy, record, party))
            total += 1
    return rows, total


def per_policy(counts):
    out = {}
    for (policy, _), n in counts.items():
        out[policy] = out.get(policy, 0) + n
    return out


def compare_counts(reference_name, reference, name, counts, context):
    if counts == reference:
        return
    lines = [f"COUNTS DIFFER ({context}): {reference_name} vs {name}"]
    for policy in sorted(set(per_policy(reference)) | set(per_policy(counts))):
        a, b = per_policy(reference).get(policy, 0), per_policy(counts).get(policy, 0)
        lines.append(f"  {policy}: {reference_name} {a}, {name} {b}{'' if a == b else '   <-'}")
    keys = sorted(set(reference) | set(counts))
    shown = 0
    for key in keys:
        if reference.get(key, 0) != counts.get(key, 0) and shown < 20:
            lines.append(
                f"  {key[0]} / party {key[1]!r}: {reference_name} {reference.get(key, 0)}, "
                f"{name} {counts.get(key, 0)}"
            )
            shown += 1
    raise Failure("\n".join(lines))


def compare_listings(reference_name, reference, name, listing, context):
    if listing == reference:
        return
    only_ref = sorted(reference - listing)[:10]
    only_other = sorted(listing - reference)[:10]
    raise Failure(
        f"LISTINGS DIFFER ({context}): {len(reference - listing)} only in {reference_name}, "
        f"{len(listing - reference)} only in {name}\n"
        f"  only in {reference_name}: {only_ref}\n  only in {name}: {only_other}"
    )


def digest(path):
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()[:16]


# --- data ------------------------------------------------------------------------------------


def generator_version():
    """A short hash of generate.py: data made by an older generator is never reused."""
    with open(os.path.join(HERE, "generate.py"), "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:8]


def remove_stale_data(data_dir):
    keep = f"-g{generator_version()}."
    for name in os.listdir(data_dir):
        if name.startswith("records-") and keep not in name:
            os.remove(os.path.join(data_dir, name))


def data_file(args, records, fmt):
    name = f"records-{records}-s{args.seed}-g{generator_version()}.{fmt}"
    path = os.path.join(args.data_dir, name)
    if not os.path.exists(path):
        log(f"generating {records:,} records ({fmt}) -> {path}")
        start = time.perf_counter()
        generate.write_records(records, args.seed, fmt, path, os.cpu_count() or 1)
        log(f"  {os.path.getsize(path) / 1e6:.0f} MB in {time.perf_counter() - start:.1f} s")
    return path


def warm(path):
    """Reads a file once, so every tool finds it in the page cache."""
    with open(path, "rb") as handle:
        while handle.read(1 << 24):
            pass


def size_label(n):
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def fmt_rate(x):
    if x >= 1e6:
        return f"{x / 1e6:.2f} M"
    if x >= 1e3:
        return f"{x / 1e3:.0f} k"
    return f"{x:.0f}"


# --- the benchmark ---------------------------------------------------------------------------


def run_tools(tools, args, data, fmt, records, label, plan):
    """Runs each tool of `plan` (name -> runs) alternately on `data`; verifies; returns rows."""
    warm(data)
    size = os.path.getsize(data)
    results = {name: [] for name in plan}
    reference = None
    reference_listing = None
    for run in range(max(plan.values())):
        for name, runs in plan.items():
            if run >= runs:
                continue
            tag = f"{label}-{name}-{run}"
            if name == "vigil":
                cmd, listing, counts_path, _ = tools.vigil_audit(data, tag)
            elif name == "before":
                cmd, listing, counts_path, _ = tools.vigil_audit(data, tag, binary=tools.before)
            elif name == "duckdb":
                cmd, listing, counts_path, _ = tools.duckdb_audit(data, fmt, tag)
            else:
                cmd, listing, counts_path, _ = tools.jq_audit(data, tag)
            wall, rss = measure(cmd)
            results[name].append((wall, rss))
            log(f"  {label}: {name} run {run + 1}/{runs}: {wall:.2f} s, {rss / 1024:.0f} MiB")
            counts = read_counts(counts_path)
            if reference is None:
                reference = (name, counts)
            compare_counts(reference[0], reference[1], name, counts, f"{label}, run {run + 1}")
            if run == 0:  # the whole listing, as a set, once per tool
                rows, total = read_listing(listing, "vigil" if name == "before" else name)
                if total != len(rows):
                    raise Failure(f"{name} listed {total - len(rows)} violations twice ({label})")
                if sum(counts.values()) != total:
                    raise Failure(f"{name}: counts add up to {sum(counts.values())}, listing has {total}")
                if reference_listing is None:
                    reference_listing = (name, rows)
                else:
                    compare_listings(reference_listing[0], reference_listing[1], name, rows, label)
            for path in (listing,) if run > 0 else ():
                os.remove(path)  # keep the first run's listing for inspection
    table = []
    vigil_median = statistics.median(w for w, _ in results["vigil"]) if "vigil" in results else None
    for name, runs in results.items():
        walls = [w for w, _ in runs]
        median = statistics.median(walls)
        peak = max(r for _, r in runs) / 1024
        table.append(
            {
                "tool": name,
                "runs": len(runs),
                "median": median,
                "min": min(walls),
                "records/s": records / median,
                "MB/s": size / 1e6 / median,
                "peak": peak,
                "ratio": median / vigil_median if vigil_median else None,
            }
        )
    return table, reference[1], size


def markdown_table(rows, records, size):
    out = [
        f"{records:,} records, {size / 1e6:.0f} MB",
        "",
        "| tool | runs | median wall s | min wall s | records/s | MB/s | peak RSS MiB | time ÷ vigil |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ratio = "1.00" if row["tool"] == "vigil" else f"{row['ratio']:.2f}"
        out.append(
            f"| {TOOL_LABELS[row['tool']]} | {row['runs']} | {row['median']:.2f} | {row['min']:.2f} | "
            f"{fmt_rate(row['records/s'])} | {row['MB/s']:.0f} | {row['peak']:.0f} | {ratio} |"
        )
    return "\n".join(out)


TOOL_LABELS = {
    "vigil": "vigil audit (+ awk counts)",
    "duckdb": "DuckDB CLI (SQL)",
    "jq": "jq (+ awk counts)",
}


def policy_names():
    """The policies of checks.vigil, so that a check that found nothing is shown with 0."""
    with open(POLICIES, encoding="utf-8") as handle:
        return re.findall(r"^policy\s+(\w+)\s*:", handle.read(), re.MULTILINE)


def counts_summary(counts):
    policies = {name: 0 for name in policy_names()}
    policies.update(per_policy(counts))
    total = sum(policies.values())
    parts = ", ".join(f"{p} {policies[p]:,}" for p in sorted(policies))
    return f"{total:,} violations ({parts}); {len(counts)} (policy, party) counts"


def edge_check(tools):
    """The hand-made edge cases: every tool must list exactly the same violations."""
    listings = {}
    for name in ("vigil", "duckdb", "jq"):
        tag = f"edge-{name}"
        if name == "vigil":
            cmd, listing, _, _ = tools.vigil_audit(EDGE, tag)
        elif name == "duckdb":
            cmd, listing, _, _ = tools.duckdb_audit(EDGE, "jsonl", tag)
        else:
            cmd, listing, _, _ = tools.jq_audit(EDGE, tag)
        measure(cmd)
        listings[name] = read_listing(listing, name)[0]
    for name in ("duckdb", "jq"):
        compare_listings("vigil", listings["vigil"], name, listings[name], "edge_cases.jsonl")
    return len(listings["vigil"])


def versions(args):
    out = {}
    out["vigil"] = sh(f"{shlex.quote(args.vigil)} --version").stdout.strip()
    out["vigil"] += f" (binary sha256 {digest(args.vigil)})"
    if args.duckdb:
        out["duckdb"] = "DuckDB CLI " + sh(f"{shlex.quote(args.duckdb)} --version").stdout.strip()
    else:
        out["duckdb"] = "duckdb (Python) " + sh(
            f"{shlex.quote(args.duckdb_python)} -c 'import duckdb; print(duckdb.__version__)'"
        ).stdout.strip()
    out["jq"] = sh(f"{shlex.quote(args.jq)} --version").stdout.strip()
    if args.baseline_vigil:
        out["before"] = sh(f"{shlex.quote(args.baseline_vigil)} --version").stdout.strip()
        out["before"] += f" (binary sha256 {digest(args.baseline_vigil)})"
    return out


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kib = int(handle.readline().split()[1])
            mem = f"{kib / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{cpu}, {os.cpu_count()} cores, {mem}, {platform.platform()}; load average at start {load}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vigil", required=True)
    parser.add_argument("--duckdb", default="", help="the DuckDB CLI")
    parser.add_argument("--duckdb-python", default="", help="a Python with the duckdb package")
    parser.add_argument("--jq", default="jq")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jq-runs", type=int, default=0, help="0: all runs up to 200k records, else 1")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--data-dir", default=os.path.join(HERE, ".data"))
    parser.add_argument("--csv-records", type=int, default=1_000_000)
    parser.add_argument("--memory-sizes", default="100000,1000000,4000000")
    parser.add_argument("--policies", type=int, default=500)
    parser.add_argument("--baseline-vigil", default="", help="vigil as it was, run beside this one")
    parser.add_argument("--baseline-label", default="", help="the revision of --baseline-vigil")
    args = parser.parse_args()
    if args.quick:
        args.csv_records = args.records
        args.memory_sizes = f"{args.records},100000"
    os.makedirs(args.data_dir, exist_ok=True)
    remove_stale_data(args.data_dir)
    tools = Tools(args)
    jq_runs = args.jq_runs or (args.runs if args.records <= 200_000 else 1)
    report = []

    def emit(text=""):
        print(text, flush=True)
        report.append(text)

    if args.baseline_vigil:
        TOOL_LABELS["before"] = f"vigil audit at {args.baseline_label} (+ awk counts)"
    v = versions(args)
    emit(f"# Vigil benchmark — {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
    emit()
    emit(f"- machine: {machine()}")
    emit(f"- {v['vigil']}; {v['duckdb']}; {v['jq']}")
    if args.baseline_vigil:
        emit(f"- beside it, vigil as it was at {args.baseline_label}: {v['before']}")
    emit(
        f"- policies: Benchmarks/checks.vigil (5 checks: 4 per record, 1 per owner), --now {NOW}; "
        f"seed {args.seed}"
    )
    emit(
        "- wall time: median of the runs (tools run alternately), time.perf_counter() around "
        "/usr/bin/time; peak RSS: /usr/bin/time %M, the largest process of the run"
    )
    emit(
        "- every tool writes the violations (policy, record, party) to a file and the "
        "per-policy, per-party counts to a file; vigil's and jq's counts are made by awk from "
        "their listing, and that awk time is included in their wall time"
    )
    emit()

    log("edge cases: vigil, duckdb and jq on Benchmarks/edge_cases.jsonl")
    n_edge = edge_check(tools)
    emit(f"Edge cases (Benchmarks/edge_cases.jsonl): all three tools list the same {n_edge} violations.")
    emit()

    # 1. the main comparison on JSON Lines
    data = data_file(args, args.records, "jsonl")
    before = {"before": args.runs} if args.baseline_vigil else {}
    plan = {"vigil": args.runs, **before, "duckdb": args.runs, "jq": jq_runs}
    log(f"main: {args.records:,} JSON Lines records, runs: {args.runs} (jq {jq_runs})")
    rows, main_counts, size = run_tools(tools, args, data, "jsonl", args.records, "main", plan)
    emit(f"## JSON Lines: vigil vs DuckDB vs jq ({size_label(args.records)} records)")
    emit()
    emit(markdown_table(rows, args.records, size))
    emit()
    emit(f"Identical counts in every run of every tool: {counts_summary(main_counts)}.")
    vigil_stderr = os.path.join(tools.out, "main-vigil-0.vigil.stderr")
    with open(vigil_stderr, encoding="utf-8") as handle:
        summary = [line for line in handle if line.startswith("vigil:")]
    if summary:
        emit(f"Vigil's summary: `{summary[-1].strip()}`")
    # the counting step alone, for reference
    listing = os.path.join(tools.out, "main-vigil-0.vigil.csv")
    wall, _ = measure(f"{AWK_VIGIL} {shlex.quote(listing)} > /dev/null")
    emit(f"(The awk counting step alone takes {wall:.2f} s of vigil's time.)")
    emit()

    # 2. peak memory against input size
    sizes = [int(x) for x in args.memory_sizes.split(",") if x]
    emit("## Peak memory against input size (JSON Lines, one run each)")
    emit()
    emit("| records | MB | vigil wall s | vigil peak RSS MiB | DuckDB wall s | DuckDB peak RSS MiB |")
    emit("|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        path = data_file(args, n, "jsonl")
        warm(path)
        cmd, _, _, _ = tools.vigil_audit(path, f"mem-{n}", counts=False)
        vw, vr = measure(cmd)
        cmd, _, _, _ = tools.duckdb_audit(path, "jsonl", f"mem-{n}")
        dw, dr = measure(cmd)
        log(f"  memory {n:,}: vigil {vr / 1024:.0f} MiB, duckdb {dr / 1024:.0f} MiB")
        emit(
            f"| {n:,} | {os.path.getsize(path) / 1e6:.0f} | {vw:.2f} | {vr / 1024:.0f} | "
            f"{dw:.2f} | {dr / 1024:.0f} |"
        )
        if n > 1_000_000 and not args.quick:
            os.remove(path)  # 1.4 GB per 4M records: not worth keeping
    emit()

    # 3. --jobs 1 vs --jobs 2
    emit("## vigil --jobs 1 vs --jobs 2")
    emit()
    help_text = sh(f"{shlex.quote(args.vigil)} help audit").stdout + sh(
        f"{shlex.quote(args.vigil)} audit --help"
    ).stdout
    if "--jobs" not in help_text:
        emit("Skipped: this vigil has no `--jobs` option yet (`vigil help audit` does not list it).")
    else:
        warm(data)
        timings = {1: [], 2: []}
        digests = {}
        for run in range(args.runs):
            for jobs in (1, 2):
                cmd, listing, _, _ = tools.vigil_audit(data, f"jobs{jobs}", f"--jobs {jobs}", counts=False)
                wall, rss = measure(cmd)
                timings[jobs].append((wall, rss))
                digests.setdefault(jobs, digest(listing))
                log(f"  --jobs {jobs} run {run + 1}: {wall:.2f} s")
        m1 = statistics.median(w for w, _ in timings[1])
        m2 = statistics.median(w for w, _ in timings[2])
        emit("| jobs | runs | median wall s | records/s | peak RSS MiB |")
        emit("|---:|---:|---:|---:|---:|")
        for jobs in (1, 2):
            m = statistics.median(w for w, _ in timings[jobs])
            peak = max(r for _, r in timings[jobs]) / 1024
            emit(f"| {jobs} | {len(timings[jobs])} | {m:.2f} | {fmt_rate(args.records / m)} | {peak:.0f} |")
        emit()
        same = "byte-identical" if digests[1] == digests[2] else "DIFFERENT (!)"
        emit(f"Speed-up with 2 jobs: {m1 / m2:.2f}×; the two reports are {same}.")
        if digests[1] != digests[2]:
            raise Failure("--jobs 1 and --jobs 2 wrote different reports")
    emit()

    # 3b. the accountability report, on the same file
    emit("## vigil --report accountability")
    emit()
    if "--report" not in help_text:
        emit("Skipped: this vigil has no `--report` option yet.")
    else:
        warm(data)
        walls, peaks = [], []
        for run in range(args.runs):
            cmd, account_csv, _, _ = tools.vigil_audit(
                data, "accountability", "--report accountability", counts=False
            )
            wall, rss = measure(cmd)
            walls.append(wall)
            peaks.append(rss)
            log(f"  accountability run {run + 1}: {wall:.2f} s")
        with open(account_csv, newline="") as f:
            rows = list(csv.DictReader(f))
        by_party = sum(int(row["violations"]) for row in rows if row["kind"] == "party")
        by_policy = sum(int(row["violations"]) for row in rows if row["kind"] == "policy")
        total = sum(main_counts.values())
        m = statistics.median(walls)
        emit("| report | runs | median wall s | records/s | peak RSS MiB |")
        emit("|---|---:|---:|---:|---:|")
        emit(f"| accountability (CSV) | {len(walls)} | {m:.2f} | {fmt_rate(args.records / m)} | {max(peaks) / 1024:.0f} |")
        emit()
        parties = sum(1 for row in rows if row["kind"] == "party")
        emit(
            f"{parties} parties; their violations add up to {by_party:,}, the policies' to {by_policy:,}"
            + f", the listing's to {total:,}."
        )
        if by_party != by_policy or total != by_party:
            raise Failure("the accountability report does not add up to the violations listed")
    emit()

    # 4. CSV: vigil vs DuckDB read_csv
    csv_data = data_file(args, args.csv_records, "csv")
    log(f"csv: {args.csv_records:,} CSV records, runs: {args.runs}")
    rows, csv_counts, csv_size = run_tools(
        tools, args, csv_data, "csv", args.csv_records, "csv", {"vigil": args.runs, **before, "duckdb": args.runs}
    )
    emit(f"## CSV: vigil vs DuckDB read_csv ({size_label(args.csv_records)} rows)")
    emit()
    emit(markdown_table(rows, args.csv_records, csv_size))
    emit()
    emit(f"Identical counts: {counts_summary(csv_counts)}.")
    if args.csv_records == args.records:
        # An empty owner ("") is present in JSON, a group of its own, but an empty CSV cell is
        # missing, so in CSV those surveys join the (missing) group: the group policies' counts
        # for the party "" (both groups) may differ between the formats; all the others may not.
        def comparable(counts):
            return {k: n for k, n in counts.items() if not (k[0] in GROUP_POLICIES and k[1] == "")}

        compare_counts(
            "JSON Lines", comparable(main_counts), "CSV", comparable(csv_counts),
            "same records, two formats",
        )
        same = "the same" if csv_counts == main_counts else (
            "the same, except for the group policy's (missing) and empty owners, which CSV "
            "cannot tell apart"
        )
        emit(f"The CSV file holds the same records as the JSON Lines file, and the counts are {same}.")
    emit()

    # 5. vigil check on a folder of generated policies
    folder = os.path.join(args.data_dir, f"policies-{args.policies}")
    generate.write_policies(args.policies, args.seed, folder)
    check = f"{shlex.quote(args.vigil)} check {shlex.quote(folder)}"
    result = sh(check)
    if result.returncode != 0:
        raise Failure(f"vigil check failed on the generated policies:\n{(result.stdout + result.stderr)[-3000:]}")
    walls = []
    peak = 0
    for _ in range(args.runs):
        wall, rss = measure(check + " > /dev/null 2>&1")
        walls.append(wall)
        peak = max(peak, rss)
    lines = sum(
        sum(1 for _ in open(os.path.join(folder, f), encoding="utf-8"))
        for f in os.listdir(folder)
    )
    emit(f"## vigil check on {args.policies} generated policies")
    emit()
    emit(
        f"{args.policies} policies in {args.policies + 1} files ({lines:,} lines, one shared "
        f"`include`): median {statistics.median(walls):.3f} s over {len(walls)} runs, "
        f"peak RSS {peak / 1024:.0f} MiB. `{(result.stdout + result.stderr).strip().splitlines()[-1]}`"
    )
    emit()

    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = os.path.join(args.data_dir, f"results-{stamp}.md")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(report) + "\n")
    log(f"results written to {path}")


if __name__ == "__main__":
    try:
        main()
    except Failure as failure:
        print(f"\nBENCHMARK FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
