#!/usr/bin/python3
"""Whole-process conversion benchmarks, Sluice side by side with DuckDB (threads=2) in the same
run: CSV to Parquet and JSON lines to Parquet at the given sizes (orders and events from
generate_data.py, generated once per size into --data). Times come from hyperfine (mean of
--runs runs after a warm-up, Sluice and DuckDB alternating in one hyperfine call); peak memory
and CPU time (user + system, which other load on the machine disturbs less than wall time)
from /usr/bin/time on one more run each. DuckDB runs inside Node; its table also shows the
statement's own time (Node's start-up excluded) and the ratios use both. Prints a Markdown
table.

Usage: bench/formats/run_conversions.py [--sizes 1000000,5000000] [--runs 3] [--data /tmp/sluice-bench]
                                        [--sluice build/sluice] [--threads 2]
"""
import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NODE_ENV = dict(os.environ, NODE_PATH=str(ROOT / "node_modules"))


def ensure_data(data_dir, rows):
    folder = pathlib.Path(data_dir) / f"{rows}"
    if not (folder / "orders.csv").exists() or not (folder / "events.jsonl").exists():
        subprocess.run([sys.executable, str(HERE / "generate_data.py"), str(folder), "--orders", str(rows),
                        "--only", "orders"], check=True)
        subprocess.run([sys.executable, str(HERE / "generate_data.py"), str(folder), "--orders", str(rows),
                        "--only", "events"], check=True)
    return folder


def duckdb_command(threads, sql):
    return ["/usr/bin/node", str(HERE / "duckdb_query.js"), str(threads), sql]


def peak_rss_and_cpu(command, env=None):
    """Peak resident MB, CPU seconds (user + system) and stdout of one run."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"{command} failed: {result.stderr[-2000:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    user = re.search(r"User time \(seconds\): ([\d.]+)", result.stderr)
    system = re.search(r"System time \(seconds\): ([\d.]+)", result.stderr)
    return int(rss.group(1)) / 1024, float(user.group(1)) + float(system.group(1)), result.stdout


def hyperfine(commands, runs):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(["hyperfine", "--warmup", "1", "--runs", str(runs), "--export-json", out.name,
                        "--style", "none", *commands], check=True, env=NODE_ENV, capture_output=True)
        return [r["mean"] for r in json.load(open(out.name))["results"]]


def shell(command):
    return " ".join(f"'{c}'" if (" " in c or "(" in c) else c for c in command)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000000,5000000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", default="/tmp/sluice-bench")
    parser.add_argument("--sluice", default=str(ROOT / "build" / "sluice"))
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    out_dir = tempfile.mkdtemp(prefix="sluice-bench-out-")
    lines = ["| task | rows | input | Sluice s | DuckDB s (process) | DuckDB s (statement) | ratio (process) | "
             "ratio (statement) | Sluice CPU s | DuckDB CPU s | Sluice peak MB | DuckDB peak MB |", "|" + " --- |" * 12]
    for rows in [int(s) for s in args.sizes.split(",")]:
        data = ensure_data(args.data, rows)
        tasks = [
            ("CSV → Parquet", data / "orders.csv",
             f"COPY (SELECT * FROM read_csv('{data / 'orders.csv'}')) TO '{out_dir}/duck.parquet' (FORMAT parquet)"),
            ("JSON lines → Parquet", data / "events.jsonl",
             f"COPY (SELECT * FROM read_json('{data / 'events.jsonl'}')) TO '{out_dir}/duck.parquet' (FORMAT parquet)"),
        ]
        for name, source, sql in tasks:
            sluice = [args.sluice, "convert", str(source), f"{out_dir}/sluice.parquet", "--threads", str(args.threads)]
            duck = duckdb_command(args.threads, sql)
            sluice_s, duck_s = hyperfine([shell(sluice), shell(duck)], args.runs)
            sluice_mb, sluice_cpu, _ = peak_rss_and_cpu(sluice)
            duck_mb, duck_cpu, out = peak_rss_and_cpu(duck, env=NODE_ENV)
            statement_s = json.loads(out)["seconds"]
            size_mb = source.stat().st_size / 1e6
            lines.append(f"| {name} | {rows:,} | {size_mb:.0f} MB | {sluice_s:.2f} | {duck_s:.2f} | {statement_s:.2f} | "
                         f"{sluice_s / duck_s:.2f} | {sluice_s / statement_s:.2f} | {sluice_cpu:.2f} | {duck_cpu:.2f} | "
                         f"{sluice_mb:.0f} | {duck_mb:.0f} |")
            print(lines[-1], file=sys.stderr)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
