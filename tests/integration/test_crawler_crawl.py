"""Crawls of real data uploaded through S3 (boto3), checked through the Glue API (boto3 and the
aws CLI): CSV with and without a header, semicolon- and tab-delimited CSV, gzip CSV, JSON lines
with nested fields, Parquet (written by DuckDB), Hive partitions, unnamed partition folders and
a folder of mixed files; the exact tables, columns, types, partition keys and values, SerDe and
parameters; custom classifiers; exclusions; and the crawl log that explains it all.
"""
import bz2
import gzip
import json
import os
import subprocess
import tempfile
import time

import pytest
from botocore.exceptions import ClientError

from sluice_server import metric_value

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUCKET = "lake"


def parquet_bytes(sql):
    """A Parquet file written by DuckDB (npm @duckdb/node-api) from a SELECT."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out.parquet")
        script = ("const { DuckDBInstance } = require('@duckdb/node-api');"
                  "(async () => { const db = await DuckDBInstance.create(':memory:');"
                  "const c = await db.connect();"
                  f"await c.run(`COPY ({sql}) TO '{path}' (FORMAT PARQUET)`); }})();")
        subprocess.run(["node", "-e", script], cwd=ROOT, check=True, timeout=120)
        with open(path, "rb") as f:
            return f.read()


@pytest.fixture(scope="module")
def glue(server):
    return server.client("glue")


@pytest.fixture(scope="module")
def lake(server, glue):
    """Uploads every data set once."""
    s3 = server.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    put = lambda key, body: s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    put("csv_header/data.csv", b"id,Name,price,active\n1,apple,1.5,true\n2,pear,2.25,false\n3,fig,3,true\n")
    put("csv_noheader/data.csv", b"1,apple,1.5\n2,pear,2.25\n3,fig,3\n")
    put("semicolon/data.csv", b"id;city;amount\n1;Paris;10,5\n2;Rome;7\n3;Oslo;8\n")
    put("tab/data.tsv", b"id\tcode\tscore\n1\tA\t0.5\n2\tB\t0.75\n")
    put("gzip_csv/data.csv.gz", gzip.compress(b"order_id,total\n100,9.99\n101,15\n102,7.5\n"))
    put("bz2_json/data.json.bz2", bz2.compress(b'{"k": "a", "n": 1}\n{"k": "b", "n": 2.5}\n'))
    put("combine/year=2017/a.json", b'{"a": 1, "b": 2}\n')
    put("combine/year=2018/b.json", b'{"c": "x", "d": 4}\n')
    put("json/records.json",
        b'{"id": 1, "user": {"name": "ann", "address": {"city": "Paris"}}, "tags": ["a", "b"], "score": 1.5}\n'
        b'{"id": 2, "user": {"name": "bob", "address": {"city": "Rome", "zip": "00100"}}, "tags": [], "score": 2}\n'
        b'{"id": 3000000000, "user": {"name": "cy"}, "score": null, "extra": true}\n')
    put("parquet/part-0.parquet", parquet_bytes(
        "SELECT i::INTEGER AS id, 'n' || i AS name, (i * 1.5)::DOUBLE AS price, DATE '2024-01-01' + i::INTEGER AS day, "
        "[i, i + 1] AS tags, {'a': i, 'b': 'x'} AS s FROM range(10) t(i)"))
    for year, month in [("2023", "12"), ("2024", "01"), ("2024", "02")]:
        put(f"hive/year={year}/month={month}/events.json",
            json.dumps({"event": "click", "n": int(month)}).encode() + b"\n")
    for a, b in [("2024", "01"), ("2024", "02"), ("2025", "01")]:
        put(f"unnamed/{a}/{b}/rows.csv", b"k,v\nx,1\ny,2\n")
    put("mixed/a.csv", b"a,b\n1,2\n3,4\n")
    put("mixed/b.json", b'{"x": "y"}\n')
    put("mixed/c.parquet", parquet_bytes("SELECT 1.5::DOUBLE AS p"))
    put("excluded/keep.csv", b"a,b\n1,x\n2,y\n")
    put("excluded/skip/notes.txt", b"free text that is not a table\n")
    put("excluded/junk.tmp", b"\x00\x01\x02")
    put("logs/app.log", b"2024-01-01T10:00:00Z INFO 200 started\n2024-01-01T10:00:01Z ERROR 500 failed hard\n")
    glue.create_database(DatabaseInput={"Name": "lake"})
    return s3


def crawl(glue, name, paths, database="lake", wait=True, **extra):
    targets = {"S3Targets": [p if isinstance(p, dict) else {"Path": p} for p in paths]}
    try:
        glue.create_crawler(Name=name, Role="r", DatabaseName=database, Targets=targets, **extra)
    except ClientError as error:
        assert error.response["Error"]["Code"] == "AlreadyExistsException"
        glue.update_crawler(Name=name, Targets=targets, **extra)
    previous = last_crawl_id(glue, name)
    glue.start_crawler(Name=name)
    return wait_crawl(glue, name, previous) if wait else None


def last_crawl_id(glue, name):
    return glue.get_crawler(Name=name)["Crawler"].get("LastCrawl", {}).get("MessagePrefix")


def wait_crawl(glue, name, previous, timeout=120, status="SUCCEEDED"):
    """Waits for a crawl other than `previous` to finish; returns the crawler."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        crawler = glue.get_crawler(Name=name)["Crawler"]
        last = crawler.get("LastCrawl")
        if crawler["State"] == "READY" and last and last["MessagePrefix"] != previous:
            assert last["Status"] == status, last
            return crawler
        time.sleep(0.1)
    raise AssertionError(f"crawl of {name} did not finish: {crawler}")


def log_lines(server, crawler):
    out = server.aws("logs", "get-log-events", "--log-group-name", "/aws-glue/crawlers", "--log-stream-name",
                     crawler, "--start-from-head")
    return [e["message"] for e in json.loads(out.stdout)["events"]]


def table(glue, name, database="lake"):
    return glue.get_table(DatabaseName=database, Name=name)["Table"]


def cols(t):
    return [(c["Name"], c["Type"]) for c in t["StorageDescriptor"]["Columns"]]


def test_csv_with_header(glue, lake):
    crawl(glue, "c_csv_header", ["s3://lake/csv_header/"])
    t = table(glue, "csv_header")
    assert cols(t) == [("id", "bigint"), ("name", "string"), ("price", "double"), ("active", "boolean")]
    assert t["PartitionKeys"] == []
    assert t["TableType"] == "EXTERNAL_TABLE"
    sd = t["StorageDescriptor"]
    assert sd["Location"] == "s3://lake/csv_header/"
    assert sd["InputFormat"] == "org.apache.hadoop.mapred.TextInputFormat"
    assert sd["OutputFormat"] == "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
    assert sd["SerdeInfo"] == {"SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                               "Parameters": {"field.delim": ","}}
    assert sd["NumberOfBuckets"] == -1 and sd["Compressed"] is False
    p = t["Parameters"]
    assert p["classification"] == "csv" and p["delimiter"] == "," and p["skip.header.line.count"] == "1"
    assert p["compressionType"] == "none" and p["typeOfData"] == "file" and p["columnsOrdered"] == "true"
    assert p["objectCount"] == "1" and p["recordCount"] == "3"
    assert p["UPDATED_BY_CRAWLER"] == "c_csv_header"
    assert sd["Parameters"]["classification"] == "csv"  # mirrored into the storage descriptor


def test_csv_without_header(glue, lake):
    crawl(glue, "c_csv_noheader", ["s3://lake/csv_noheader/"])
    t = table(glue, "csv_noheader")
    assert cols(t) == [("col0", "bigint"), ("col1", "string"), ("col2", "double")]
    assert "skip.header.line.count" not in t["Parameters"]


def test_semicolon_and_tab_delimited(glue, lake):
    crawl(glue, "c_delims", ["s3://lake/semicolon/", "s3://lake/tab/"])
    semi = table(glue, "semicolon")
    assert cols(semi) == [("id", "bigint"), ("city", "string"), ("amount", "string")]  # "10,5" is text
    assert semi["Parameters"]["delimiter"] == ";"
    assert semi["StorageDescriptor"]["SerdeInfo"]["Parameters"] == {"field.delim": ";"}
    tab = table(glue, "tab")
    assert cols(tab) == [("id", "bigint"), ("code", "string"), ("score", "double")]
    assert tab["Parameters"]["delimiter"] == "\t"


def test_gzip_csv(glue, lake):
    crawl(glue, "c_gzip", ["s3://lake/gzip_csv/"])
    t = table(glue, "gzip_csv")
    assert cols(t) == [("order_id", "bigint"), ("total", "double")]
    assert t["Parameters"]["compressionType"] == "gzip"
    assert t["Parameters"]["classification"] == "csv"


def test_json_lines_with_nested_fields(glue, lake):
    crawl(glue, "c_json", ["s3://lake/json/"])
    t = table(glue, "json")
    assert cols(t) == [("id", "bigint"),
                       ("user", "struct<name:string,address:struct<city:string,zip:string>>"),
                       ("tags", "array<string>"), ("score", "double"), ("extra", "boolean")]
    serde = t["StorageDescriptor"]["SerdeInfo"]
    assert serde["SerializationLibrary"] == "org.openx.data.jsonserde.JsonSerDe"
    assert serde["Parameters"] == {"paths": "extra,id,score,tags,user"}
    assert t["Parameters"]["classification"] == "json"


def test_parquet_footer(glue, lake):
    crawl(glue, "c_parquet", ["s3://lake/parquet/"])
    t = table(glue, "parquet")
    assert cols(t) == [("id", "int"), ("name", "string"), ("price", "double"), ("day", "date"),
                       ("tags", "array<bigint>"), ("s", "struct<a:bigint,b:string>")]
    sd = t["StorageDescriptor"]
    assert sd["InputFormat"] == "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    assert sd["OutputFormat"] == "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
    assert sd["SerdeInfo"]["SerializationLibrary"] == "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    assert t["Parameters"]["classification"] == "parquet"
    assert t["Parameters"]["compressionType"] == "none"
    assert t["Parameters"]["recordCount"] == "10"


def test_hive_partitions(glue, lake, server):
    crawl(glue, "c_hive", ["s3://lake/hive/"])
    t = table(glue, "hive")
    assert t["PartitionKeys"] == [{"Name": "year", "Type": "string"}, {"Name": "month", "Type": "string"}]
    assert cols(t) == [("event", "string"), ("n", "int")]
    partitions = glue.get_partitions(DatabaseName="lake", TableName="hive")["Partitions"]
    assert sorted(p["Values"] for p in partitions) == [["2023", "12"], ["2024", "01"], ["2024", "02"]]
    by_values = {tuple(p["Values"]): p for p in partitions}
    assert by_values[("2024", "01")]["StorageDescriptor"]["Location"] == "s3://lake/hive/year=2024/month=01/"
    assert by_values[("2024", "01")]["Parameters"]["objectCount"] == "1"
    out = json.loads(server.aws("glue", "get-partitions", "--database-name", "lake", "--table-name", "hive",
                                "--expression", "year='2024' and month > '01'").stdout)
    assert [p["Values"] for p in out["Partitions"]] == [["2024", "02"]]
    # CreatePartitionIndex is on by default: one index over all partition keys.
    indexes = glue.get_partition_indexes(DatabaseName="lake", TableName="hive")["PartitionIndexDescriptorList"]
    assert indexes == [{"IndexName": "crawler_partition_index", "IndexStatus": "ACTIVE",
                        "Keys": [{"Name": "year", "Type": "string"}, {"Name": "month", "Type": "string"}]}]


def test_unnamed_partition_folders(glue, lake):
    crawl(glue, "c_unnamed", ["s3://lake/unnamed/"])
    t = table(glue, "unnamed")
    assert [k["Name"] for k in t["PartitionKeys"]] == ["partition_0", "partition_1"]
    values = sorted(p["Values"] for p in glue.get_partitions(DatabaseName="lake", TableName="unnamed")["Partitions"])
    assert values == [["2024", "01"], ["2024", "02"], ["2025", "01"]]


def test_mixed_incompatible_files_with_table_prefix(glue, lake, server):
    glue.create_database(DatabaseInput={"Name": "mixed_db"})
    crawl(glue, "c_mixed", ["s3://lake/mixed/"], database="mixed_db", TablePrefix="raw_")
    names = sorted(t["Name"] for t in glue.get_tables(DatabaseName="mixed_db")["TableList"])
    assert names == ["raw_a_csv", "raw_b_json", "raw_c_parquet"]
    assert table(glue, "raw_a_csv", "mixed_db")["StorageDescriptor"]["Location"] == "s3://lake/mixed/a.csv"
    assert cols(table(glue, "raw_c_parquet", "mixed_db")) == [("p", "double")]
    lines = log_lines(server, "c_mixed")
    assert any("s3://lake/mixed/: not one table because its files have 3 different formats" in l for l in lines), lines


def test_bzip2_json(glue, lake):
    crawl(glue, "c_bz2", ["s3://lake/bz2_json/"])
    t = table(glue, "bz2_json")
    assert cols(t) == [("k", "string"), ("n", "double")]
    assert t["Parameters"]["classification"] == "json"
    assert t["Parameters"]["compressionType"] == "bzip2"


def test_dissimilar_folders_are_tables_unless_combined(glue, lake, server):
    glue.create_database(DatabaseInput={"Name": "split_db"})
    crawl(glue, "c_split", ["s3://lake/combine/"], database="split_db")
    names = sorted(t["Name"] for t in glue.get_tables(DatabaseName="split_db")["TableList"])
    assert names == ["year_2017", "year_2018"]
    assert cols(table(glue, "year_2017", "split_db")) == [("a", "int"), ("b", "int")]
    assert table(glue, "year_2018", "split_db")["StorageDescriptor"]["Location"] == "s3://lake/combine/year=2018/"

    glue.create_database(DatabaseInput={"Name": "combined_db"})
    configuration = json.dumps({"Version": 1.0, "Grouping": {"TableGroupingPolicy": "CombineCompatibleSchemas"},
                                "CreatePartitionIndex": False})
    crawl(glue, "c_combined", ["s3://lake/combine/"], database="combined_db", Configuration=configuration)
    names = [t["Name"] for t in glue.get_tables(DatabaseName="combined_db")["TableList"]]
    assert names == ["combine"]
    t = table(glue, "combine", "combined_db")
    assert cols(t) == [("a", "int"), ("b", "int"), ("c", "string"), ("d", "int")]
    assert [(k["Name"], k["Type"]) for k in t["PartitionKeys"]] == [("year", "string")]
    values = sorted(p["Values"] for p in glue.get_partitions(DatabaseName="combined_db",
                                                             TableName="combine")["Partitions"])
    assert values == [["2017"], ["2018"]]
    assert glue.get_partition_indexes(DatabaseName="combined_db", TableName="combine")[
        "PartitionIndexDescriptorList"] == []


def test_table_level_configuration_fixes_the_table_roots(glue, lake):
    glue.create_database(DatabaseInput={"Name": "level_db"})
    configuration = json.dumps({"Version": 1.0, "Grouping": {"TableLevelConfiguration": 3}})
    crawl(glue, "c_level", ["s3://lake/hive/"], database="level_db", Configuration=configuration)
    names = sorted(t["Name"] for t in glue.get_tables(DatabaseName="level_db")["TableList"])
    assert names == ["year_2023", "year_2024"]
    t = table(glue, "year_2024", "level_db")
    assert t["StorageDescriptor"]["Location"] == "s3://lake/hive/year=2024/"
    assert [k["Name"] for k in t["PartitionKeys"]] == ["month"]
    values = sorted(p["Values"] for p in glue.get_partitions(DatabaseName="level_db",
                                                             TableName="year_2024")["Partitions"])
    assert values == [["01"], ["02"]]


def test_table_threshold_fails_the_crawl_without_writing(glue, lake):
    glue.create_database(DatabaseInput={"Name": "threshold_db"})
    configuration = json.dumps({"Version": 1.0, "CrawlerOutput": {"Tables": {"TableThreshold": 2}}})
    crawl(glue, "c_threshold", ["s3://lake/mixed/"], database="threshold_db", wait=False,
          Configuration=configuration)
    crawler = wait_crawl(glue, "c_threshold", None, status="FAILED")
    assert "Table Threshold value = 2, Tables detected - 3" in crawler["LastCrawl"]["ErrorMessage"]
    assert glue.get_tables(DatabaseName="threshold_db")["TableList"] == []


def test_whole_bucket_crawl_finds_each_dataset(glue, lake):
    glue.create_database(DatabaseInput={"Name": "bucket_db"})
    crawl(glue, "c_bucket", [{"Path": "s3://lake/", "Exclusions": ["mixed/**", "excluded/**", "logs/**", "combine/**"]}],
          database="bucket_db")
    names = sorted(t["Name"] for t in glue.get_tables(DatabaseName="bucket_db")["TableList"])
    assert names == ["bz2_json", "csv_header", "csv_noheader", "gzip_csv", "hive", "json", "parquet", "semicolon", "tab",
                     "unnamed"]
    assert [k["Name"] for k in table(glue, "hive", "bucket_db")["PartitionKeys"]] == ["year", "month"]


def test_exclusions_and_log_explanations(glue, lake, server):
    crawl(glue, "c_excluded", [{"Path": "s3://lake/excluded/", "Exclusions": ["*.tmp", "skip/**"]}])
    t = table(glue, "excluded")
    assert cols(t) == [("a", "bigint"), ("b", "string")]
    assert json.loads(t["Parameters"]["exclusions"]) == ["s3://lake/excluded/*.tmp", "s3://lake/excluded/skip/**"]
    lines = log_lines(server, "c_excluded")
    text = "\n".join(lines)
    assert "s3://lake/excluded/junk.tmp: excluded by pattern '*.tmp'" in text
    assert "s3://lake/excluded/skip/notes.txt: excluded by pattern 'skip/**'" in text
    assert "s3://lake/excluded/keep.csv: classification csv" in text
    assert "Created table excluded" in text
    assert all(l.startswith("[") for l in lines)


def test_crawl_that_finds_nothing_says_why(glue, lake, server):
    crawl(glue, "c_nothing", ["s3://lake/no/such/prefix/"])
    lines = log_lines(server, "c_nothing")
    assert any("The crawl found no tables: no objects were found under the targets" in l for l in lines), lines
    crawl(glue, "c_unclassifiable", [{"Path": "s3://lake/excluded/", "Exclusions": ["*.csv", "skip/**"]}])
    lines = log_lines(server, "c_unclassifiable")
    assert any("junk.tmp: skipped, not classified" in l for l in lines), lines
    assert any("none of the 1 file could be classified" in l for l in lines), lines


def test_custom_grok_classifier_comes_first(glue, lake):
    glue.create_classifier(GrokClassifier={
        "Name": "applog", "Classification": "app-log",
        "GrokPattern": "%{TIMESTAMP_ISO8601:ts} %{LOGLEVEL:level} %{NUMBER:code:int} %{GREEDYDATA:message}"})
    crawl(glue, "c_grok", ["s3://lake/logs/"], Classifiers=["applog"])
    t = table(glue, "logs")
    assert cols(t) == [("ts", "string"), ("level", "string"), ("code", "int"), ("message", "string")]
    assert t["Parameters"]["classification"] == "app-log"
    serde = t["StorageDescriptor"]["SerdeInfo"]
    assert serde["SerializationLibrary"] == "com.amazonaws.glue.serde.GrokSerDe"
    assert serde["Parameters"]["input.format"].startswith("%{TIMESTAMP_ISO8601:ts}")


def test_custom_csv_classifier_header(glue, lake):
    glue.create_classifier(CsvClassifier={"Name": "strings_with_header", "Delimiter": ",",
                                          "ContainsHeader": "PRESENT"})
    s3 = lake
    s3.put_object(Bucket=BUCKET, Key="allstrings/people.csv", Body=b"name,city\nann,paris\nbob,rome\n")
    crawl(glue, "c_builtin_strings", ["s3://lake/allstrings/"])
    assert cols(table(glue, "allstrings")) == [("col0", "string"), ("col1", "string")]  # built-in: no header
    glue.delete_table(DatabaseName="lake", Name="allstrings")
    crawl(glue, "c_custom_csv", ["s3://lake/allstrings/"], Classifiers=["strings_with_header"])
    assert cols(table(glue, "allstrings")) == [("name", "string"), ("city", "string")]


def test_crawl_metrics(server, glue, lake):
    text = server.metrics()
    assert metric_value(text, "sluice_crawler_crawls_total", crawler="c_hive", status="SUCCEEDED") >= 1
    assert metric_value(text, "sluice_crawler_tables_created_total", crawler="c_hive") == 1
    assert metric_value(text, "sluice_crawler_partitions_added_total", crawler="c_hive") == 3
    assert metric_value(text, "sluice_crawler_crawl_duration_seconds_count", crawler="c_hive") >= 1
