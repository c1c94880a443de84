#!/usr/bin/env python3
"""Differential test of `vigil sql` (run by .ci/sql-test, which installs the engines).

For every policy file under rules/ and examples/ and every dialect tested: a file that
compiles must give, over its example data and over generated records, exactly the rows
`vigil audit --format csv` gives (every column, in order) and the data errors of
`vigil audit --errors` (line, record, policy, field, value, message, in order); a file that
does not compile must fail with the first error line EXPECTED_GAPS gives for it.

    sql_test.py VIGIL SCRATCH POSTGRES_CONNINFO
"""
import contextlib
import csv
import datetime
import glob
import io
import json
import os
import random
import re
import subprocess
import sys
import time

import duckdb
import psycopg
from pyspark.sql import SparkSession
from pyspark.sql.types import StringType, StructField, StructType

VIGIL, SCRATCH, POSTGRES = sys.argv[1:4]
NOW = "2026-11-25T00:00:00Z"
NOW_MS = 1795564800000
RECORDS = int(os.environ.get("SQL_TEST_RECORDS", "400"))
DIALECTS = ["duckdb", "postgres", "spark"]
# SQL_TEST_SPARK=all checks Spark as DuckDB and PostgreSQL are checked: every query of every
# check, with Spark's defaults (expression code generation, adaptive execution). Otherwise the
# CI run checks the slice SPARK_TABLE and SPARK_DATA name (below), in a session that
# interprets expressions and plans once (README, "When one machine is not enough").
SPARK_EVERYWHERE = os.environ.get("SQL_TEST_SPARK") == "all"
KINDS = {"violations", "errors", "report"}

# The first line of the error of each file a dialect cannot compile yet (the same for both).
GAP = "error[unsupported-in-sql]: the {dialect} dialect cannot compile "
EXPECTED_GAPS = {}
# The accountability report's sections a query does not compile yet (README, "When one machine
# is not enough"): the first line of the error `vigil sql --report accountability` gives for
# each file that has one (every dialect alike): none now, every section compiles.
REPORT_GAPS = {}
# Reports checked over the help desk's real log in the exhaustive run only (SQL_TEST_SPARK=all):
# their holders and dishonest pauses sections are checked in the CI run over holders.csv,
# honest_pauses.jsonl, helpdesk_tickets.jsonl and generated records (the three took about
# 100 s of DuckDB's and PostgreSQL's time under a load of 5).
REPORTS_EXHAUSTIVE = {("Tests/VigilTests/Fixtures/sql/holders.vigil",
                       "examples/data/helpdesk_eventlog_italy/helpdesk.csv"),
                      ("examples/helpdesk_holders.vigil",
                       "examples/data/helpdesk_eventlog_italy/helpdesk.csv"),
                      ("examples/helpdesk_pauses.vigil",
                       "examples/data/helpdesk_eventlog_italy/helpdesk.csv")}
# The example data of the files that compile.
EXAMPLE_DATA = ["examples/interactions.jsonl", "examples/interactions.csv"]
# Policies written for this test: the constructs the shipped files do not use, group policies,
# escalation chains and warnings (these two run over the example data too); the benchmark's
# checks are run too.
CONSTRUCTS = "Tests/VigilTests/Fixtures/sql/constructs.vigil"
GROUPS = "Tests/VigilTests/Fixtures/sql/groups.vigil"
ESCALATIONS = "Tests/VigilTests/Fixtures/sql/escalations.vigil"
# Calendars: working time and business days, with versions, holidays and clock changes.
CALENDARS = "Tests/VigilTests/Fixtures/sql/calendars.vigil"
# Calendars over an event log's cases, over generated events only.
CALENDAR_EVENTS = "Tests/VigilTests/Fixtures/sql/calendar_events.vigil"
# Paused clocks of an event log's cases, over generated events only (Spark too).
PAUSES = "Tests/VigilTests/Fixtures/sql/pauses.vigil"
# Honest pauses (`… unless Q`): each dishonest pause a row after its case's violation, over
# honest_pauses.jsonl's boundary instants (Spark too) and generated events.
HONEST = "Tests/VigilTests/Fixtures/sql/honest_pauses.vigil"
# Each cycle of an event log's cases: every, first, last, a paused clock per cycle, a data
# error met in some cycles only (Spark too, over cycles.jsonl).
CYCLES = "Tests/VigilTests/Fixtures/sql/cycles.vigil"
# Sequence policies (`unless followed by`): a chain, `among`, two keys, a follower that meets
# data errors.
SEQUENCES = "Tests/VigilTests/Fixtures/sql/sequences.vigil"
# The holders of an event log's cases (`at breach`, `held longest`, `by share`), over the help desk's
# log, generated events and holders.csv (handoffs at the breach instant under `>` and `>=`,
# before and at the state's start, several at one instant, events without a holder, the same
# holder named again, a state of no length, an open case, events after now, equal times held;
# Spark over holders.csv).
HOLDERS = "Tests/VigilTests/Fixtures/sql/holders.vigil"
# A record's own list of changes (`history`): the holder held longest under `>=`, a paused
# clock alone, the first cycle, a clock paused per cycle, warnings; over generated
# records whose lists hold changes at one instant, unsorted, without `at`, with an unreadable
# one, items that are not objects, empty lists, texts (write_datasets leaves them out of CSV).
RECORD_HISTORY = "Tests/VigilTests/Fixtures/sql/record_history.vigil"
# A record's holders in working time, of its state and per cycle (DuckDB and PostgreSQL).
RECORD_CALENDAR = "Tests/VigilTests/Fixtures/sql/record_calendar.vigil"
# Honest pauses of a record's own list, of its state and per cycle (every engine).
RECORD_HONEST = "Tests/VigilTests/Fixtures/sql/record_honest.vigil"
# Policies reading two lists of a record's changes (DuckDB and PostgreSQL; Spark with
# SQL_TEST_SPARK=all: alike once over the generated JSON Lines, 188 s in a cold session under
# a load of 8, too long for the CI run).
RECORD_LISTS = "Tests/VigilTests/Fixtures/sql/record_lists.vigil"
# A record's own paused clock alone: its accountability report too.
RECORD_PAUSES = "Tests/VigilTests/Fixtures/sql/record_pauses.vigil"
# Windows in zones whose clocks change compile only for a now given (not --now param).
ZONES = "Tests/VigilTests/Fixtures/sql/zones.vigil"
# An event log: the help desk's policies but the paused clock, and more of a case's aggregates.
EVENTS = "Tests/VigilTests/Fixtures/sql/events.vigil"
HELPDESK = "examples/data/helpdesk_eventlog_italy/helpdesk.csv"
# Calendars' tables end at now: a policy that counts working time needs --now given.
WITHOUT_PARAM = {ZONES, "examples/nyc311_groups.vigil", "examples/office_calendar.vigil", CALENDARS,
                 CALENDAR_EVENTS, RECORD_CALENDAR, "examples/helpdesk_calendar.vigil"}
# The first line of the error of a file one dialect cannot compile (the others can).
DIALECT_GAPS = {
    (ZONES, "spark"): ZONES + ":7:3: " + GAP.format(dialect="spark")
    + 'calendar windows in the zone "America/New_York" yet (Spark\'s optimizer copies the '
    "zone's table of clock changes into every use)",
}
# A record's holders per cycle in working time: not Spark (its analyzer gives up after 100
# iterations; calendars' working time and business days compile for Spark, folded over the
# calendar's table collected into an array).
DIALECT_GAPS[(RECORD_CALENDAR, "spark")] = (
    RECORD_CALENDAR + ":17:25: " + GAP.format(dialect="spark")
    + "the holders per cycle of a record's own history in a calendar's working time yet "
    "(Spark's analyzer gives up on the query after 100 iterations)")
# Calendar windows in a zone whose clocks change: not Spark.
DIALECT_GAPS[("examples/nyc311_groups.vigil", "spark")] = (
    "examples/nyc311_groups.vigil:15:3: " + GAP.format(dialect="spark")
    + 'calendar windows in the zone "America/New_York" yet (Spark\'s optimizer copies the '
    "zone's table of clock changes into every use)")
# The instant a file is audited at over data of its own that ended long before NOW (a
# calendar's tables cover the ten years before the instant): the data's own.
DATA_NOW = {("examples/helpdesk_calendar.vigil", HELPDESK): "2014-01-04T00:00:00Z",
            ("examples/helpdesk_tickets.vigil", "examples/helpdesk_tickets.jsonl"):
            "2014-01-04T00:00:00Z"}
# The example data of the files that read their own (instead of EXAMPLE_DATA).
OWN_DATA = {
    "examples/nyc311.vigil": ["examples/data/nyc311_dohmh_2010s/nyc311_dohmh_sample.csv"],
    "examples/nyc311_groups.vigil": ["examples/data/nyc311_dohmh_2010s/nyc311_dohmh_sample.csv"],
    "examples/boston311.vigil": ["examples/data/boston311_open_2025/boston311_open_cases_2025.csv"],
    "examples/cfpb.vigil": ["examples/data/cfpb_complaints_2013/Consumer_Complaints_1000.csv"],
    "examples/itsm_events.vigil": [
        "examples/data/itsm_incident_eventlog/incident_event_log_first5998.csv"],
    EVENTS: [HELPDESK],
    HOLDERS: [HELPDESK],
    "examples/helpdesk_holders.vigil": [HELPDESK],
    "examples/helpdesk_events.vigil": [HELPDESK],
    "examples/helpdesk_cycles.vigil": [HELPDESK],
    "examples/helpdesk_calendar.vigil": [HELPDESK],
    "examples/helpdesk_pauses.vigil": [HELPDESK],
    "examples/helpdesk_tickets.vigil": ["examples/helpdesk_tickets.jsonl"],
    RECORD_HISTORY: [],
    RECORD_PAUSES: [],
    RECORD_CALENDAR: [],
    RECORD_HONEST: [],
    RECORD_LISTS: [],
    CALENDAR_EVENTS: [],
    HONEST: [],
    PAUSES: [],
    CYCLES: [],
}
# Records written for a policy file: ties in the order of a group's records (first, last);
# followers exactly `within` later and 1 ms past it, before the record, at its very time and
# after now, in missing groups, records whose time is up exactly now (sequences.jsonl).
EXTRA_DATA = {GROUPS: ["Tests/VigilTests/Fixtures/sql/ties.jsonl",
                      "Tests/VigilTests/Fixtures/sql/sums.jsonl"],
              "rules/trends.vigil": ["Tests/VigilTests/Fixtures/sql/sequences.jsonl"],
              SEQUENCES: ["Tests/VigilTests/Fixtures/sql/sequences.jsonl"],
              CALENDARS: ["Tests/VigilTests/Fixtures/sql/calendars.jsonl"],
              CYCLES: ["Tests/VigilTests/Fixtures/sql/cycles.jsonl"],
              HONEST: ["Tests/VigilTests/Fixtures/sql/honest_pauses.jsonl"],
              HOLDERS: ["Tests/VigilTests/Fixtures/sql/holders.csv"]}
# The CI run's Spark slice, each construct family once: (policy, data) → the queries checked
# over a view of the data (`--table`), generated records named by their form (".csv" or
# ".jsonl"): an example audit whole (violations, data errors, the accountability report),
# cycles (and a data error met in some cycles, and the holders per cycle), a case's holders
# (and its paused clock), honest pauses and sequences at their boundary instants, group
# policies (and their report), escalation chains and warnings, an event log, a record's own
# lists of changes (a column of their JSON texts, or a text: record_honest.vigil's paused
# clocks with honest pauses, of a state and per cycle; record_pauses.vigil's plain one over
# list_texts.jsonl, check_list_texts). Sequences over generated
# records only with SQL_TEST_SPARK=all (the boundary instants of sequences.jsonl are the
# family's check).
SPARK_TABLE = {
    ("rules/complaints.vigil", "examples/interactions.jsonl"): KINDS,
    (CYCLES, "Tests/VigilTests/Fixtures/sql/cycles.jsonl"): {"violations", "errors"},
    (HOLDERS, "Tests/VigilTests/Fixtures/sql/holders.csv"): {"violations"},
    (HONEST, "Tests/VigilTests/Fixtures/sql/honest_pauses.jsonl"): {"violations"},
    (SEQUENCES, "Tests/VigilTests/Fixtures/sql/sequences.jsonl"): {"violations"},
    (GROUPS, ".csv"): {"violations", "report"},
    (ESCALATIONS, ".csv"): {"violations"},
    ("Benchmarks/events.vigil", ".csv"): {"violations"},
    (RECORD_HONEST, ".jsonl"): {"violations"},
}
# Spark reading the file itself (`--data`: text.`path` for JSON Lines, binaryFile.`path` cut
# into RFC 4180 cells for CSV), in the CI run and with SQL_TEST_SPARK=all (then every query):
# over an example file (interactions.csv's cells hold quoted commas, quotes and a line
# break), and over groups.vigil's generated JSON Lines (odd values). complaints.vigil over
# interactions.jsonl read whole (24 s of the CI run's Spark time under load, its JSON Lines
# reading the same as groups.vigil's) in the exhaustive run only.
SPARK_DATA = {
    ("rules/loyalty.vigil", "examples/interactions.csv"): {"violations"},
    (GROUPS, ".jsonl"): {"violations", "errors"},
}
# Reading the file itself in the exhaustive run only (SQL_TEST_SPARK=all): a record's own
# lists, cycles, holders and paused clocks over record_history.vigil's generated JSON Lines
# (75 s for its violations alone in the CI run, under a load of 7; the CI run reads
# list_texts.jsonl instead, check_list_texts); groups.vigil's generated CSV (the CSV reader
# is checked over interactions.csv in the CI run).
SPARK_DATA_ALL = {
    ("rules/complaints.vigil", "examples/interactions.jsonl"): KINDS,
    (RECORD_HISTORY, ".jsonl"): KINDS,
    (GROUPS, ".csv"): KINDS,
}


def spark_slice(policy, data, generated):
    """The queries Spark checks over a view of `data` and reading it itself."""
    if os.environ.get("SQL_TEST_SPARK") == "none":
        return set(), set()
    key = (policy, os.path.splitext(data)[1] if data in generated else data)
    table = KINDS if SPARK_EVERYWHERE else SPARK_TABLE.get(key, set())
    read = SPARK_DATA.get(key, set()) | (SPARK_DATA_ALL.get(key, set()) if SPARK_EVERYWHERE
                                         else set())
    return table, (KINDS if SPARK_EVERYWHERE and read else read)


# SQL_TEST_ONLY=FILE[,FILE…] checks those policy files alone (while working on them).
ONLY = os.environ.get("SQL_TEST_ONLY", "").split(",") if os.environ.get("SQL_TEST_ONLY") else None

failures = []


class Phases:
    """Wall time spent per phase (vigil, duckdb, postgres, spark, generating records): a phase
    entered inside another is charged to itself alone. And each Spark query's time, to name the
    slowest."""

    def __init__(self):
        self.spent, self.stack, self.since, self.spark = {}, [], time.monotonic(), []
        self.entered = {}

    def charge(self):
        now = time.monotonic()
        if self.stack:
            self.spent[self.stack[-1]] = self.spent.get(self.stack[-1], 0) + now - self.since
        self.since = now

    @contextlib.contextmanager
    def __call__(self, name):
        self.charge()
        self.stack.append(name)
        self.entered[name] = self.entered.get(name, 0) + 1
        try:
            yield
        finally:
            self.charge()
            self.stack.pop()

    def summary(self):
        total = sum(self.spent.values())
        parts = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in
                          sorted(self.spent.items(), key=lambda item: -item[1]))
        slowest = ", ".join(f"{label} {seconds:.0f} s" for seconds, label in
                            sorted(self.spark, reverse=True)[:5])
        spark = sum(seconds for seconds, _ in self.spark)
        every = "".join(f"\n  {seconds:5.1f} s  {label}" for seconds, label in
                        sorted(self.spark, reverse=True))
        return (f"sql-test: {total:.0f} s: {parts}; vigil ran {self.entered.get('vigil', 0)} "
                f"times; {len(self.spark)} Spark queries, {spark:.0f} s (slowest: "
                f"{slowest or 'none'}); each Spark query:{every}")


PHASES = Phases()


def spark_rows(spark, query, label):
    """The rows of a Spark query, its time kept by PHASES."""
    with PHASES("spark"):
        started = time.monotonic()
        rows = spark.sql(query).collect()
        PHASES.spark.append((time.monotonic() - started, label))
        return rows


def run(args, ok=(0, 1)):
    with PHASES("vigil"):
        done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return done


def attempt(policy, dialect, *options):
    """`vigil sql` where it may fail, its time kept by PHASES; a query it writes is kept for
    `sql` (the same arguments), which runs it again otherwise."""
    args = [VIGIL, "sql", policy, "--dialect", dialect, "--now", NOW, *options]
    with PHASES("vigil"):
        done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode == 0:
        COMPILED[(policy, dialect, *options)] = done
    return done


def cell(value):
    """A value of a result row as vigil audit --format csv writes it."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def spreadsheet_safe(text):
    """As CSVText.append: a cell starting with = + - @ tab or CR gets a leading quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def audit(policy, data, now=NOW):
    errors = os.path.join(SCRATCH, "errors.jsonl")
    done = run([VIGIL, "audit", policy, "--data", data, "--now", now, "--format", "csv",
                "--errors", errors])
    rows = list(csv.reader(io.StringIO(done.stdout)))[1:]
    with open(errors, encoding="utf-8") as file:
        lines = [json.loads(line) for line in file]
    errs = [[cell(e["line"]), e["record"], e["policy"], e["field"], cell(e["value"]), e["message"]]
            for e in lines if e["kind"] == "data_error"]
    return rows, errs


def audit_report(policy, data, now=NOW):
    """The rows of vigil audit --report accountability --format csv after its audit rows
    (where the report came from, which a query does not know)."""
    done = run([VIGIL, "audit", policy, "--data", data, "--now", now, "--report",
                "accountability", "--format", "csv"])
    rows = list(csv.reader(io.StringIO(done.stdout)))[1:]
    return [compliance_read(row) for row in rows if row[0] != "audit"]


COMPLIANCE = 17


def compliance_read(row):
    """A report row with its compliance read as a number: the query's is the engine's
    double, written with the engine's digits (README, "When one machine is not enough")."""
    row = list(row)
    if row[COMPLIANCE]:
        row[COMPLIANCE] = float(row[COMPLIANCE])
    return row


def report_rows(rows, records=None):
    """A report query's rows as the CSV report writes them (a table's record without an id
    named as the audit names it)."""
    out = []
    for row in rows:
        row = [spreadsheet_safe(cell(v)) for v in row]
        if records and row[20]:
            row[20] = records.get(row[20], row[20])
        out.append(compliance_read(row))
    return out


def compare(label, expected, got):
    if expected == got:
        return
    detail = [f"{label}: {len(expected)} rows expected, {len(got)} listed"]
    for index, (want, have) in enumerate(zip(expected, got)):
        if want != have:
            detail += [f"  row {index + 1}:", f"    audit: {want}", f"    sql:   {have}"]
            break
    else:
        extra = expected[len(got):] or got[len(expected):]
        detail.append(f"  first extra row: {extra[0]}")
    failures.append("\n".join(detail))


def violation_rows(rows, records=None):
    out = []
    for row in rows:
        row = [cell(v) for v in row]
        if records:
            row[2] = records.get(row[2], row[2])
        out.append([spreadsheet_safe(v) for v in row])
    return out


def error_rows(rows, records=None):
    out = []
    for row in rows:
        row = [cell(v) for v in row[2:]]
        if records and row[0]:  # a group's error has no line
            line, name = records[f"vigil_records:{row[0]}"]
            row[0] = line
            if row[1].startswith("vigil_records:"):
                row[1] = name
        out.append(row)
    return out


# The queries `vigil sql` wrote, by policy file, dialect and options (at NOW).
COMPILED = {}


def sql(policy, dialect, *options, now=NOW):
    """The query `vigil sql` writes, compiled once per policy file, dialect and options: a
    query over the table vigil_records is the same for every data file loaded into it."""
    key = (policy, dialect, *options) if now == NOW else None
    if key in COMPILED:
        return COMPILED[key]
    done = run([VIGIL, "sql", policy, "--dialect", dialect, "--now", now, *options], ok=(0,))
    if key is not None:
        COMPILED[key] = done
    return done


# MARK: - Generated records

def literals(policy):
    """The texts and durations written in a policy file and the files it includes."""
    text = ""
    for path in [policy] + [os.path.join(os.path.dirname(policy), name) for name in
                            re.findall(r'include "([^"]+)"', open(policy).read())]:
        text += open(path, encoding="utf-8").read()
    texts = sorted(set(re.findall(r'"((?:[^"\\]|\\.)*)"', text)))
    units = {"ms": 1, "s": 1000, "m": 60000, "h": 3600000, "d": 86400000, "w": 604800000}
    durations = sorted({int(n) * units[u] for n, u in re.findall(r"\b(\d+)(ms|s|m|h|d|w)\b", text)})
    return texts, durations or [3600000]


def iso(ms, rng):
    """An instant as one of the ISO-8601 forms Vigil reads."""
    offset = rng.choice([0, 0, 0, 60, -300, 330])
    local = ms + offset * 60000
    days, rest = divmod(local, 86400000)
    date = datetime.date(1970, 1, 1) + datetime.timedelta(days=days)
    hours, rest = divmod(rest, 3600000)
    minutes, rest = divmod(rest, 60000)
    seconds, millis = divmod(rest, 1000)
    sep = rng.choice(["T", "T", "T", " ", "t"])
    text = f"{date.isoformat()}{sep}{hours:02d}:{minutes:02d}"
    if seconds or millis or rng.random() < 0.7:
        text += f":{seconds:02d}"
        if millis or rng.random() < 0.1:
            digits = rng.choice([3, 3, 1, 6])
            if digits == 1 and millis % 100:
                digits = 3
            fraction = f"{millis:03d}" + "".join(rng.choice("0123456789") for _ in range(3))
            text += rng.choice([".", ","]) + fraction[:digits]
    if offset == 0:
        text += rng.choice(["Z", "Z", "z", "+00:00"])
    else:
        sign = "+" if offset > 0 else "-"
        h, m = divmod(abs(offset), 60)
        text += rng.choice([f"{sign}{h:02d}:{m:02d}", f"{sign}{h:02d}{m:02d}"])
    return text


BAD_TIMES = ["2026-02-30T10:00:00Z", "2026-11-20T24:00:00Z", "2026-11-20", "2026-11-20 10:00:00",
             "yesterday", "2026-11-20T10:00:00+24:00", "2026-11-20T10:00Z", "2026-11-20T10:00:60Z",
             "2024-02-29T00:00:00Z", "2026-11-2010:00:00Z"]
ODD_VALUES = ["", " 7 ", "\t5\t", "05", "1e400", "2.5", "-3", "abc", "TRUE", "false", "4", "0", "1e2",
              "=cmd", "-", "with,comma", 'with "quote"', "Ünïcödé", "multi\nline"]


# Numbers a sum() or average() adds: fractions whose doubles are not their decimals, large
# values, negatives, zeros, texts that are not numbers; within the sizes one group may mix
# (Grammar.md, "What the SQL means": 1e-6 to 1e12 with 400 records is well inside).
SUMMED_VALUES = ["0.1", "0.2", "0.3", "-0.1", "40.7128", "-73.935242", "1e-6", "123456789012.5",
                 "-999999999999", "0", "-0", "2.5", "1e2", " 7 ", "abc", "", "0.30000000000000004", "1e12", "-1e12"]


def summed_fields(policy):
    """The fields a policy file sums or averages: sum(FIELD …) and average(FIELD …)."""
    text = open(policy, encoding="utf-8").read()
    return set(re.findall(r"\b(?:sum|average)\(`?([A-Za-z_][^`()\s]*)`?", text))


def summed_value(rng):
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(SUMMED_VALUES)
    if roll < 0.7:
        return repr(rng.uniform(-1000, 1000))
    if roll < 0.85:
        return repr(rng.random() / 7)
    return str(rng.randint(-10**12, 10**12))


def pattern_fields(policy):
    """The fields a policy reads with time(FIELD, "pattern", "zone"): field → pattern."""
    text = open(policy, encoding="utf-8").read()
    return {field: pattern for field, pattern in
            re.findall(r'time\(`?([^`,()]+)`?,\s*"([^"]+)"', text)}


# Local times around America/New_York's clock changes of 2026: 02:00-03:00 on 8 March is
# skipped, 01:00-02:00 on 1 November repeated.
CLOCK_CHANGES = [datetime.datetime(2026, 3, 8, 2, 0), datetime.datetime(2026, 11, 1, 1, 0)]
BAD_PATTERN_TEXTS = ["", "yesterday", "02/30/2026 01:00:00 AM", "13/01/2026 01:00:00 PM",
                     "2026-02-30 10:00:00", "2026-11-20 24:00:00", "2026-11-20 10:00:60",
                     "2/30/2026", "13/1/2026", "11/20/26", "2026-11-20T10:00:00", "11/20/2026 "]


def pattern_text(pattern, base_ms, rng):
    """A local time written with one of the patterns the shipped examples use: near a clock
    change, or near the generated base instant; or a text that does not match."""
    roll = rng.random()
    if roll < 0.1:
        return rng.choice(BAD_PATTERN_TEXTS)
    if roll < 0.55:
        local = rng.choice(CLOCK_CHANGES) + datetime.timedelta(
            minutes=rng.randrange(-90, 150), seconds=rng.choice([0, 0, 1, 59]))
    else:
        local = datetime.datetime(1970, 1, 1) + datetime.timedelta(
            milliseconds=base_ms - 5 * 3600000)
    y, mo, d, h, mi, s = local.year, local.month, local.day, local.hour, local.minute, local.second
    if pattern == "MM/dd/yyyy hh:mm:ss a":
        marker = rng.choice(["AM", "am"]) if h < 12 else rng.choice(["PM", "pm"])
        month = f"{mo:02d}" if rng.random() < 0.8 else str(mo)
        return f"{month}/{d:02d}/{y} {h % 12 or 12:02d}:{mi:02d}:{s:02d} {marker}"
    if pattern == "yyyy-MM-dd HH:mm:ss":
        return f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}"
    if pattern == "M/d/yyyy":
        return f"{mo}/{d}/{y}" if rng.random() < 0.8 else f"{mo:02d}/{d:02d}/{y}"
    if pattern == "dd-MM-yyyy HH:mm":
        return f"{d:02d}-{mo:02d}-{y} {h:02d}:{mi:02d}"
    if pattern == "yyyy/M/d H:mm:ss":
        return f"{y}/{mo}/{d} {h}:{mi:02d}:{s:02d}"
    raise SystemExit(f"sql_test.py: no generator for the time() pattern {pattern!r}")


def case_keys(policy):
    """The fields that name an event log's case (`events per A, B, ordered by …`)."""
    found = re.search(r"^events per (.+?), ordered by", open(policy, encoding="utf-8").read(), re.M)
    return [] if not found else [[key.strip().strip("`")] for key in found.group(1).split(",")]


# Instants where a calendar's working time is irregular: Rome's and New York's clock changes
# of 2026, the local midnights of holidays (calendars.vigil, office_calendar.vigil) and the
# instants versions take effect. A policy file with a calendar gets times around them.
CALENDAR_INSTANTS = [
    datetime.datetime(2026, 3, 29, 1), datetime.datetime(2026, 10, 25, 1),
    datetime.datetime(2026, 3, 8, 7), datetime.datetime(2026, 11, 1, 6),
    datetime.datetime(2026, 3, 29, 22), datetime.datetime(2026, 10, 25, 23),
    datetime.datetime(2026, 11, 3, 23), datetime.datetime(2026, 8, 13, 22),
    datetime.datetime(2026, 5, 31, 22), datetime.datetime(2026, 10, 28, 6)]
CALENDAR_MS = [int((t - datetime.datetime(1970, 1, 1)).total_seconds()) * 1000
               for t in CALENDAR_INSTANTS]


def generate(policy, fields, seed):
    rng = random.Random(seed)
    calendars = re.search(r"^calendar ", open(policy, encoding="utf-8").read(), re.M)
    # A sequence policy's records spread over weeks, so that some wait in vain.
    sequences = "unless followed by" in open(policy, encoding="utf-8").read()
    patterns = pattern_fields(policy)
    summed = summed_fields(policy)
    texts, durations = literals(policy)
    deltas = [0, 1, -1] + [d + e for d in durations for e in (0, 1, -1)]
    # An event log's events fall into a few dozen cases, each around a time of its own.
    keys = case_keys(policy)
    lists = list_fields(policy)
    cases = [NOW_MS - rng.choice(deltas + [rng.randrange(0, 400 * 86400000)]) for _ in range(40)]
    records = []
    for n in range(RECORDS):
        base = NOW_MS - rng.choice(deltas + [rng.randrange(0, 400 * 86400000)])
        if sequences and rng.random() < 0.8:
            base = NOW_MS - rng.randrange(0, 60 * 86400000)
        if calendars and rng.random() < 0.4:
            base = rng.choice(CALENDAR_MS) + rng.choice(
                [0, 1, -1, 1800000, -1800000, 3600000, -3600000, rng.randrange(-86400000, 86400000)])
        case = rng.randrange(len(cases))
        if keys:
            base = cases[case] + rng.choice([0, 0, 1, -1, rng.randrange(-40 * 86400000, 40 * 86400000)])
        record = {}
        for path in fields:
            if path in keys:
                value = f"Case {case}" if rng.random() < 0.97 else rng.choice([None, "", "case 1"])
            elif ".".join(path) in lists:
                value = history_value(rng, base, texts, deltas)
                if value == "absent":
                    continue
            elif path == ["id"]:
                value = f"R{n:05d}" if rng.random() < 0.95 else None
            elif len(path) == 1 and path[0] in summed:
                value = summed_value(rng) if rng.random() < 0.9 else None
            elif len(path) == 1 and path[0] in patterns:
                value = pattern_text(patterns[path[0]], base, rng) if rng.random() < 0.9 else None
            elif re.search(r"(^at|_at|date|time)$", path[-1]):
                roll = rng.random()
                if roll < 0.1:
                    continue
                elif roll < 0.15:
                    value = None
                elif roll < 0.2:
                    value = rng.choice(BAD_TIMES + [""])
                elif roll < 0.27 and records:
                    # The same time as an earlier record's (ties in a group's order).
                    earlier = flatten(rng.choice(records)).get(".".join(path))
                    if earlier is None:
                        continue
                    value = earlier
                else:
                    shift = rng.choice(deltas + [-d for d in deltas[:3]] + [rng.randrange(-10**9, 10**9)])
                    value = iso(base + shift, rng)
            else:
                roll = rng.random()
                if roll < 0.1:
                    continue
                elif roll < 0.15:
                    value = None
                elif roll < 0.65 and texts:
                    value = rng.choice(texts)
                else:
                    value = rng.choice(ODD_VALUES)
            target = record
            for key in path[:-1]:
                target = target.setdefault(key, {})
            target[path[-1]] = value
        records.append(record)
    return records


def list_fields(policy):
    """The records' lists of changes a policy file reads (`paused in H while`, `each cycle in
    H`, `… in H` after a holder's words), not a case's `history(F)`."""
    text = open(policy, encoding="utf-8").read()
    return {name for name in re.findall(
        r"(?:paused in|each cycle in|at breach in|held longest in|by share in) "
        r"([A-Za-z_][\w.]*)(?![\w.(])", text)}


HOLDERS_NAMED = ["Value 1", "Value 2", "Value 3", "ana", "bo"]


def history_value(rng, base, texts, deltas):
    """A record's list of changes: mostly changes around `base` (at one instant, unsorted,
    exactly a threshold apart), some without `at` or with one that cannot be read, items that
    are not objects, empty lists; or a text, null, absent (None for absent: the caller skips
    it)."""
    roll = rng.random()
    if roll < 0.04:
        return "absent"
    if roll < 0.07:
        return None
    if roll < 0.1:
        return rng.choice(["abc", "", "waiting"])
    changes, at = [], base
    for _ in range(rng.randrange(0, 8)):
        if rng.random() < 0.03:
            changes.append(rng.choice([5, "x", None]))
            continue
        change = {}
        step = rng.random()
        if step < 0.2 and changes:
            pass  # the same instant as the change before
        elif step < 0.3:
            at = base + rng.choice(deltas)
        else:
            at = at + rng.randrange(0, 3 * 86400000)
        roll = rng.random()
        if roll < 0.03:
            pass
        elif roll < 0.05:
            change["at"] = None
        elif roll < 0.07:
            change["at"] = rng.choice(BAD_TIMES + [""])
        else:
            change["at"] = iso(at, rng)
        for key in ("activity", "status"):
            if rng.random() < 0.95:
                change[key] = rng.choice(texts) if texts else "open"
        for key in ("resource", "assignee"):
            if rng.random() < 0.9:
                change[key] = rng.choice(HOLDERS_NAMED + [None])
        changes.append(change)
    if rng.random() < 0.3:
        rng.shuffle(changes)
    return changes


def flatten(record, prefix=""):
    out = {}
    for key, value in record.items():
        if isinstance(value, dict):
            out.update(flatten(value, prefix + key + "."))
        else:
            out[prefix + key] = value
    return out


def write_datasets(name, records, fields):
    jsonl = os.path.join(SCRATCH, name + ".jsonl")
    with open(jsonl, "w", encoding="utf-8") as file:
        for record in records:
            file.write(json.dumps(record, ensure_ascii=False) + "\n")
    header = [".".join(path) for path in fields]
    path_csv = os.path.join(SCRATCH, name + ".csv")
    with open(path_csv, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        for record in records:
            flat = flatten(record)
            # JSON's null and an absent key are both an empty cell; a CSV cell holds no list
            # (a record's changes are left out: their lists missing).
            writer.writerow(["" if flat.get(column) is None or isinstance(flat[column], list)
                             else flat[column] for column in header])
    return [jsonl, path_csv]


# MARK: - PostgreSQL

def missing_texts(policy):
    """The texts a policy file's `missing` lines read as missing in a CSV cell."""
    text = open(policy, encoding="utf-8").read()
    return {item for line in re.findall(r"^missing (.+)$", text, re.M)
            for item in re.findall(r'"((?:[^"\\]|\\.)*)"', line)}


def table_rows(data, fields, missing=()):
    """A data file's records as rows of texts (a column per field, nested fields by their
    dotted path), in input order, with each record's line; and the columns. A CSV cell
    holding one of the `missing` texts is loaded as NULL, as a warehouse loads a file whose
    placeholder it is told (COPY … NULL '?'): a table's texts are its own."""
    rows, lines = [], []
    if data.endswith(".csv"):
        with open(data, encoding="utf-8", newline="") as file:
            reader = csv.reader(file)
            header = next(reader)
            line = 2
            for row in reader:
                rows.append({name: (None if value in missing else value or None)
                             for name, value in zip(header, row)})
                lines.append(line)
                line += 1 + sum(value.count("\n") for value in row)
    else:
        with open(data, encoding="utf-8") as file:
            for number, text in enumerate(file, start=1):
                try:
                    record = json.loads(text)
                except ValueError:
                    continue
                if not isinstance(record, dict):
                    continue
                rows.append({key: value if value is None or isinstance(value, str) else json.dumps(value)
                             for key, value in flatten(record).items()})
                lines.append(number)
    # A column without a name (a CSV's unnamed index column) no policy can read.
    columns = sorted(({".".join(path) for path in fields} | {key for row in rows for key in row})
                     - {""})
    return rows, lines, columns


def load_postgres(connection, data, fields, missing):
    """Loads a data file into table vigil_records, a text column per field, in input order.
    Returns how its records are named in the audit: table name → (line, name)."""
    rows, lines, columns = table_rows(data, fields, missing)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS vigil_records")
        cursor.execute("CREATE TABLE vigil_records (" + ", ".join(
            '"' + c.replace('"', '""') + '" TEXT' for c in columns) + ")")
        with cursor.copy("COPY vigil_records (" + ", ".join(
                '"' + c.replace('"', '""') + '"' for c in columns) + ") FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row.get(c) for c in columns])
    connection.commit()
    return record_names(data, lines)


def record_names(data, lines):
    """How the audit names each record of the table: table name → (line, FILE:LINE)."""
    return {f"vigil_records:{index + 1}": (str(line), f"{data}:{line}")
            for index, line in enumerate(lines)}


def load_spark(spark, data, fields, missing):
    """Loads a data file into the temporary view vigil_records, as load_postgres does."""
    rows, lines, columns = table_rows(data, fields, missing)
    schema = StructType([StructField(c, StringType()) for c in columns])
    frame = spark.createDataFrame([[row.get(c) for c in columns] for row in rows], schema)
    frame.coalesce(1).createOrReplaceTempView("vigil_records")
    return record_names(data, lines)


def check_spark_data(policy, data, now, want_rows, want_errors, want_report, spark, kinds):
    """The query that reads the file itself (`--data`) in Spark: the queries `kinds` names."""
    label = f"{policy} over {data} (spark --data"
    if "violations" in kinds:
        rows = spark_rows(spark, sql(policy, "spark", "--data", data, now=now).stdout, label + ")")
        compare(label + ")", want_rows, violation_rows(rows))
    if "errors" in kinds:
        rows = spark_rows(spark, sql(policy, "spark", "--data", data, "--errors", now=now).stdout,
                          label + ", --errors)")
        compare(label + ", --errors)", want_errors, error_rows(rows))
    if "report" in kinds and want_report is not None:
        rows = spark_rows(spark, sql(policy, "spark", "--data", data, "--report", "accountability",
                                     now=now).stdout, label + ", --report accountability)")
        compare(label + ", --report accountability)", want_report, report_rows(rows))


def check(policy, data, fields, connection, spark, spark_kinds, spark_data_kinds):
    """Checks one policy file over one data file in DuckDB and PostgreSQL (every query), and
    in Spark the queries `spark_kinds` names over a view of the file and `spark_data_kinds`
    names reading the file itself (violations, errors, report)."""
    now = DATA_NOW.get((policy, data), NOW)
    want_rows, want_errors = audit(policy, data, now)
    reports = policy not in REPORT_GAPS and (SPARK_EVERYWHERE
                                             or (policy, data) not in REPORTS_EXHAUSTIVE)
    want_report = audit_report(policy, data, now) if reports else None
    with PHASES("duckdb"):
        check_duckdb(policy, data, now, want_rows, want_errors, want_report)
    with PHASES("postgres"):
        check_postgres(policy, data, now, fields, connection, want_rows, want_errors, want_report)
    if (policy, "spark") in DIALECT_GAPS:
        return
    if spark_data_kinds:
        check_spark_data(policy, data, now, want_rows, want_errors, want_report, spark,
                         spark_data_kinds)
    if not spark_kinds:
        return
    with PHASES("spark"):
        names = load_spark(spark, data, fields, missing_texts(policy))
    records = {table: name for table, (_, name) in names.items()}
    label = f"{policy} over {data} (spark"
    if "violations" in spark_kinds:
        rows = spark_rows(spark, sql(policy, "spark", "--table", "vigil_records", now=now).stdout,
                          label + ")")
        compare(label + ")", want_rows, violation_rows(rows, records))
    if "errors" in spark_kinds:
        rows = spark_rows(spark, sql(policy, "spark", "--table", "vigil_records", "--errors",
                                     now=now).stdout, label + ", --errors)")
        compare(label + ", --errors)", want_errors, error_rows(rows, names))
    if "report" in spark_kinds and reports:
        rows = spark_rows(spark, sql(policy, "spark", "--table", "vigil_records", "--report",
                                     "accountability", now=now).stdout,
                          label + ", --report accountability)")
        compare(label + ", --report accountability)", want_report, report_rows(rows, records))


# The policy files whose --now param query DuckDB ran.
PARAM_CHECKED = set()


def check_duckdb(policy, data, now, want_rows, want_errors, want_report):
    con = duckdb.connect()
    got = con.sql(sql(policy, "duckdb", "--data", data, now=now).stdout).fetchall()
    compare(f"{policy} over {data} (duckdb)", want_rows, violation_rows(got))
    got = con.sql(sql(policy, "duckdb", "--data", data, "--errors", now=now).stdout).fetchall()
    compare(f"{policy} over {data} (duckdb, --errors)", want_errors, error_rows(got))
    if want_report is not None:
        got = con.sql(sql(policy, "duckdb", "--data", data, "--report", "accountability",
                          now=now).stdout).fetchall()
        compare(f"{policy} over {data} (duckdb, --report accountability)", want_report,
                report_rows(got))
    # The instant as the query's parameter, in another of the forms Vigil reads: over the
    # first data file checked of each policy file (the parameter is read once, whatever the
    # records).
    if policy not in WITHOUT_PARAM and now == NOW and policy not in PARAM_CHECKED:
        PARAM_CHECKED.add(policy)
        query = run([VIGIL, "sql", policy, "--dialect", "duckdb", "--data", data, "--now", "param"],
                    ok=(0,)).stdout
        got = con.execute(query, {"now": "2026-11-25t01:00+01:00"}).fetchall()
        compare(f"{policy} over {data} (duckdb, --now param)", want_rows, violation_rows(got))


def check_postgres(policy, data, now, fields, connection, want_rows, want_errors, want_report):
    names = load_postgres(connection, data, fields, missing_texts(policy))
    records = {table: name for table, (_, name) in names.items()}
    with connection.cursor() as cursor:
        cursor.execute(sql(policy, "postgres", "--table", "vigil_records", now=now).stdout)
        compare(f"{policy} over {data} (postgres)", want_rows,
                violation_rows(cursor.fetchall(), records))
        cursor.execute(sql(policy, "postgres", "--table", "vigil_records", "--errors",
                           now=now).stdout)
        compare(f"{policy} over {data} (postgres, --errors)", want_errors,
                error_rows(cursor.fetchall(), names))
        if want_report is not None:
            cursor.execute(sql(policy, "postgres", "--table", "vigil_records", "--report",
                               "accountability", now=now).stdout)
            compare(f"{policy} over {data} (postgres, --report accountability)", want_report,
                    report_rows(cursor.fetchall(), records))
    connection.rollback()


def check_sum_limit(connection, spark):
    """A group whose numbers differ too much in size for an exact sum in 38 digits stops each
    engine's query with the error that says so, rather than listing another sum."""
    data = os.path.join(SCRATCH, "wide_sums.jsonl")
    with open(data, "w", encoding="utf-8") as file:
        for number, amount in enumerate(["1e-300", "1", "2"]):
            file.write(json.dumps({"id": f"W{number}", "owner": "wide", "amount": amount}) + "\n")
    fields = [["amount"], ["channel"], ["created_at"], ["id"], ["owner"], ["resolved_at"],
              ["rings"], ["team"]]
    said = ("the numbers of sum(amount) in a group differ too much in size to be summed exactly"
            " in 38 digits")
    runs = {"duckdb": lambda: duckdb.connect().sql(sql(GROUPS, "duckdb", "--data", data).stdout)
            .fetchall()}
    def postgres():
        load_postgres(connection, data, fields, ())
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql(GROUPS, "postgres", "--table", "vigil_records").stdout)
                return cursor.fetchall()
        finally:
            connection.rollback()
    def on_spark():
        with PHASES("spark"):
            load_spark(spark, data, fields, ())
        return spark_rows(spark, sql(GROUPS, "spark", "--table", "vigil_records").stdout,
                          "wide sums (spark)")
    runs["postgres"], runs["spark"] = postgres, on_spark
    for dialect, query in runs.items():
        try:
            rows = query()
        except Exception as error:  # each engine's own error type
            if said not in str(error):
                failures.append(f"wide sums ({dialect}): another error: {str(error)[:500]}")
            continue
        failures.append(f"wide sums ({dialect}): no error, {len(rows)} rows")


def check_calendar_limit(connection):
    """A state counted in a calendar that starts before the calendar's table (ten years before
    now, to the Monday) stops each engine's query with the error that says so, rather than
    counting less working time."""
    data = os.path.join(SCRATCH, "old_states.jsonl")
    with open(data, "w", encoding="utf-8") as file:
        for number, start in enumerate(["2026-11-02T09:00:00Z", "2016-11-20T23:59:59.999Z"]):
            file.write(json.dumps({"id": f"O{number}", "owner": "o", "created_at": start,
                                   "resolved_at": "2026-11-03T09:00:00Z"}) + "\n")
    fields = [["created_at"], ["id"], ["owner"], ["resolved_at"]]
    said = ("starts before 2016-11-21T00:00:00Z, where its table of working hours begins (ten "
            "years before now): audit it with vigil audit")
    def postgres():
        load_postgres(connection, data, fields, ())
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql(CALENDARS, "postgres", "--table", "vigil_records").stdout)
                return cursor.fetchall()
        finally:
            connection.rollback()
    runs = {"duckdb": lambda: duckdb.connect().sql(sql(CALENDARS, "duckdb", "--data", data).stdout)
            .fetchall(), "postgres": postgres}
    for dialect, query in runs.items():
        try:
            rows = query()
        except Exception as error:  # each engine's own error type
            if said not in str(error):
                failures.append(f"old states ({dialect}): another error: {str(error)[:500]}")
            continue
        failures.append(f"old states ({dialect}): no error, {len(rows)} rows")


# A record's own list from a JSON Lines file, where a text holding a list (or an object) must be
# read as a text, not as the list: texts holding lists, objects and empty lists, items that are
# texts holding an object, `at`s that are numbers, `true` or a text of digits, texts with
# brackets, commas and escaped quotes inside a list's changes, a line spaced out. A table holds
# a list as its JSON text (a text holding one is the list), so only the queries that read the
# file itself are checked: DuckDB's and Spark's (in the CI run too).
LIST_TEXTS = "Tests/VigilTests/Fixtures/sql/list_texts.jsonl"


def check_list_texts(spark):
    """RECORD_PAUSES over LIST_TEXTS, reading the file itself, in DuckDB and Spark."""
    want_rows, want_errors = audit(RECORD_PAUSES, LIST_TEXTS)
    with PHASES("duckdb"):
        con = duckdb.connect()
        got = con.sql(sql(RECORD_PAUSES, "duckdb", "--data", LIST_TEXTS).stdout).fetchall()
        compare(f"{RECORD_PAUSES} over {LIST_TEXTS} (duckdb)", want_rows, violation_rows(got))
        got = con.sql(sql(RECORD_PAUSES, "duckdb", "--data", LIST_TEXTS, "--errors").stdout).fetchall()
        compare(f"{RECORD_PAUSES} over {LIST_TEXTS} (duckdb, --errors)", want_errors, error_rows(got))
    if os.environ.get("SQL_TEST_SPARK") != "none":
        check_spark_data(RECORD_PAUSES, LIST_TEXTS, NOW, want_rows, want_errors, None, spark,
                         {"violations", "errors"})


def fields_of(policy):
    query = sql(policy, "duckdb", "--data", os.path.join(SCRATCH, "none.jsonl")).stdout
    return [[key for key in re.findall(r'"([^"]*)"', path)] for path in
            re.findall(r"json_extract_string\(vigil_json, '\$\.((?:\"[^\"]*\"\.?)+)'\)", query)]


def main():
    policies = (sorted(glob.glob("rules/*.vigil")) + sorted(glob.glob("examples/*.vigil"))
                + [CONSTRUCTS, GROUPS, ESCALATIONS, SEQUENCES, CALENDARS, CALENDAR_EVENTS, PAUSES, HONEST, CYCLES, HOLDERS, ZONES, EVENTS,
                   RECORD_HISTORY, RECORD_PAUSES, RECORD_CALENDAR, RECORD_HONEST,
                   RECORD_LISTS,
                   "Benchmarks/checks.vigil",
                   "Benchmarks/events.vigil"])
    if ONLY:
        policies = ONLY
    connection = psycopg.connect(POSTGRES)
    # One session for every query; local, two threads, no UI.
    # 2 GB of heap: the default 1 GB ran out after a hundred queries' plans.
    builder = (SparkSession.builder.master("local[2]").appName("vigil-sql-test")
               .config("spark.driver.memory", "2g")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.codegen.wholeStage", "false")
               .config("spark.ui.showConsoleProgress", "false"))
    if not SPARK_EVERYWHERE:
        # A few records per query: compiling each expression to Java took longer than
        # interpreting it, and adaptive execution planned each stage again (README, "When one
        # machine is not enough").
        builder = (builder.config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
                   .config("spark.sql.adaptive.enabled", "false"))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    checked = spark_checked = reported = spark_read = 0
    for policy in policies:
        for dialect in DIALECTS:
            done = attempt(policy, dialect, "--table", "vigil_records")
            expected = DIALECT_GAPS.get((policy, dialect)) or EXPECTED_GAPS.get(policy)
            first = done.stderr.splitlines()[0] if done.stderr else ""
            if expected is None and done.returncode != 0:
                failures.append(f"{policy} ({dialect}) does not compile:\n{done.stderr}")
            elif expected is not None and first != expected.format(dialect=dialect):
                failures.append(f"{policy} ({dialect}): expected\n  {expected.format(dialect=dialect)}\n"
                                f"got (exit {done.returncode})\n  {first}")
            # The report: its own gaps first, then the dialect's.
            done = attempt(policy, dialect, "--table", "vigil_records", "--report",
                           "accountability")
            expected = REPORT_GAPS.get(policy) or expected
            first = done.stderr.splitlines()[0] if done.stderr else ""
            if expected is None and done.returncode != 0:
                failures.append(f"{policy} ({dialect}, --report accountability) does not compile:"
                                f"\n{done.stderr}")
            elif expected is not None and first != expected.format(dialect=dialect):
                failures.append(f"{policy} ({dialect}, --report accountability): expected\n  "
                                f"{expected.format(dialect=dialect)}\ngot (exit {done.returncode})"
                                f"\n  {first}")
        if policy in EXPECTED_GAPS:
            continue
        fields = fields_of(policy)
        seed = sum(map(ord, policy))
        name = os.path.basename(policy).removesuffix(".vigil")
        examples = ([] if policy == CONSTRUCTS else
                    OWN_DATA.get(policy, EXAMPLE_DATA) + EXTRA_DATA.get(policy, []))
        with PHASES("generating"):
            generated = write_datasets(name, generate(policy, fields, seed), fields)
        for data in examples + generated:
            spark_kinds, spark_data_kinds = spark_slice(policy, data, generated)
            check(policy, data, fields, connection, spark, spark_kinds, spark_data_kinds)
            checked += 1
            spark_checked += bool(spark_kinds) and (policy, "spark") not in DIALECT_GAPS
            spark_read += bool(spark_data_kinds) and (policy, "spark") not in DIALECT_GAPS
            reported += policy not in REPORT_GAPS and (
                SPARK_EVERYWHERE or (policy, data) not in REPORTS_EXHAUSTIVE)
    if not ONLY or GROUPS in ONLY:
        check_sum_limit(connection, spark)
    if not ONLY or CALENDARS in ONLY:
        check_calendar_limit(connection)
    if not ONLY or RECORD_PAUSES in ONLY:
        check_list_texts(spark)
    spark.stop()
    print(PHASES.summary(), file=sys.stderr)
    if failures:
        print("\n\n".join(failures), file=sys.stderr)
        raise SystemExit(f"sql-test: {len(failures)} difference(s)")
    spark_note = ("" if SPARK_EVERYWHERE else f" (spark: {spark_checked} of them)") + (
        f"; spark read the file itself (--data) in {spark_read}")
    print(f"sql-test: {checked} audits listed alike by {', '.join(DIALECTS)}{spark_note}; "
          f"{len(EXPECTED_GAPS)} files fail to compile as expected; the accountability report "
          f"alike in {reported} of them ({len(REPORT_GAPS)} files' reports fail to compile as "
          "expected)")


main()
