#!/usr/bin/python3
"""Whole-process conversion benchmarks, Sluice side by side with DuckDB (threads=2) in the same
run: CSV to Parquet and JSON lines to Parquet at the given sizes (orders and events from
generate_data.py, generated once per size into --data). Times come from hyperfine (mean of
--runs runs after a warm-up, Sluice and DuckDB alternating in one hyperfine call); peak memory
and CPU time (user + system, which other load on the machine disturbs less than wall time)
from /usr/bin/time on one more run each. DuckDB runs inside Node; its table also shows the
statement's own time (Node's start-up excluded) and the ratios use both. Prints a Markdown
table.

With --pandas, a second table compares Sluice, DuckDB and pandas (Debian's python3-pandas, which
cannot write Parquet without pyarrow) on a task all three do: orders.csv read with type
inference and written as JSON lines (pandas: read_csv, then to_json(orient="records",
lines=True); single-threaded, as pandas is).

Usage: bench/formats/run_conversions.py [--sizes 1000000,5000000] [--runs 3] [--data /tmp/sluice-bench]
                                        [--sluice build/sluice] [--threads 2] [--pandas]
"""
import argparse
import json
import os
import pathlib
import re
import shlex
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


PANDAS_SCRIPT = """
import sys, pandas
pandas.read_csv(sys.argv[1]).to_json(sys.argv[2], orient="records", lines=True)
"""


def pandas_rows(args, sizes, out_dir):
    """The CSV → JSON lines table: Sluice, DuckDB and pandas, times by hyperfine, peak RSS."""
    lines = ["| task | rows | Sluice s | DuckDB s | pandas s | Sluice/DuckDB | Sluice/pandas | Sluice peak MB | "
             "DuckDB peak MB | pandas peak MB |", "|" + " --- |" * 10]
    for rows in sizes:
        data = ensure_data(args.data, rows)
        source = data / "orders.csv"
        sluice = [args.sluice, "convert", str(source), f"{out_dir}/sluice.jsonl", "--threads", str(args.threads)]
        duck = duckdb_command(args.threads, f"COPY (SELECT * FROM read_csv('{source}')) TO '{out_dir}/duck.jsonl' "
                                            "(FORMAT json)")
        pandas = ["/usr/bin/python3", "-c", PANDAS_SCRIPT, str(source), f"{out_dir}/pandas.jsonl"]
        times = hyperfine([shell(sluice), shell(duck), shell(pandas)], args.runs)
        peaks = [peak_rss_and_cpu(command, env=NODE_ENV)[0] for command in (sluice, duck, pandas)]
        lines.append(f"| CSV → JSON lines | {rows:,} | {times[0]:.2f} | {times[1]:.2f} | {times[2]:.2f} | "
                     f"{times[0] / times[1]:.2f} | {times[0] / times[2]:.2f} | {peaks[0]:.0f} | {peaks[1]:.0f} | "
                     f"{peaks[2]:.0f} |")
        print(lines[-1], file=sys.stderr)
    return lines


def shell(command):
    return " ".join(shlex.quote(c) for c in command)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000000,5000000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", default="/tmp/sluice-bench")
    parser.add_argument("--sluice", default=str(ROOT / "build" / "sluice"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pandas", action="store_true", help="also the CSV → JSON lines table with pandas")
    parser.add_argument("--only-pandas", action="store_true", help="only the table with pandas")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    out_dir = tempfile.mkdtemp(prefix="sluice-bench-out-")
    lines = ["| task | rows | input | Sluice s | DuckDB s (process) | DuckDB s (statement) | ratio (process) | "
             "ratio (statement) | Sluice CPU s | DuckDB CPU s | Sluice peak MB | DuckDB peak MB |", "|" + " --- |" * 12]
    for rows in [] if args.only_pandas else sizes:
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
    if args.only_pandas:
        lines = []
    if args.pandas or args.only_pandas:
        lines += [""] + pandas_rows(args, sizes, out_dir)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
