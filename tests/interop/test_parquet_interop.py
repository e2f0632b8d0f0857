"""Parquet interoperability, value by value: files Sluice writes read back in DuckDB and in
hyparquet, and files DuckDB writes (each codec, data page v1 and v2, dictionary and plain,
several row groups, nested types) read in Sluice. Both sides print canonical JSON lines
(parquet_interop_tool.cc describes the form) and every value of every row is compared."""
import json
import os
import pathlib
import subprocess

import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TOOL = os.environ.get("PARQUET_INTEROP_TOOL", str(ROOT / "build" / "tests" / "interop" / "parquet_interop_tool"))
PEERS = HERE / "parquet_peers.mjs"
NODE_ENV = dict(os.environ, NODE_PATH=os.environ.get("NODE_PATH", str(ROOT / "node_modules")))


def run(args):
    result = subprocess.run(args, capture_output=True, text=True, env=NODE_ENV, timeout=600)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stderr[-4000:]}"
    return result.stdout


def rows(text):
    return [json.loads(line) for line in text.splitlines() if line]


def peer(command, *args):
    return run(["/usr/bin/node", str(PEERS), command, *map(str, args)])


def sluice(command, *args):
    return run([TOOL, command, *map(str, args)])


def assert_same_rows(expected, actual, what):
    assert len(actual) == len(expected), f"{what}: {len(actual)} rows, expected {len(expected)}"
    problems = []
    for index, (want, got) in enumerate(zip(expected, actual)):
        if set(want) != set(got):
            problems.append(f"row {index}: columns {sorted(got)} instead of {sorted(want)}")
        for column, value in want.items():
            if got.get(column) != value:
                problems.append(f"row {index} column {column}: {got.get(column)!r} instead of {value!r}")
        if len(problems) >= 10:
            break
    assert not problems, f"{what}:\n" + "\n".join(problems)


SLUICE_VARIANTS = [
    ("snappy", []),
    ("none", ["--plain"]),
    ("gzip", ["--v2"]),
    ("zstd", ["--v2", "--plain"]),
    ("zstd", []),
    ("lz4_raw", ["--v2"]),
]


@pytest.mark.parametrize("codec,flags", SLUICE_VARIANTS)
def test_sluice_files_read_in_duckdb(tmp_path, codec, flags):
    path = tmp_path / "sluice.parquet"
    expected = tmp_path / "expected.jsonl"
    sluice("generate", path, expected, "--rows", 12000, "--codec", codec, "--row-group-rows", 5000,
           "--page-bytes", 16384, "--seed", 11, *flags)
    want = rows(expected.read_text())
    assert len(want) == 12000
    assert_same_rows(want, rows(peer("duckdb-read", path)), f"DuckDB reading Sluice's {codec} {flags}")


@pytest.mark.parametrize("codec,flags", [("none", []), ("snappy", ["--v2"]), ("snappy", ["--plain"]),
                                         ("none", ["--v2", "--plain"])])
def test_sluice_files_read_in_hyparquet(tmp_path, codec, flags):
    # hyparquet decodes only snappy and uncompressed pages on its own.
    path = tmp_path / "sluice.parquet"
    expected = tmp_path / "expected.jsonl"
    sluice("generate", path, expected, "--rows", 8000, "--codec", codec, "--row-group-rows", 3000,
           "--page-bytes", 8192, "--seed", 23, *flags)
    assert_same_rows(rows(expected.read_text()), rows(peer("hyparquet-read", path)),
                     f"hyparquet reading Sluice's {codec} {flags}")


DUCKDB_VARIANTS = [
    "COMPRESSION uncompressed",
    "COMPRESSION snappy, ROW_GROUP_SIZE 2048",
    "COMPRESSION gzip, PARQUET_VERSION v2",
    "COMPRESSION zstd, ROW_GROUP_SIZE 1000, PARQUET_VERSION v2",
    "COMPRESSION lz4_raw, ROW_GROUP_SIZE 3000",
    "COMPRESSION zstd, DICTIONARY_SIZE_LIMIT 1",
    "COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 1, PARQUET_VERSION v2, ROW_GROUP_SIZE 2500",
]


@pytest.mark.parametrize("options", DUCKDB_VARIANTS)
def test_duckdb_files_read_in_sluice(tmp_path, options):
    path = tmp_path / "duckdb.parquet"
    peer("duckdb-write", path, 7000, options)
    want = rows(peer("duckdb-read", path))
    assert len(want) == 7000
    assert_same_rows(want, rows(sluice("dump", path)), f"Sluice reading DuckDB's ({options})")
    # Small batches and two decoding threads give the same rows.
    assert_same_rows(want, rows(sluice("dump", path, "--batch-rows", 777, "--parallelism", 2)),
                     f"Sluice reading DuckDB's ({options}) in small batches")


def test_duckdb_schema_maps_to_glue_types(tmp_path):
    path = tmp_path / "duckdb.parquet"
    peer("duckdb-write", path, 5000, "ROW_GROUP_SIZE 1000")
    lines = sluice("schema", path).splitlines()
    types = dict(line.split(": ", 1) for line in lines if ": " in line)
    assert types == {
        "id": "bigint", "flag": "boolean", "tiny": "tinyint", "small": "smallint", "int": "int",
        "big": "bigint", "utiny": "smallint", "usmall": "int", "uint": "bigint", "ubig": "decimal(20,0)",
        "real": "float", "double": "double", "dec4": "decimal(4,1)", "dec9": "decimal(9,2)",
        "dec18": "decimal(18,6)", "dec38": "decimal(38,10)", "name": "string", "category": "string",
        "long_text": "string", "blob": "binary", "day": "date", "at": "timestamp",
        "at_tz": "timestamp with local time zone", "at_ms": "timestamp", "at_ns": "timestamp",
        "clock": "string", "uid": "string", "span": "binary", "scores": "array<int>", "words": "array<string>",
        "info": "struct<a:int,b:string,c:array<double>>", "attrs": "map<string,bigint>",
        "points": "array<struct<x:smallint,tags:array<string>>>", "matrix": "array<array<bigint>>",
    }
    assert "rows 5000" in lines
    # DuckDB cuts row groups at multiples of its 2048-row vectors.
    groups = [int(line.split()[1]) for line in lines if line.startswith("row_groups ")]
    assert groups and groups[0] >= 2


def test_projection_reads_named_columns(tmp_path):
    path = tmp_path / "duckdb.parquet"
    peer("duckdb-write", path, 3000, "COMPRESSION zstd, ROW_GROUP_SIZE 1000")
    everything = rows(peer("duckdb-read", path))
    columns = ["points", "id", "dec38", "attrs"]
    want = [{name: row[name] for name in columns} for row in everything]
    assert_same_rows(want, rows(sluice("dump", path, "--columns", ",".join(columns))), "projection")
