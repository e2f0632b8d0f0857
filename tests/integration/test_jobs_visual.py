"""Visual (CodeGenConfigurationNodes) jobs end to end with boto3: data uploaded to S3, crawled
into the catalog by a real crawler, a job of eight nodes (two catalog sources, ApplyMapping,
Filter, Join, Aggregate, RenameField, a partitioned Parquet target that registers its table)
run to SUCCEEDED by StartJobRun and by Step Functions' glue:startJobRun.sync; the Parquet
output is read back by DuckDB (npm) and compared with DuckDB's own answer to the same logic in
SQL over the same input files. Failure paths: a missing input path, an impossible cast, and a
node Sluice cannot run."""
import json
import random
import time

import pytest

from sluice_server import SluiceServer
from test_jobs_golden import duckdb as run_duckdb
from test_jobs_runs import TERMINAL, wait_for
from test_states_support import create_machine, run, sfn

ROLE = "arn:aws:iam::000000000000:role/glue"


def duckdb(sql):
    """Rows of a DuckDB query, every value as text (or None)."""
    return [tuple(row) for row in run_duckdb(sql)["rows"]]


@pytest.fixture(scope="module")
def server():
    # Step Functions polls a .sync job run every 0.2 s instead of every 5 s.
    instance = SluiceServer(env={"SLUICE_STATES_JOB_POLL_SECONDS": "0.2"}).start()
    yield instance
    instance.cleanup()


@pytest.fixture(scope="module")
def glue(server):
    return server.client("glue")


@pytest.fixture(scope="module")
def inputs(server, glue, tmp_path_factory):
    """Orders (CSV, two files) and customers (JSON lines) in s3://lake/raw/, crawled into the
    database `shop`; also kept as local files for DuckDB."""
    rng = random.Random(7)
    countries = ["FR", "DE", "US", "JP"]
    orders = ["order_id,customer_id,amount,country"]
    for i in range(1, 401):
        amount = "" if i % 37 == 0 else f"{rng.randint(-500, 5000) / 100:.2f}"
        orders.append(f"{i},c{rng.randint(1, 60)},{amount},{rng.choice(countries)}")
    customers = [json.dumps({"id": f"c{i}", "name": f"name {i}", "tier": ["gold", "silver", "bronze"][i % 3]})
                 for i in range(1, 51)]  # c51..c60 have no customer row
    local = tmp_path_factory.mktemp("jobs-inputs")
    (local / "orders-1.csv").write_text("\n".join(orders[:201]) + "\n")
    (local / "orders-2.csv").write_text("\n".join([orders[0]] + orders[201:]) + "\n")
    (local / "customers.json").write_text("\n".join(customers) + "\n")
    s3 = server.client("s3")
    s3.create_bucket(Bucket="lake")
    s3.upload_file(str(local / "orders-1.csv"), "lake", "raw/orders/orders-1.csv")
    s3.upload_file(str(local / "orders-2.csv"), "lake", "raw/orders/orders-2.csv")
    s3.upload_file(str(local / "customers.json"), "lake", "raw/customers/customers.json")
    glue.create_database(DatabaseInput={"Name": "shop"})
    glue.create_crawler(Name="raw", Role=ROLE, DatabaseName="shop",
                        Targets={"S3Targets": [{"Path": "s3://lake/raw/orders/"}, {"Path": "s3://lake/raw/customers/"}]})
    glue.start_crawler(Name="raw")
    deadline = time.time() + 60
    while True:
        crawler = glue.get_crawler(Name="raw")["Crawler"]
        if crawler["State"] == "READY" and crawler.get("LastCrawl"):
            assert crawler["LastCrawl"]["Status"] == "SUCCEEDED", crawler["LastCrawl"]
            break
        assert time.time() < deadline, crawler
        time.sleep(0.1)
    names = {t["Name"] for t in glue.get_tables(DatabaseName="shop")["TableList"]}
    assert {"orders", "customers"} <= names
    return local


def wait_run(glue, job, run_id):
    return wait_for(glue, job, run_id, TERMINAL)


def revenue_job(output):
    return {
        "orders": {"CatalogSource": {"Name": "Orders", "Database": "shop", "Table": "orders"}},
        "customers": {"CatalogSource": {"Name": "Customers", "Database": "shop", "Table": "customers"}},
        "typed": {"ApplyMapping": {"Name": "Typed", "Inputs": ["orders"], "Mapping": [
            {"ToKey": "order_id", "FromPath": ["order_id"], "FromType": "bigint", "ToType": "long"},
            {"ToKey": "customer", "FromPath": ["customer_id"], "FromType": "string", "ToType": "string"},
            {"ToKey": "amount", "FromPath": ["amount"], "FromType": "double", "ToType": "double"},
            {"ToKey": "country", "FromPath": ["country"], "FromType": "string", "ToType": "string"}]}},
        "positive": {"Filter": {"Name": "Positive", "Inputs": ["typed"], "LogicalOperator": "AND", "Filters": [
            {"Operation": "GT", "Negated": False,
             "Values": [{"Type": "COLUMNEXTRACTED", "Value": ["amount"]}, {"Type": "CONSTANT", "Value": ["0"]}]}]}},
        "joined": {"Join": {"Name": "With customers", "Inputs": ["positive", "customers"], "JoinType": "equijoin",
                            "Columns": [{"From": "positive", "Keys": [["customer"]]},
                                        {"From": "customers", "Keys": [["id"]]}]}},
        "totals": {"Aggregate": {"Name": "Totals", "Inputs": ["joined"], "Groups": [["country"], ["tier"]],
                                 "Aggs": [{"Column": ["amount"], "AggFunc": "sum"},
                                          {"Column": ["order_id"], "AggFunc": "count"}]}},
        "named": {"RenameField": {"Name": "Named", "Inputs": ["totals"], "SourcePath": ["sum(amount)"],
                                  "TargetPath": ["revenue"]}},
        "out": {"S3DirectTarget": {
            "Name": "Curated", "Inputs": ["named"], "Path": output, "Format": "parquet", "Compression": "snappy",
            "PartitionKeys": [["tier"]],
            "SchemaChangePolicy": {"EnableUpdateCatalog": True, "UpdateBehavior": "UPDATE_IN_DATABASE",
                                   "Database": "shop", "Table": "revenue"}}},
    }


def expected_revenue(local):
    return duckdb(f"""
        SELECT o.country, c.tier, round(sum(o.amount), 2), count(o.order_id)
        FROM read_csv('{local}/orders-*.csv', header=true) o
        JOIN read_json('{local}/customers.json', format='newline_delimited') c ON o.customer_id = c.id
        WHERE o.amount > 0 GROUP BY ALL ORDER BY ALL""")


def read_output(server, prefix, local):
    """Downloads every object under s3://lake/<prefix> and reads them with DuckDB."""
    s3 = server.client("s3")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="lake", Prefix=prefix).get("Contents", [])]
    assert keys, f"no output under {prefix}"
    for key in keys:
        target = local / key[len(prefix):]
        target.parent.mkdir(parents=True, exist_ok=True)
        s3.download_file("lake", key, str(target))
    rows = duckdb(f"""
        SELECT country, tier, round(revenue, 2), "count(order_id)"
        FROM read_parquet('{local}/**/*.parquet', hive_partitioning=true) ORDER BY ALL""")
    return keys, rows


def test_crawled_data_through_an_eight_node_job(server, glue, inputs, tmp_path):
    glue.create_job(Name="revenue", Role=ROLE, GlueVersion="4.0", WorkerType="G.1X", NumberOfWorkers=2,
                    Command={"Name": "glueetl", "ScriptLocation": "s3://lake/scripts/revenue.py"},
                    CodeGenConfigurationNodes=revenue_job("s3://lake/curated/revenue/"))
    run_id = glue.start_job_run(JobName="revenue")["JobRunId"]
    done = wait_run(glue, "revenue", run_id)
    assert done["JobRunState"] == "SUCCEEDED", done.get("ErrorMessage")
    assert done["Attempt"] == 0 and done["ExecutionTime"] >= 0

    keys, rows = read_output(server, "curated/revenue/", tmp_path)
    assert all(k.startswith("curated/revenue/tier=") and k.endswith(".snappy.parquet") for k in keys), keys
    expected = expected_revenue(inputs)
    assert len(expected) >= 10
    assert rows == expected

    # The target registered its table: Parquet, partitioned by tier, with the columns written.
    table = glue.get_table(DatabaseName="shop", Name="revenue")["Table"]
    assert table["StorageDescriptor"]["Location"].rstrip("/") == "s3://lake/curated/revenue"
    assert [k["Name"] for k in table["PartitionKeys"]] == ["tier"]
    columns = {c["Name"]: c["Type"] for c in table["StorageDescriptor"]["Columns"]}
    assert columns == {"country": "string", "revenue": "double", "count(order_id)": "bigint"}
    assert "parquet" in table["StorageDescriptor"]["InputFormat"].lower()

    # The run's summary is in its output log.
    events = json.loads(server.aws("logs", "get-log-events", "--log-group-name", "/aws-glue/jobs/output",
                                   "--log-stream-name", run_id, "--start-from-head").stdout)["events"]
    text = "\n".join(e["message"] for e in events)
    assert "Curated" in text and "Orders" in text


def test_the_same_job_from_step_functions(server, glue, inputs, tmp_path):
    glue.create_job(Name="revenue-sfn", Role=ROLE, Command={"Name": "glueetl"},
                    CodeGenConfigurationNodes=revenue_job("s3://lake/curated/${folder}/"))
    client = sfn(server)
    arn = create_machine(client, "revenue-flow", {"StartAt": "Run", "States": {"Run": {
        "Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync",
        "Parameters": {"JobName": "revenue-sfn", "Arguments": {"--folder.$": "$.folder"}}, "End": True}}})
    _, done = run(client, arn, {"folder": "from-sfn"})
    assert done["status"] == "SUCCEEDED", done
    output = json.loads(done["output"])
    assert output["JobRunState"] == "SUCCEEDED"
    assert glue.get_job_run(JobName="revenue-sfn", RunId=output["Id"])["JobRun"]["JobRunState"] == "SUCCEEDED"
    _, rows = read_output(server, "curated/from-sfn/", tmp_path)
    assert rows == expected_revenue(inputs)


def failed_run(glue, name, nodes):
    glue.create_job(Name=name, Role=ROLE, Command={"Name": "glueetl"}, CodeGenConfigurationNodes=nodes)
    done = wait_run(glue, name, glue.start_job_run(JobName=name)["JobRunId"])
    assert done["JobRunState"] == "FAILED"
    return done["ErrorMessage"]


def test_a_missing_input_path_fails_the_run(glue, inputs):
    message = failed_run(glue, "missing-input", {
        "src": {"S3CsvSource": {"Name": "Nowhere", "Paths": ["s3://lake/raw/nothing-here/"], "Separator": "comma",
                                "QuoteChar": "quote", "WithHeader": True}},
        "out": {"S3DirectTarget": {"Name": "Out", "Inputs": ["src"], "Path": "s3://lake/never/", "Format": "json"}}})
    assert "Path does not exist: s3://lake/raw/nothing-here/" in message


def test_an_impossible_cast_names_the_node_and_the_field(glue, inputs):
    message = failed_run(glue, "bad-cast", {
        "orders": {"CatalogSource": {"Name": "Orders", "Database": "shop", "Table": "orders"}},
        "cast": {"ApplyMapping": {"Name": "Cast it", "Inputs": ["orders"], "Mapping": [
            {"ToKey": "country", "FromPath": ["country"], "FromType": "string", "ToType": "array<int>"}]}},
        "out": {"S3DirectTarget": {"Name": "Out", "Inputs": ["cast"], "Path": "s3://lake/never/", "Format": "json"}}})
    assert "Cast it" in message and "country" in message and "array<int>" in message


def test_nodes_sluice_cannot_run_are_refused_by_name(glue, inputs):
    message = failed_run(glue, "spark-sql", {
        "orders": {"CatalogSource": {"Name": "Orders", "Database": "shop", "Table": "orders"}},
        "sql": {"SparkSQL": {"Name": "My query", "Inputs": ["orders"], "SqlQuery": "select * from o",
                             "SqlAliases": [{"From": "orders", "Alias": "o"}]}},
        "out": {"S3DirectTarget": {"Name": "Out", "Inputs": ["sql"], "Path": "s3://lake/never/", "Format": "json"}}})
    assert "My query" in message and "SparkSQL" in message


def test_bookmarks_process_only_new_objects(server, glue, inputs):
    s3 = server.client("s3")
    s3.put_object(Bucket="lake", Key="events/day=1/a.json", Body=b'{"n": 1}\n{"n": 2}\n')
    glue.create_job(Name="bookmarked", Role=ROLE, Command={"Name": "glueetl"},
                    DefaultArguments={"--job-bookmark-option": "job-bookmark-enable"},
                    CodeGenConfigurationNodes={
                        "src": {"S3JsonSource": {"Name": "Events", "Paths": ["s3://lake/events/"], "Recurse": True}},
                        "out": {"S3DirectTarget": {"Name": "Out", "Inputs": ["src"], "Path": "s3://lake/bookmarked/",
                                                   "Format": "json"}}})

    def run_and_count():
        run_id = glue.start_job_run(JobName="bookmarked")["JobRunId"]
        assert wait_run(glue, "bookmarked", run_id)["JobRunState"] == "SUCCEEDED"
        objects = s3.list_objects_v2(Bucket="lake", Prefix="bookmarked/").get("Contents", [])
        body = b"".join(s3.get_object(Bucket="lake", Key=o["Key"])["Body"].read() for o in objects)
        return run_id, sorted(json.loads(line)["n"] for line in body.splitlines() if line)

    first, rows = run_and_count()
    assert rows == [1, 2]
    entry = glue.get_job_bookmark(JobName="bookmarked")["JobBookmarkEntry"]
    assert entry["JobName"] == "bookmarked" and entry["RunId"] == first and entry["Run"] >= 1
    s3.put_object(Bucket="lake", Key="events/day=2/b.json", Body=b'{"n": 3}\n')
    second, rows = run_and_count()
    assert rows == [1, 2, 3]  # the second run read only b.json
    assert glue.get_job_bookmark(JobName="bookmarked")["JobBookmarkEntry"]["RunId"] == second
    _, rows = run_and_count()
    assert rows == [1, 2, 3]  # nothing new: nothing read
    glue.reset_job_bookmark(JobName="bookmarked")
    _, rows = run_and_count()
    assert rows == [1, 1, 2, 2, 3, 3]  # after a reset everything is new again
    # Runs with the option disabled read everything and leave the bookmark alone.
    run_id = glue.start_job_run(JobName="bookmarked",
                                Arguments={"--job-bookmark-option": "job-bookmark-disable"})["JobRunId"]
    assert wait_run(glue, "bookmarked", run_id)["JobRunState"] == "SUCCEEDED"
    assert glue.get_job_bookmark(JobName="bookmarked")["JobBookmarkEntry"]["RunId"] != run_id
