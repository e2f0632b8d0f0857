"""Re-crawls under each policy, with data changed through S3 between crawls: SchemaChangePolicy
UpdateBehavior (UPDATE_IN_DATABASE, LOG) and DeleteBehavior (DEPRECATE_IN_DATABASE,
DELETE_FROM_DATABASE, LOG), RecrawlPolicy CRAWL_NEW_FOLDERS_ONLY (only new folders are read),
and the MergeNewColumns and InheritFromTable output options.
"""
import json
import time

import pytest

from sluice_server import metric_value
from test_crawler_crawl import crawl, log_lines, table, cols


@pytest.fixture(scope="module")
def glue(server):
    client = server.client("glue")
    client.create_database(DatabaseInput={"Name": "policies"})
    return client


@pytest.fixture(scope="module")
def s3(server):
    client = server.client("s3")
    client.create_bucket(Bucket="policies")
    return client


def put(s3, key, body):
    s3.put_object(Bucket="policies", Key=key, Body=body)


def delete_prefix(s3, prefix):
    for item in s3.list_objects_v2(Bucket="policies", Prefix=prefix).get("Contents", []):
        s3.delete_object(Bucket="policies", Key=item["Key"])


def run(glue, name, path, **extra):
    return crawl(glue, name, [path], database="policies", **extra)


def test_update_in_database_replaces_the_schema_as_a_new_version(glue, s3, server):
    put(s3, "evolve/data.json", b'{"a": 1}\n')
    run(glue, "evolve", "s3://policies/evolve/")
    assert cols(table(glue, "evolve", "policies")) == [("a", "int")]
    put(s3, "evolve/data.json", b'{"a": 5000000000, "b": "new"}\n')
    run(glue, "evolve", "s3://policies/evolve/")
    t = table(glue, "evolve", "policies")
    assert cols(t) == [("a", "bigint"), ("b", "string")]
    assert t["VersionId"] == "1"
    versions = glue.get_table_versions(DatabaseName="policies", TableName="evolve")["TableVersions"]
    assert [v["VersionId"] for v in versions] == ["1", "0"]
    assert [c["Name"] for c in versions[1]["Table"]["StorageDescriptor"]["Columns"]] == ["a"]
    lines = "\n".join(log_lines(server, "evolve"))
    assert "Updated table evolve (new version): added columns b string; changed column types a int → bigint" in lines
    # A crawl that finds nothing new changes nothing.
    run(glue, "evolve", "s3://policies/evolve/")
    assert table(glue, "evolve", "policies")["VersionId"] == "1"


def test_update_behavior_log_keeps_the_table_but_adds_partitions(glue, s3, server):
    put(s3, "logged/p=1/data.json", b'{"a": 1, "b": "x", "c": "y"}\n')
    policy = {"UpdateBehavior": "LOG", "DeleteBehavior": "LOG"}
    run(glue, "logged", "s3://policies/logged/", SchemaChangePolicy=policy)
    put(s3, "logged/p=2/data.json", b'{"a": 2, "b": "x", "c": "y", "d": true}\n')
    run(glue, "logged", "s3://policies/logged/", SchemaChangePolicy=policy)
    t = table(glue, "logged", "policies")
    assert cols(t) == [("a", "int"), ("b", "string"), ("c", "string")]
    assert t["VersionId"] == "0"
    values = sorted(p["Values"] for p in glue.get_partitions(DatabaseName="policies", TableName="logged")["Partitions"])
    assert values == [["1"], ["2"]]
    lines = "\n".join(log_lines(server, "logged"))
    assert "Table logged changed (added columns d boolean) but UpdateBehavior is LOG: the table is left unchanged" in lines


def test_merge_new_columns_only_adds(glue, s3):
    put(s3, "merged/data.json", b'{"a": 1, "b": "x"}\n')
    config = json.dumps({"Version": 1.0, "CrawlerOutput": {"Tables": {"AddOrUpdateBehavior": "MergeNewColumns"}}})
    run(glue, "merged", "s3://policies/merged/", Configuration=config)
    put(s3, "merged/data.json", b'{"a": "now text", "c": 1.5}\n')
    run(glue, "merged", "s3://policies/merged/", Configuration=config)
    # b stays although gone; a keeps its type; c is added.
    assert cols(table(glue, "merged", "policies")) == [("a", "int"), ("b", "string"), ("c", "double")]


def three_datasets(s3, root):
    put(s3, f"{root}/one/a.json", b'{"x": 1}\n')
    put(s3, f"{root}/two/b.csv", b"a,b\n1,2\n3,4\n")
    put(s3, f"{root}/three/c.csv", b"a;b\n1;2\n3;4\n")


@pytest.mark.parametrize("behavior", ["DEPRECATE_IN_DATABASE", "DELETE_FROM_DATABASE", "LOG"])
def test_delete_behavior_when_a_folder_disappears(glue, s3, server, behavior):
    root = "gone_" + behavior.lower()
    three_datasets(s3, root)
    glue.create_database(DatabaseInput={"Name": root})
    policy = {"UpdateBehavior": "UPDATE_IN_DATABASE", "DeleteBehavior": behavior}
    crawl(glue, root, [f"s3://policies/{root}/"], database=root, SchemaChangePolicy=policy)
    assert sorted(t["Name"] for t in glue.get_tables(DatabaseName=root)["TableList"]) == ["one", "three", "two"]
    delete_prefix(s3, f"{root}/two/")
    before = int(time.time() * 1000)
    crawl(glue, root, [f"s3://policies/{root}/"], database=root, SchemaChangePolicy=policy)
    names = sorted(t["Name"] for t in glue.get_tables(DatabaseName=root)["TableList"])
    lines = "\n".join(log_lines(server, root))
    if behavior == "DELETE_FROM_DATABASE":
        assert names == ["one", "three"]
        assert "Deleted table two" in lines
    else:
        assert names == ["one", "three", "two"]
        params = table(glue, "two", root)["Parameters"]
        if behavior == "DEPRECATE_IN_DATABASE":
            stamp = int(params["DEPRECATED_BY_CRAWLER"])
            assert before - 1000 <= stamp <= int(time.time() * 1000) + 1000
            assert table(glue, "two", root)["StorageDescriptor"]["Parameters"]["DEPRECATED_BY_CRAWLER"] == str(stamp)
        else:
            assert "DEPRECATED_BY_CRAWLER" not in params
            assert "DeleteBehavior LOG keeps it" in lines
    assert "DEPRECATED_BY_CRAWLER" not in table(glue, "one", root)["Parameters"]


def test_deleted_partition_folder(glue, s3):
    for day in ("1", "2", "3"):
        put(s3, f"parts/day={day}/a.json", b'{"x": 1}\n')
    policy = {"UpdateBehavior": "UPDATE_IN_DATABASE", "DeleteBehavior": "DELETE_FROM_DATABASE"}
    run(glue, "parts", "s3://policies/parts/", SchemaChangePolicy=policy)
    delete_prefix(s3, "parts/day=2/")
    run(glue, "parts", "s3://policies/parts/", SchemaChangePolicy=policy)
    values = sorted(p["Values"] for p in glue.get_partitions(DatabaseName="policies", TableName="parts")["Partitions"])
    assert values == [["1"], ["3"]]


def test_crawl_new_folders_only_reads_only_new_partitions(glue, s3, server):
    for day in ("1", "2"):
        put(s3, f"incr/day={day}/a.json", b'{"x": 1, "y": "a"}\n')
    settings = dict(RecrawlPolicy={"RecrawlBehavior": "CRAWL_NEW_FOLDERS_ONLY"},
                    SchemaChangePolicy={"UpdateBehavior": "LOG", "DeleteBehavior": "LOG"})
    run(glue, "incr", "s3://policies/incr/", **settings)
    assert sorted(p["Values"] for p in glue.get_partitions(DatabaseName="policies", TableName="incr")["Partitions"]) \
        == [["1"], ["2"]]
    read_before = metric_value(server.metrics(), "sluice_crawler_files_read_total", crawler="incr")
    assert read_before == 2
    put(s3, "incr/day=3/a.json", b'{"x": 3, "y": "c"}\n')
    # An old folder changes in a way that would change the table: it is not read again.
    put(s3, "incr/day=1/b.json", b'{"x": "text", "z": true}\n')
    run(glue, "incr", "s3://policies/incr/", **settings)
    assert sorted(p["Values"] for p in glue.get_partitions(DatabaseName="policies", TableName="incr")["Partitions"]) \
        == [["1"], ["2"], ["3"]]
    assert metric_value(server.metrics(), "sluice_crawler_files_read_total", crawler="incr") == read_before + 1
    assert cols(table(glue, "incr", "policies")) == [("x", "int"), ("y", "string")]
    lines = "\n".join(log_lines(server, "incr"))
    assert "s3://policies/incr/: 2 folders crawled before skipped, 1 new (CRAWL_NEW_FOLDERS_ONLY)" in lines
    assert "Added partition (3) to table incr from new folder s3://policies/incr/day=3/" in lines
    # A new folder whose data does not fit the table is skipped with a reason.
    put(s3, "incr/day=4/a.csv", b"a,b\n1,2\n3,4\n")
    run(glue, "incr", "s3://policies/incr/", **settings)
    assert len(glue.get_partitions(DatabaseName="policies", TableName="incr")["Partitions"]) == 3
    assert "New folder s3://policies/incr/day=4/ holds csv data that does not fit table incr" in \
        "\n".join(log_lines(server, "incr"))


@pytest.mark.parametrize("inherit", [False, True])
def test_partitions_inherit_from_table(glue, s3, inherit):
    root = "inherit_" + str(inherit).lower()
    put(s3, f"{root}/p=1/data.json", b'{"a": 1, "b": "x", "c": "y"}\n')
    put(s3, f"{root}/p=2/data.json", b'{"a": 2, "b": "x", "c": "y", "d": true}\n')
    extra = {}
    if inherit:
        extra["Configuration"] = json.dumps(
            {"Version": 1.0, "CrawlerOutput": {"Partitions": {"AddOrUpdateBehavior": "InheritFromTable"}}})
    run(glue, root, f"s3://policies/{root}/", **extra)
    t = table(glue, root, "policies")
    assert cols(t) == [("a", "int"), ("b", "string"), ("c", "string"), ("d", "boolean")]
    first = glue.get_partition(DatabaseName="policies", TableName=root, PartitionValues=["1"])["Partition"]
    sd = first["StorageDescriptor"]
    assert sd["Location"] == f"s3://policies/{root}/p=1/"
    assert first["Parameters"]["objectCount"] == "1"
    if inherit:
        # The partition copies the table's columns and SerDe, keeping its own location and statistics.
        assert sd["Columns"] == t["StorageDescriptor"]["Columns"]
        assert sd["SerdeInfo"] == t["StorageDescriptor"]["SerdeInfo"]
    else:
        # Each partition keeps the schema of its own files.
        assert [(c["Name"], c["Type"]) for c in sd["Columns"]] == [("a", "int"), ("b", "string"), ("c", "string")]
        assert sd["SerdeInfo"]["Parameters"]["paths"] == "a,b,c"
