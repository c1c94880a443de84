"""Times the Spark SQL that `vigil sql --dialect spark` compiles, on Spark local[2], against
`vigil audit` on the same records, and checks that both list the same violations.

    ~/.cache/vigil-ci/venv-sql/bin/python Benchmarks/spark_sql.py VIGIL RULES DATA [RUNS]

DATA is JSON Lines; its fields are loaded as text columns into the view vigil_records (the
load is timed apart), and the query is run RUNS times (default 3), its rows written to CSV.
The audit instant is the benchmark's, 2026-11-25T00:00:00Z. Needs pyspark and Java 17
(.ci/sql-test installs the first in ~/.cache/vigil-ci/venv-sql).
"""
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from pyspark.sql import SparkSession
from pyspark.sql.types import StringType, StructField, StructType

NOW = "2026-11-25T00:00:00Z"


def main():
    vigil, rules, data = sys.argv[1:4]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    query = subprocess.run([vigil, "sql", rules, "--dialect", "spark", "--table", "vigil_records",
                            "--now", NOW], capture_output=True, text=True, check=True).stdout
    with open(data, encoding="utf-8") as file:
        first = json.loads(file.readline())
    columns = [key for key, value in first.items() if not isinstance(value, dict)]
    with open(data, encoding="utf-8") as file:
        for _, line in zip(range(1000), file):
            for key, value in json.loads(line).items():
                if key not in columns and not isinstance(value, dict):
                    columns.append(key)
    spark = (SparkSession.builder.master("local[2]").appName("vigil-spark-sql")
             .config("spark.driver.memory", "4g").config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "2")
             # As .ci/sql-test: whole-stage code generation of these queries outgrows Java's limits.
             .config("spark.sql.codegen.wholeStage", "false")
             .config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    schema = StructType([StructField(c, StringType()) for c in columns])
    started = time.monotonic()
    frame = spark.read.schema(schema).json(data).cache()
    count = frame.count()
    frame.createOrReplaceTempView("vigil_records")
    loaded = time.monotonic() - started
    out = tempfile.mkdtemp()
    times = []
    for run in range(runs):
        started = time.monotonic()
        spark.sql(query).write.mode("overwrite").option("header", True).csv(out)
        times.append(time.monotonic() - started)
    spark_rows = []
    for name in sorted(os.listdir(out)):
        if name.endswith(".csv"):
            with open(os.path.join(out, name), encoding="utf-8") as file:
                spark_rows += list(csv.reader(file))[1:]
    spark.stop()
    audit = subprocess.run([vigil, "audit", rules, "--data", data, "--now", NOW, "--format", "csv"],
                           capture_output=True, text=True)
    audit_rows = list(csv.reader(audit.stdout.splitlines()))[1:]
    key = lambda row: (row[0], row[2], row[3].strip('"'), row[7])
    same = sorted(map(key, audit_rows)) == sorted(map(key, spark_rows))
    print(f"records: {count}, loaded in {loaded:.1f} s; query runs: "
          + ", ".join(f"{t:.1f} s" for t in times) + f" (median {statistics.median(times):.1f} s)")
    print(f"rows: spark {len(spark_rows)}, vigil audit {len(audit_rows)}; "
          f"policy, record, party and open {'the same' if same else 'DIFFERENT'}")
    if not same:
        raise SystemExit(1)


main()
