"""The `sluice` file tools (convert, schema, cat) on real files, checked against independent
peers: DuckDB (npm @duckdb/node-api) reads the Parquet Sluice writes, Python's csv, json, gzip
and bz2 modules read the CSV and JSON it writes and write the inputs it reads. Every value is
compared, not just counts."""
import bz2
import csv
import gzip
import io
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
BINARY = os.environ.get("SLUICE_BINARY") or str(ROOT / "build" / "sluice")
NODE_ENV = dict(os.environ, NODE_PATH=str(ROOT / "node_modules"))

DUCKDB_QUERY = r"""
const duckdb = require('@duckdb/node-api');
(async () => {
  const db = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const reader = await connection.runAndReadAll(process.argv[1]);
  const rows = reader.getRows().map(row => row.map(v => v === null ? null : String(v)));
  process.stdout.write(JSON.stringify({columns: reader.columnNames(), rows}));
})().catch(error => { console.error(String(error)); process.exit(1); });
"""


def duckdb(sql):
    """Runs a query in DuckDB; every value comes back as text (or None)."""
    result = subprocess.run(["/usr/bin/node", "-e", DUCKDB_QUERY, sql], capture_output=True, text=True,
                            env=NODE_ENV, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def sluice(*args, check=True, input=None):
    result = subprocess.run([BINARY, *map(str, args)], capture_output=True, text=True, timeout=300, input=input)
    if check:
        assert result.returncode == 0, f"sluice {' '.join(map(str, args))}: {result.stderr}"
    return result


# Hard cases for CSV: quoting, doubled quotes, line breaks inside fields, unicode, NULL (empty
# field) against empty strings (""), extreme integers, dates and timestamps.
ROWS = [
    ["1", "plain", "1.5", "2024-01-31", "2024-01-31 10:11:12", "true", "9223372036854775807"],
    ["2", "comma, inside", "-0.25", "1999-12-31", "1999-12-31 23:59:59.5", "false", "-9223372036854775808"],
    ["3", 'say "hi"', "", "", "", "", "0"],
    ["4", "two\nlines", "1e-05", "2000-02-29", "2000-02-29 00:00:00", "true", "42"],
    ["5", "", "3", "1970-01-01", "1970-01-01 00:00:00.000001", "false", "-1"],
    ["6", "Zoë 🙂 naïve", "123456.789", "2038-01-19", "2038-01-19 03:14:07", "true", "7"],
]
HEADER = ["id", "name", "price", "day", "at", "flag", "big"]


def write_csv(path, rows=ROWS, header=HEADER, opener=open):
    with opener(path, "wt", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            # An empty name is written as "" (an empty string), other empty fields as NULL.
            writer.writerow(['""' if (i == 1 and v == "") else v for i, v in enumerate(row)])
    # csv.writer quoted our literal "" again; write those fields by hand instead.
    with opener(path, "rt", newline="", encoding="utf-8") as f:
        text = f.read()
    with opener(path, "wt", newline="", encoding="utf-8") as f:
        f.write(text.replace('""""""', '""'))


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("cli-files")


def expected_text(row):
    """The text DuckDB prints for each value of ROWS after a round trip through Parquet."""
    out = []
    for column, value in zip(HEADER, row):
        if value == "" and column != "name":
            out.append(None)
        elif column == "price":
            out.append(str(float(value)) if value != "3" else "3.0")
        else:
            out.append(value)
    return out


def test_csv_to_parquet_every_value_matches_duckdb(work):
    source = work / "hard.csv"
    write_csv(source)
    target = work / "hard.parquet"
    result = sluice("convert", source, target)
    assert "6 rows" in result.stderr
    schema = sluice("schema", source).stdout.split("\n")
    assert [line.split() for line in schema if line] == [
        ["id", "bigint"], ["name", "string"], ["price", "double"], ["day", "date"], ["at", "timestamp"],
        ["flag", "boolean"], ["big", "bigint"]]
    casts = ", ".join(f'CAST("{c}" AS VARCHAR)' for c in HEADER)
    got = duckdb(f"SELECT {casts} FROM read_parquet('{target}') ORDER BY id")
    assert got["rows"] == [expected_text(row) for row in ROWS]
    types = duckdb(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{target}'))")
    assert types["rows"] == [["id", "BIGINT"], ["name", "VARCHAR"], ["price", "DOUBLE"], ["day", "DATE"],
                             ["at", "TIMESTAMP"], ["flag", "BOOLEAN"], ["big", "BIGINT"]]


def test_compressed_inputs_and_outputs_interoperate_with_python(work):
    for suffix, opener in ((".csv.gz", gzip.open), (".csv.bz2", bz2.open)):
        source = work / f"in{suffix}"
        write_csv(source, opener=opener)
        # CSV → gzip-compressed JSON lines, read back by Python's gzip and json.
        target = work / f"out{suffix}.json.gz"
        sluice("convert", source, target)
        with gzip.open(target, "rt", encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        assert [r["name"] for r in records] == [row[1] for row in ROWS]
        assert [r["big"] for r in records] == [int(row[6]) for row in ROWS]
        assert records[2]["price"] is None and records[4]["name"] == ""
        # CSV → bzip2 CSV, read back by Python's csv module.
        again = work / f"again{suffix}.csv.bz2"
        sluice("convert", source, again)
        with bz2.open(again, "rt", newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        assert rows[0] == HEADER
        assert [r[1] for r in rows[1:]] == [row[1] for row in ROWS]


def test_zstd_round_trip_and_cat_formats(work):
    source = work / "hard2.csv"
    write_csv(source)
    zst = work / "hard2.csv.zst"
    sluice("convert", source, zst)
    with open(zst, "rb") as f:
        assert f.read(4) == b"\x28\xb5\x2f\xfd"
    lines = sluice("cat", zst, "--format", "json").stdout.splitlines()
    assert [json.loads(line)["name"] for line in lines] == [row[1] for row in ROWS]
    limited = sluice("cat", zst, "--format", "csv", "--limit", "2").stdout
    assert list(csv.reader(io.StringIO(limited))) == [HEADER, ROWS[0], ["2", "comma, inside", "-0.25", "1999-12-31",
                                                                         "1999-12-31 23:59:59.5", "false",
                                                                         "-9223372036854775808"]]
    table = sluice("cat", zst, "--limit", "3").stdout
    assert table.splitlines()[0].split(" | ")[0].strip() == "id"
    assert table.rstrip().endswith("(3 rows)")


def test_nested_json_lines_to_parquet_read_by_duckdb(work):
    records = [
        {"id": 1, "user": {"name": "ann", "tags": ["a", "b"]}, "items": [{"sku": "x", "qty": 2}], "amount": 3},
        {"id": 2, "user": {"name": "bob"}, "items": [], "amount": 2.5, "extra": "late"},
        {"id": 3, "user": None, "items": [{"sku": "y", "qty": 1}, {"sku": "z"}], "amount": None},
    ]
    source = work / "events.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    glue = json.loads(sluice("schema", source, "--output", "glue").stdout)
    assert glue == [
        {"Name": "id", "Type": "bigint"},
        {"Name": "user", "Type": "struct<name:string,tags:array<string>>"},
        {"Name": "items", "Type": "array<struct<sku:string,qty:bigint>>"},
        {"Name": "amount", "Type": "double"},
        {"Name": "extra", "Type": "string"},
    ]
    target = work / "events.parquet"
    sluice("convert", source, target)
    got = duckdb(f"SELECT id, to_json(\"user\"), to_json(items), amount, extra FROM '{target}' ORDER BY id")
    assert got["rows"] == [
        ["1", '{"name":"ann","tags":["a","b"]}', '[{"sku":"x","qty":2}]', "3", None],
        ["2", '{"name":"bob","tags":null}', "[]", "2.5", "late"],
        ["3", None, '[{"sku":"y","qty":1},{"sku":"z","qty":null}]', None, None],
    ]


def test_parquet_written_by_duckdb_converts_to_csv(work):
    source = work / "duck.parquet"
    duckdb(f"""COPY (SELECT i AS id, 'name ' || i AS name, i * 0.5 AS half, DATE '2024-01-01' + i::INTEGER AS day,
                    CASE WHEN i % 3 = 0 THEN NULL ELSE i END AS maybe
                    FROM range(1000) t(i)) TO '{source}' (FORMAT parquet, ROW_GROUP_SIZE 300)""")
    target = work / "duck.csv"
    sluice("convert", source, target)
    with open(target, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["id", "name", "half", "day", "maybe"]
    assert len(rows) == 1001
    assert rows[1] == ["0", "name 0", "0.0", "2024-01-01", ""]
    assert rows[8] == ["7", "name 7", "3.5", "2024-01-08", "7"]


def test_partitioned_output_reads_back_with_hive_partitioning(work):
    source = work / "sales.csv"
    with open(source, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "region", "year", "amount"])
        for i in range(3000):
            writer.writerow([i, ["eu", "us", "a/b"][i % 3], 2020 + i % 4, i / 10])
    target = work / "sales"
    sluice("convert", source, target, "--partition-by", "year,region")
    folders = sorted(str(p.relative_to(target).parent) for p in target.rglob("*.parquet"))
    assert len(folders) == 12
    assert "year=2020/region=a%2Fb" in folders
    got = duckdb(f"""SELECT region, year, count(*), sum(amount)::DECIMAL(18,1) FROM
                     read_parquet('{target}/**/*.parquet', hive_partitioning=true) GROUP BY ALL ORDER BY ALL""")
    expected = {}
    for i in range(3000):
        key = (["eu", "us", "a/b"][i % 3], str(2020 + i % 4))
        count, total = expected.get(key, (0, 0))
        expected[key] = (count + 1, total + i)
    assert [(r[0], r[1], int(r[2]), r[3]) for r in got["rows"]] == [
        (k[0], k[1], v[0], f"{v[1] / 10:.1f}") for k, v in sorted(expected.items())]
    # Partition columns live in the folder names, not in the files.
    schema = duckdb(f"SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('{target}/year=2021/**/*.parquet', hive_partitioning=false))")
    assert [r[0] for r in schema["rows"]] == ["id", "amount"]


def test_malformed_rows_fail_with_file_and_line_or_are_skipped(work):
    source = work / "bad.csv"
    source.write_text("a,b\n1,2\n3\n4,x\n5,6\n")
    failed = sluice("convert", source, work / "bad.parquet", "--types", "b=bigint", check=False)
    assert failed.returncode == 1
    assert f"{source}:3: expected 2 fields, found 1" in failed.stderr
    assert not (work / "bad.parquet").exists()  # nothing half-written is left behind
    skipped = sluice("convert", source, work / "bad.json", "--types", "b=bigint", "--on-error", "skip")
    assert "skipped 2 malformed rows" in skipped.stderr
    assert f"{source}:4: column 'b': 'x' is not a valid bigint" in skipped.stderr
    assert [json.loads(line) for line in (work / "bad.json").read_text().splitlines()] == [
        {"a": 1, "b": 2}, {"a": 5, "b": 6}]


def test_bad_invocations_are_clear_errors(work):
    missing = sluice("cat", work / "nope.csv", check=False)
    assert missing.returncode == 1 and "no such file" in missing.stderr
    source = work / "ok.csv"
    source.write_text("a\n1\n")
    unknown = sluice("convert", source, work / "out.xyz", check=False)
    assert unknown.returncode == 1 and "--format" in unknown.stderr
    codec = sluice("convert", source, work / "out.parquet", "--compression", "brotli", check=False)
    assert codec.returncode == 1 and "snappy" in codec.stderr
    same = sluice("convert", source, source, check=False)
    assert same.returncode == 1
    for size in ("99999999999999999999999", "2000g"):
        huge = sluice("convert", source, work / "folder", "--target-file-size", size, check=False)
        assert huge.returncode == 1 and "too large" in huge.stderr, huge.stderr
    truncated = work / "truncated.parquet"
    truncated.write_bytes(b"PAR1" + bytes(100))
    result = sluice("cat", truncated, check=False)
    assert result.returncode == 1 and "truncated.parquet" in result.stderr, result.stderr
    empty = work / "empty.csv"
    empty.write_text("")
    result = sluice("schema", empty, check=False)
    assert result.returncode == 1 and "empty" in result.stderr


def test_schema_sniffs_dialect_and_explains(work):
    source = work / "semi.tsv"
    source.write_text("when\tqty\tnote\n01/31/2024\t3\tx\n12/01/2023\t4\ty\n")
    out = sluice("schema", source, "--verbose").stdout
    assert "delimiter TAB" in out and "header yes" in out
    lines = [line for line in out.splitlines() if not line.startswith("#")]
    assert lines[0].split()[:2] == ["when", "date"]
    assert "MM/dd/yyyy" in lines[0]
    described = json.loads(sluice("schema", source, "--output", "json").stdout)
    assert described["Format"] == "csv" and described["Delimiter"] == "\t" and described["Header"] is True
    assert [c["Type"] for c in described["Columns"]] == ["date", "bigint", "string"]
