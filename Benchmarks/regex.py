#!/usr/bin/env python3
"""The `matches` benchmark: Vigil's own linear-time engine against the engine it replaced
(Swift's `Regex`, which backtracks), on the same file of support tickets.

    python3 Benchmarks/regex.py --new .build/release/vigil --old OLD_VIGIL [--records 1000000]
                                [--runs 3] [--jobs 1]

Generates (once, into Benchmarks/.data/) a JSON Lines file of tickets, each with an id and
a one-line `subject` of 4 to 14 words (some with an order number, an e-mail address, a
question mark, "refund" or "chargeback"); then, for each policy of Benchmarks/regex.vigil
(`baseline` has no `matches`: it measures reading and evaluation alone), audits the file
with each binary (`--policy NAME`-style: a policy file of that one policy), alternately,
and prints a Markdown table of the median wall time, the time minus the baseline's, and
whether both binaries flagged the same records. Only the Python standard library is used.

To build the old engine: `git archive 6d6363e | tar -x -C /tmp/old && cd /tmp/old &&
swift build -c release --product vigil` (6d6363e is the last commit with Swift's `Regex`).
"""

import argparse
import hashlib
import os
import random
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, ".data")
NOW = "2026-11-25T00:00:00Z"

WORDS = (
    "the my order parcel invoice arrived late never damaged wrong colour size please help "
    "when will I get update account password login card payment charged twice cancel "
    "subscription delivery address change thank you again still waiting for reply today"
).split()


def subject(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 14))]
    roll = rng.random()
    if roll < 0.05:
        words.insert(rng.randint(0, len(words)), "refund")
    elif roll < 0.07:
        words.insert(rng.randint(0, len(words)), "Chargeback")
    if rng.random() < 0.10:
        words.insert(rng.randint(0, len(words)), f"ORD-{rng.randint(0, 999999):06d}")
    if rng.random() < 0.03:
        words.append(f"{rng.choice(WORDS)}.{rng.randint(1, 99)}@example.com")
    if rng.random() < 0.02:
        words.append(str(rng.randint(1000, 9999)))
    text = " ".join(words)
    if rng.random() < 0.2:
        text = text[0].upper() + text[1:] + "?"
    return text


def generate(records, seed):
    os.makedirs(DATA, exist_ok=True)
    path = os.path.join(DATA, f"regex-{records}-{seed}.jsonl")
    if not os.path.exists(path):
        rng = random.Random(seed)
        with open(path + ".part", "w") as out:
            for index in range(records):
                out.write(f'{{"id": "T{index}", "subject": "{subject(rng)}"}}\n')
        os.replace(path + ".part", path)
    return path


def policies():
    """The policies of regex.vigil, each as its own policy text."""
    text = open(os.path.join(HERE, "regex.vigil")).read()
    blocks = {}
    for block in text.split("\npolicy ")[1:]:
        name = block.split(":", 1)[0]
        blocks[name] = "policy " + block.strip() + "\n"
    return blocks


def audit(binary, policy_file, data, listing, jobs, timeout):
    """The wall time and the listing's digest; (None, None) past `timeout` seconds."""
    start = time.perf_counter()
    try:
        result = subprocess.run(
            [binary, "audit", policy_file, "--data", data, "--now", NOW, "--format", "csv",
             "-o", listing] + (["--jobs", str(jobs)] if jobs else []),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None
    wall = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"{binary} failed on {policy_file}: {result.stderr.decode()}")
    with open(listing, "rb") as file:
        digest = hashlib.sha256(file.read()).hexdigest()
    return wall, digest


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--new", required=True)
    parser.add_argument("--old", required=True)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="vigil --jobs (default: its own)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a run is killed")
    args = parser.parse_args()
    data = generate(args.records, args.seed)
    rows = []
    baseline = {}
    for name, text in policies().items():
        policy_file = os.path.join(DATA, f"regex-{name}.vigil")
        with open(policy_file, "w") as out:
            out.write(text)
        times = {"old": [], "new": []}
        digests = {}
        for _ in range(args.runs):
            for which in ("old", "new"):
                binary = args.old if which == "old" else args.new
                listing = os.path.join(DATA, f"regex-{name}-{which}.csv")
                if times[which] and times[which][-1] is None:
                    continue  # killed once: not run again
                wall, digests[which] = audit(
                    binary, policy_file, data, listing, args.jobs, args.timeout)
                times[which].append(wall)
        old, new = (None if None in times[w] else statistics.median(times[w])
                    for w in ("old", "new"))
        if name == "baseline":
            baseline = {"old": old, "new": new}
        flagged = sum(1 for _ in open(os.path.join(DATA, f"regex-{name}-new.csv"))) - 1
        rows.append((name, old, new, flagged, digests["old"] == digests["new"]))
        print(f"{name}: old {old} s, new {new} s", file=sys.stderr, flush=True)
    print(f"{args.records:,} records ({os.path.getsize(data) / 1e6:.0f} MB), median of "
          f"{args.runs} runs, --jobs {args.jobs or 'default'}\n")
    print("| policy | pattern | Swift Regex (s) | Vigil (s) | matching only: Swift Regex (s) "
          "| matching only: Vigil (s) | speed-up | flagged | same listing |")
    print("|---|---|---|---|---|---|---|---|---|")
    patterns = {n: t.split("matches ", 1)[1].split(" ->")[0] if "matches" in t else "—"
                for n, t in policies().items()}
    def seconds(value):
        return f"{value:.2f}" if value is not None else f"> {args.timeout:.0f} (killed)"
    for name, old, new, flagged, same in rows:
        old_m = old - baseline["old"] if old is not None else None
        new_m = new - baseline["new"]
        speed = (f"{old_m / new_m:.1f}×" if old_m is not None and name != "baseline"
                 and new_m > 0.005 else "—")
        same_text = "yes" if same else ("—" if old is None else "NO")
        pattern = patterns[name].replace("|", "\\|")
        print(f"| {name} | `{pattern}` | {seconds(old)} | {seconds(new)} | "
              f"{seconds(old_m)} | {new_m:.2f} | {speed} | {flagged:,} | {same_text} |")


if __name__ == "__main__":
    main()
