"""Golden tests of every visual-job node type: each case in tests/cases/jobs/*.json is a small
graph run by a real server on inputs generated here (orders as CSV and as Parquet written by
DuckDB, customers as JSON lines, uploaded with boto3); its output is read back by DuckDB (npm)
and compared, row for row, with DuckDB running the case's SQL on the same input files.

A case: {"description", "nodes" (the graph without sources or target), "output" (the node the
target reads), optional "format" (parquet, glueparquet, json, csv), "compression",
"partition_keys", and "sql" over the views `orders` and `customers`}. The sources "orders"
(S3CsvSource), "orders_parquet" (S3ParquetSource) and "customers" (S3JsonSource) are added
when the graph uses them; the target writes to s3://golden/out/<case>/. Numbers are compared
to 9 significant digits (sums in another order differ in the last bits)."""
import json
import os
import pathlib
import random
import subprocess

import pytest

from test_jobs_runs import TERMINAL, wait_for

ROLE = "arn:aws:iam::000000000000:role/glue"
ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
CASES = sorted((ROOT / "tests" / "cases" / "jobs").glob("*.json"))
NODE_ENV = dict(os.environ, NODE_PATH=str(ROOT / "node_modules"))

DUCKDB_SCRIPT = r"""
const duckdb = require('@duckdb/node-api');
(async () => {
  const db = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const statements = JSON.parse(process.argv[1]);
  let reader;
  for (const sql of statements) reader = await connection.runAndReadAll(sql);
  const rows = reader.getRows().map(row => row.map(v => v === null ? null : String(v)));
  process.stdout.write(JSON.stringify({columns: reader.columnNames(), rows}));
})().catch(error => { console.error(String(error)); process.exit(1); });
"""

SOURCES = {
    "orders": {"S3CsvSource": {"Name": "Orders", "Paths": ["s3://golden/in/orders/"], "Separator": "comma",
                               "QuoteChar": "quote", "WithHeader": True}},
    "orders_parquet": {"S3ParquetSource": {"Name": "Orders (Parquet)", "Paths": ["s3://golden/in/orders-parquet/"]}},
    "customers": {"S3JsonSource": {"Name": "Customers", "Paths": ["s3://golden/in/customers/"]}},
}


def duckdb(*statements):
    result = subprocess.run(["/usr/bin/node", "-e", DUCKDB_SCRIPT, json.dumps(statements)], capture_output=True,
                            text=True, env=NODE_ENV, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def input_views(local):
    return [f"CREATE VIEW orders AS SELECT * FROM read_csv('{local}/orders.csv', header=true)",
            f"CREATE VIEW customers AS SELECT * FROM read_json('{local}/customers.json', format='newline_delimited')"]


@pytest.fixture(scope="module")
def inputs(server, tmp_path_factory):
    rng = random.Random(11)
    lines = ["order_id,customer_id,amount,country,note"]
    for i in range(1, 301):
        amount = "" if i % 23 == 0 else f"{rng.randint(-500, 5000) / 100:.2f}"
        note = ["", str(rng.randint(1, 99)), f"n{i % 7}", "free text"][i % 4]
        lines.append(f"{i},c{rng.randint(1, 40)},{amount},{rng.choice(['FR', 'DE', 'US', 'JP'])},{note}")
    customers = []
    for i in list(range(1, 31)) + list(range(41, 46)):  # c31..c40 order but have no row; c41..c45 the reverse
        record = {"id": f"c{i}", "name": f"name {i}", "tier": ["gold", "silver", "bronze"][i % 3], "since": 2000 + i}
        if i % 7 == 0:
            del record["tier"]
        customers.append(json.dumps(record))
    local = tmp_path_factory.mktemp("golden-inputs")
    (local / "orders.csv").write_text("\n".join(lines) + "\n")
    (local / "customers.json").write_text("\n".join(customers) + "\n")
    duckdb(*input_views(local), f"COPY (SELECT * FROM orders) TO '{local}/orders.parquet' (FORMAT parquet)",
           "SELECT 1")
    s3 = server.client("s3")
    s3.create_bucket(Bucket="golden")
    s3.upload_file(str(local / "orders.csv"), "golden", "in/orders/orders.csv")
    s3.upload_file(str(local / "orders.parquet"), "golden", "in/orders-parquet/orders.parquet")
    s3.upload_file(str(local / "customers.json"), "golden", "in/customers/customers.json")
    return local


def graph_of(case, name):
    nodes = dict(case["nodes"])
    used = {case["output"]} | {i for node in nodes.values() for config in node.values() for i in config.get("Inputs", [])}
    for source_id, source in SOURCES.items():
        if source_id in used:
            nodes[source_id] = source
    fmt = case.get("format", "parquet")
    target = {"Name": "Out", "Inputs": [case["output"]], "Path": f"s3://golden/out/{name}/",
              "PartitionKeys": case.get("partition_keys", [])}
    if fmt == "glueparquet":
        target["Compression"] = "snappy"
        nodes["out"] = {"S3GlueParquetTarget": target}
    else:
        target["Format"] = fmt
        if "compression" in case:
            target["Compression"] = case["compression"]
        nodes["out"] = {"S3DirectTarget": target}
    return nodes


def read_output(server, name, case, local):
    """The target's output as DuckDB reads it."""
    s3 = server.client("s3")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="golden", Prefix=f"out/{name}/").get("Contents", [])]
    assert keys, f"{name}: no output"
    for key in keys:
        path = local / key[len(f"out/{name}/"):]
        path.parent.mkdir(parents=True, exist_ok=True)
        s3.download_file("golden", key, str(path))
    hive = "true" if case.get("partition_keys") else "false"
    fmt = case.get("format", "parquet")
    if fmt in ("parquet", "glueparquet"):
        scan = f"read_parquet('{local}/**/*.parquet', hive_partitioning={hive})"
    elif fmt == "json":
        scan = f"read_json('{local}/**/*.json*', format='newline_delimited', hive_partitioning={hive})"
    else:
        scan = f"read_csv('{local}/**/*.csv*', header=true, hive_partitioning={hive})"
    return duckdb(f"SELECT * FROM {scan}")


def normalized(result):
    def value(v):
        if v is None:
            return None
        try:
            number = float(v)
        except ValueError:
            return v
        return "%.9g" % (number + 0.0)
    rows = [tuple(value(v) for v in row) for row in result["rows"]]
    return result["columns"], sorted(rows, key=lambda row: [(v is None, v or "") for v in row])


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_node_matches_duckdb(server, inputs, path, tmp_path):
    name = path.stem.replace("_", "-")
    case = json.loads(path.read_text())
    glue = server.client("glue")
    glue.create_job(Name=f"golden-{name}", Role=ROLE, Command={"Name": "glueetl"},
                    CodeGenConfigurationNodes=graph_of(case, name))
    run_id = glue.start_job_run(JobName=f"golden-{name}")["JobRunId"]
    run = wait_for(glue, f"golden-{name}", run_id, TERMINAL)
    assert run["JobRunState"] == "SUCCEEDED", run.get("ErrorMessage")

    expected_sql = case["sql"]
    for key in case.get("partition_keys", []):
        # Readers put partition columns last.
        expected_sql = f'SELECT * EXCLUDE ("{key[0]}"), "{key[0]}" FROM ({expected_sql})'
    expected = normalized(duckdb(*input_views(inputs), expected_sql))
    actual = normalized(read_output(server, name, case, tmp_path))
    assert actual[0] == expected[0], "columns differ"
    assert len(actual[1]) == len(expected[1])
    assert actual[1] == expected[1]
    assert expected[1], "a golden case must produce rows"
