#!/usr/bin/env python3
"""Deterministic generator of realistic customer-service records (a CRM export).

    python3 Benchmarks/generate.py --records 1000000 --seed 42 --format jsonl --out FILE
    python3 Benchmarks/generate.py --records 1000000 --seed 42 --format csv   --out FILE.csv
    python3 Benchmarks/generate.py --policies 500 --out DIR     # 500 .vigil files for `vigil check`

The same --records/--seed always give byte-identical output, whatever --workers is: records
are made in chunks of 50,000, each from its own random generator seeded by (seed, chunk), so
the first 100,000 records of a 1,000,000-record file are the 100,000-record file, and the JSON
Lines and CSV files of one seed hold the same records.

Records are stamped around the audit instant the benchmark uses, NOW = 2026-11-25T00:00:00Z:
the export was taken two days after NOW, so some interactions start after NOW (not begun as
of NOW) and some ends are stamped after NOW (not yet happened as of NOW), as when an old
audit is reproduced with --now. Times are ISO-8601 UTC with Z, some with milli- or
microsecond fractions, some in local time with a +hh:mm / -hh:mm offset. Some fields are
absent, some null, some empty; a few records sit exactly on a policy's threshold (or a
microsecond past it, which the millisecond clocks of every tool read as exactly on it).
Only the Python standard library is used.
"""

import argparse
import json
import os
import random
import sys
from datetime import date, timedelta

CHUNK = 50_000
MS = 1
SEC = 1000
MIN = 60 * SEC
HOUR = 60 * MIN
DAY = 24 * HOUR

# 2026-11-25T00:00:00Z in milliseconds since 1970-01-01T00:00:00Z.
NOW = (date(2026, 11, 25) - date(1970, 1, 1)).days * DAY
EXPORTED = NOW + 2 * DAY  # the moment the export was taken: nothing is stamped later
HISTORY = 120 * DAY  # how far back the export goes

TYPES = ["enquiry", "complaint", "purchase", "call", "survey"]
TYPE_WEIGHTS = [35, 12, 20, 23, 10]
CHANNELS = {
    "enquiry": (["email", "chat", "web", "phone", "letter"], [38, 34, 16, 9, 3]),
    "complaint": (["email", "phone", "chat", "web", "letter", "in_person"], [36, 24, 18, 12, 6, 4]),
    "purchase": (["web", "in_person", "phone", "email"], [55, 25, 12, 8]),
    "call": (["phone"], [1]),
    "survey": (["web", "sms", "phone"], [60, 30, 10]),
}
TEAMS = {
    "email": "mail-desk",
    "web": "mail-desk",
    "letter": "post-room",
    "chat": "chat-desk",
    "phone": "phones",
    "in_person": "stores",
    "sms": "insights",
}
COMPLAINT_TEAMS = ["care", "care", "care", "complaints-desk"]
FIRST = [
    "ana", "ben", "chen", "dara", "eli", "fatima", "gus", "hana", "ivan", "jo", "kemal", "lee",
    "mira", "nils", "olu", "priya", "quinn", "rosa", "sam", "tariq", "uma", "vic", "wen", "yusuf",
    "zoe", "amelie", "bjorn", "carla", "dmitri", "eva",
]
LAST = ["a", "b", "c", "d", "e", "f", "g", "h", "k", "m", "n", "p", "r", "s", "t", "w"]
OWNERS = [f"{first}.{last}" for first in FIRST for last in LAST[:4]]  # 120 people
STRUGGLING = set(OWNERS[7::12])  # 10 owners whose surveys score low more often

PRODUCTS = [
    "espresso machine", "running shoes", "winter jacket", "router", "kettle", "sofa", "phone case",
    "gift card", "standing desk", "headphones", "vacuum cleaner", "garden hose", "crib",
    "laptop bag", "blender", "mattress", "\u00e9clair tin", "caf\u00e9 set", "smart watch",
]
SUBJECTS = [
    "Where is my order #{n}?",
    "Refund for {p} not received, order #{n}",
    "{p} arrived damaged, box crushed, need replacement",
    "Question about delivery slots for {p}",
    "Invoice {n} shows the wrong address",
    'Customer says: "I was promised a call back" (ticket {n})',
    "Cannot log in to my account, reset link expired",
    "Wrong size {p}, please exchange for a larger one",
    "Thank you for the quick help with the {p}!",
    "Charged twice for order #{n}, please check",
    "Complaint: rude answer on the phone, ref {n}",
    "Change of address before dispatch, order {n}",
    "Warranty claim for {p} (serial {n})",
    "Caf\u00e9 voucher not accepted at the till",
    "Survey response #{n}",
    'Product "{p}" missing a part, 2 of 3 screws',
    "Delivery left with neighbour, no note; order {n}",
    "Re: Re: follow-up on case {n}\tpriority",
    "Line one of the note\nline two, after a break ({n})",
    "Back-slash in path C:\\orders\\{n} confuses the portal",
]
SUBJECTS_BY_TYPE = {
    "call": [
        "Inbound call about order #{n}",
        "Caller asked for a manager, ref {n}",
        "Missed call returned: {p} delivery",
        'Call note: "line was bad, customer will call again"',
    ],
    "survey": [
        "Survey response #{n}",
        "Feedback on the {p}, after delivery",
        "NPS survey, wave {n}: comments left",
    ],
    "purchase": [
        "Order #{n}: {p}",
        "Order #{n}: {p}, gift wrapped",
        "Pre-order of {p} (#{n}), pay on delivery",
    ],
}
STATUS_OPEN = ["open", "in_progress"]
STATUS_DONE = ["resolved", "closed"]
OFFSETS = [60, 120, -300, -240, 330, 540, -480, 0]  # minutes; 0 is written +00:00

_day_cache = {}


def _day(day_index):
    text = _day_cache.get(day_index)
    if text is None:
        text = (date(1970, 1, 1) + timedelta(days=day_index)).isoformat()
        _day_cache[day_index] = text
    return text


def stamp(ms, style, offset):
    """ISO-8601 text for `ms`: style 0 seconds, 1 milliseconds, 2 microseconds; offset minutes
    or None for Z."""
    local = ms if offset is None else ms + offset * MIN
    day, rest = divmod(local, DAY)
    secs, millis = divmod(rest, SEC)
    h, secs = divmod(secs, 3600)
    m, s = divmod(secs, 60)
    text = f"{_day(day)}T{h:02d}:{m:02d}:{s:02d}"
    if style == 1:
        text += f".{millis:03d}"
    elif style == 2:
        # microseconds: the extra digits are below a millisecond, which every tool truncates
        text += f".{millis:03d}{(ms * 7919) % 1000:03d}"
    if offset is None:
        return text + "Z"
    sign = "+" if offset >= 0 else "-"
    hh, mm = divmod(abs(offset), 60)
    return f"{text}{sign}{hh:02d}:{mm:02d}"


class Chunk:
    """Makes the records of one chunk: record numbers [start, start + count)."""

    def __init__(self, seed, index):
        self.rng = random.Random(f"vigil-bench:{seed}:{index}")

    def time(self, ms):
        """The text of a time, in the style of the system that stamped it."""
        rng = self.rng
        r = rng.random()
        if r < 0.55:
            style = 0
        elif r < 0.85:
            style = 1
        else:
            style = 2
        offset = None if rng.random() < 0.8 else rng.choice(OFFSETS)
        return stamp(ms, style, offset)

    def end(self, start, delay, exact=None):
        """An end `delay` after `start`; None (never happened) if that is after the export."""
        if exact is not None:
            return exact
        at = start + delay
        return at if at <= EXPORTED else None

    def record(self, number):
        rng = self.rng
        rec_type = rng.choices(TYPES, TYPE_WEIGHTS)[0]
        channels, weights = CHANNELS[rec_type]
        channel = channels[0] if len(channels) == 1 else rng.choices(channels, weights)[0]
        team = rng.choice(COMPLAINT_TEAMS) if rec_type == "complaint" else TEAMS[channel]
        # most interactions are recent; a few were created after NOW, before the export
        created = EXPORTED - int(HISTORY * (rng.random() ** 1.6)) - rng.randrange(DAY)
        created -= created % SEC if rng.random() < 0.55 else 0
        first = resolved = follow = rings = score = None
        edge = rng.random() < 0.01  # exactly on a threshold, or just past it

        if channel in ("email", "chat", "web", "letter") or rec_type == "complaint":
            if rec_type == "purchase":
                delay = rng.randrange(30 * SEC, 20 * MIN)  # order confirmation
            elif channel == "chat":
                delay = int(rng.expovariate(1 / (12 * MIN)))
            elif channel in ("email", "web"):
                delay = int(rng.expovariate(1 / (40 * MIN)))
            elif channel == "letter":
                delay = int(rng.expovariate(1 / (3 * DAY)))
            else:
                delay = int(rng.expovariate(1 / (25 * MIN)))
            if edge:
                delay = HOUR + rng.choice([0, 0, 1, -1])
            first = self.end(created, delay)
        if rec_type == "complaint":
            delay = int(rng.lognormvariate(10.2, 1.1) * SEC * 2)  # median ≈ 15h, ~15% > 48h
            if edge:
                delay = 48 * HOUR + rng.choice([0, 0, 1, -1])
            resolved = self.end(created, delay)
        elif rec_type in ("enquiry", "call") and first is not None:
            resolved = first + int(rng.expovariate(1 / (6 * HOUR)))
            resolved = resolved if resolved <= EXPORTED else None
        if rec_type == "purchase":
            r = rng.random()
            if r < 0.12:
                follow = None  # nobody called back
            else:
                delay = int(rng.gauss(4.5 * DAY, 2.0 * DAY))
                delay = max(delay, 2 * HOUR)
                if edge:
                    delay = 7 * DAY + rng.choice([0, 0, 1, -1])
                follow = self.end(created, delay)
        elif rec_type == "complaint" and resolved is not None and rng.random() < 0.6:
            follow = self.end(resolved, int(rng.expovariate(1 / (4 * DAY))))
        if rec_type == "call":
            r = rng.random()
            rings = None if r < 0.02 else min(1 + int(rng.expovariate(1 / 1.6)), 14)
            if first is None:
                first = created + (rings or 1) * 6 * SEC
        if rec_type == "survey":
            score = rng.choices([1, 2, 3, 4, 5, None], [6, 8, 16, 32, 34, 4])[0]

        # data quality, as in real exports: end before start, missing starts, empty owners
        q = rng.random()
        if q < 0.001 and resolved is not None:
            resolved = created - rng.randrange(HOUR, 3 * DAY)  # clock skew: a data error
        elif q < 0.003:
            created = None
        done = resolved is not None and resolved <= EXPORTED
        if rec_type == "purchase":
            status = "closed" if follow is not None else "open"
        elif rec_type in ("survey",):
            status = "closed"
        else:
            status = rng.choice(STATUS_DONE) if done else rng.choice(STATUS_OPEN)

        owner_roll = rng.random()
        if owner_roll < 0.015:
            owner = None  # absent
        elif owner_roll < 0.02:
            owner = ""  # empty text
        else:
            owner = OWNERS[int(len(OWNERS) * rng.random() ** 1.3)]
        if score is not None and owner in STRUGGLING and rng.random() < 0.2:
            score = rng.choice([1, 2])  # a few owners' customers are less happy
        pool = SUBJECTS_BY_TYPE.get(rec_type, SUBJECTS) if rng.random() < 0.7 else SUBJECTS
        subject = rng.choice(pool).format(
            n=rng.randrange(100000, 999999), p=rng.choice(PRODUCTS)
        )
        tier = "key" if rng.random() < 0.08 else "standard"
        return {
            "id": f"R{number:08d}",
            "type": rec_type,
            "channel": channel,
            "customer_id": f"C-{rng.randrange(1, 400000):06d}",
            "tier": tier,
            "owner": owner,
            "team": None if rng.random() < 0.01 else team,
            "created_at": created,
            "first_response_at": first,
            "resolved_at": resolved,
            "follow_up_at": follow,
            "rings": rings,
            "score": score,
            "subject": subject,
            "status": status,
            # how a missing value is written: absent, null or "" (the generator's choice)
            "missing": rng.random(),
        }

    def times(self, rec):
        """The texts of the four times (None for a missing time), with one RNG draw order."""
        out = []
        for key in ("created_at", "first_response_at", "resolved_at", "follow_up_at"):
            ms = rec[key]
            out.append(None if ms is None else self.time(ms))
        return out


def json_string(text, ascii_only):
    return json.dumps(text, ensure_ascii=ascii_only)


def make_chunk(args):
    """The (jsonl or csv) text of records [start, start + count) of chunk `index`."""
    seed, index, start, count, fmt = args
    chunk = Chunk(seed, index)
    lines = []
    append = lines.append
    for number in range(start, start + count):
        rec = chunk.record(number)
        created, first, resolved, follow = chunk.times(rec)
        miss = rec["missing"]
        if fmt == "jsonl":
            # missing values: mostly absent, sometimes null, rarely "" for times
            def field(name, value, quoted=True):
                if value is None:
                    if miss < 0.6:
                        return ""
                    if miss < 0.97 or not quoted:
                        return f', "{name}": null'
                    return f', "{name}": ""'
                return f', "{name}": "{value}"' if quoted else f', "{name}": {value}'

            parts = [
                f'{{"id": "{rec["id"]}", "type": "{rec["type"]}", "channel": "{rec["channel"]}", '
                f'"customer": {{"id": "{rec["customer_id"]}", "tier": "{rec["tier"]}"}}'
            ]
            owner = rec["owner"]
            if owner is not None:
                parts.append(f', "owner": "{owner}"')
            elif miss < 0.5:
                parts.append(', "owner": null')
            parts.append(field("team", rec["team"]))
            parts.append(field("created_at", created))
            parts.append(field("first_response_at", first))
            parts.append(field("resolved_at", resolved))
            parts.append(field("follow_up_at", follow))
            if rec["type"] == "call":
                parts.append(field("rings", rec["rings"], quoted=False))
            if rec["type"] == "survey":
                parts.append(field("score", rec["score"], quoted=False))
            parts.append(f', "subject": {json_string(rec["subject"], miss < 0.5)}')
            parts.append(f', "status": "{rec["status"]}"}}\n')
            append("".join(parts))
        else:
            subject = rec["subject"]
            if any(c in subject for c in ',"\n\r'):
                subject = '"' + subject.replace('"', '""') + '"'
            cells = [
                rec["id"], rec["type"], rec["channel"], rec["customer_id"], rec["tier"],
                rec["owner"], rec["team"], created, first, resolved, follow,
                rec["rings"], rec["score"], subject, rec["status"],
            ]
            append(",".join("" if c is None else str(c) for c in cells) + "\r\n")
    return "".join(lines)


CSV_HEADER = (
    "id,type,channel,customer.id,customer.tier,owner,team,created_at,first_response_at,"
    "resolved_at,follow_up_at,rings,score,subject,status\r\n"
)


def write_records(count, seed, fmt, out, workers):
    jobs = []
    index = 0
    for start in range(0, count, CHUNK):
        jobs.append((seed, index, start, min(CHUNK, count - start), fmt))
        index += 1
    tmp = out + ".part"
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        if fmt == "csv":
            handle.write(CSV_HEADER)
        if workers > 1 and len(jobs) > 1:
            import multiprocessing

            with multiprocessing.Pool(workers) as pool:
                for text in pool.imap(make_chunk, jobs):
                    handle.write(text)
        else:
            for job in jobs:
                handle.write(make_chunk(job))
    os.replace(tmp, out)


# --- policies for `vigil check` ---------------------------------------------------------

POLICY_COMMON = """\
# Shared definitions for the generated policy set.
define complaint = type == "complaint"
define purchase = type == "purchase"
define call = type == "call"
define survey = type == "survey"
define enquiry = type == "enquiry"
define key_customer = customer.tier == "key"
define unresolved = from created_at until resolved_at
define awaiting_reply = from created_at until first_response_at
define awaiting_follow_up = from created_at until follow_up_at
define awaiting_aftercare = from resolved_at until follow_up_at
define handling = resolved_at - created_at
"""


def write_policies(count, seed, out):
    rng = random.Random(f"vigil-bench-policies:{seed}")
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        if name.endswith(".vigil"):
            os.remove(os.path.join(out, name))
    with open(os.path.join(out, "common.vigil"), "w", encoding="utf-8") as handle:
        handle.write(POLICY_COMMON)
    conditions = [
        lambda: f"complaint unresolved > {rng.randrange(1, 96)}h",
        lambda: f'channel in ["email", "chat"] and awaiting_reply > {rng.randrange(5, 120)}m',
        lambda: f"call rings > {rng.randrange(2, 9)}",
        lambda: f"purchase awaiting_follow_up > {rng.randrange(2, 14)}d",
        lambda: f"survey score <= {rng.randrange(1, 4)}",
        lambda: f"complaint awaiting_aftercare > {rng.randrange(1, 10)}d12h",
        lambda: f'key_customer and status not in ["closed", "resolved"] and handling > {rng.randrange(1, 72)}h',
        lambda: f'enquiry channel == "{rng.choice(["email", "chat", "web", "letter"])}" and awaiting_reply > {rng.randrange(1, 48)}h30m',
        lambda: f'(complaint or enquiry) and subject matches "(?i)(refund|charged twice|{rng.choice(["damaged", "missing", "rude"])})"',
        lambda: f"lower(status) == \"open\" and created_at < now - {rng.randrange(1, 30)}d and owner is missing",
        lambda: f'coalesce(first_response_at, now) - created_at > {rng.randrange(1, 12)}h and team in ["care", "phones", "mail-desk"]',
        lambda: f"created_at between @2026-0{rng.randrange(1, 9)}-01T00:00:00Z and @2026-11-25T00:00:00+01:00 and unresolved",
    ]
    actions = [
        "escalate to owner", "notify team", 'notify "support-leads"', "flag",
        'escalate to "care-managers", notify team',
    ]
    severities = ["low", "medium", "high", "critical"]
    per_file = 1
    for number in range(count // per_file):
        lines = ['include "common.vigil"', ""]
        for k in range(per_file):
            index = number * per_file + k
            lines.append(f"policy generated_{index:04d}:")
            lines.append(f"  {rng.choice(conditions)()}")
            lines.append(f"    → {rng.choice(actions)}")
            lines.append(f"  severity: {rng.choice(severities)}")
            lines.append(f'  because: "Generated policy {index} for the check benchmark."')
            if rng.random() < 0.3:
                lines.append("  accountable: coalesce(owner, team)")
            lines.append("")
        with open(os.path.join(out, f"p{number:04d}.vigil"), "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, help="how many records to write")
    parser.add_argument("--policies", type=int, help="write this many .vigil files to --out (a folder)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    parser.add_argument("--out", required=True)
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1,
        help="processes (the output does not depend on it)",
    )
    args = parser.parse_args()
    if (args.records is None) == (args.policies is None):
        parser.error("give exactly one of --records and --policies")
    if args.policies is not None:
        write_policies(args.policies, args.seed, args.out)
    else:
        write_records(args.records, args.seed, args.format, args.out, max(1, args.workers))


if __name__ == "__main__":
    sys.exit(main())
