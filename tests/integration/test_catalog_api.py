"""The Glue Data Catalog API through boto3 and the aws CLI: databases, tables and their versions,
partitions with GetPartitions expressions, segments and pagination, partition indexes and
SearchTables, with the errors AWS gives for each misuse, and durability across kill -9.
"""
import datetime
import json

import pytest
from botocore.exceptions import ClientError

from sigv4_client import json_call
from sluice_server import SluiceServer


@pytest.fixture(scope="module")
def glue(server):
    return server.client("glue")


def expect_error(call, code, **kwargs):
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    response = error.value.response
    assert response["Error"]["Code"] == code, response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400, response
    return response


def raw(server, operation, body):
    """A signed request straight to the server (no client-side validation)."""
    status, _, data = json_call(server, f"AWSGlue.{operation}", json.dumps(body), service="glue")
    return status, json.loads(data or b"{}")


def columns(*pairs):
    return [{"Name": n, "Type": t} for n, t in pairs]


def make_table(glue, database, name, keys=(), cols=(("a", "int"),), **extra):
    table = {"Name": name, "PartitionKeys": columns(*keys),
             "StorageDescriptor": {"Columns": columns(*cols), "Location": f"s3://bucket/{name}/"}}
    table.update(extra)
    glue.create_table(DatabaseName=database, TableInput=table)


# ---------------------------------------------------------------- databases

def test_database_lifecycle_and_case_folding(glue):
    glue.create_database(DatabaseInput={"Name": "Sales_DB", "Description": "sales", "LocationUri": "s3://b/sales/",
                                        "Parameters": {"owner": "team-a"}})
    db = glue.get_database(Name="SALES_db")["Database"]
    assert db["Name"] == "sales_db"
    assert db["Description"] == "sales"
    assert db["LocationUri"] == "s3://b/sales/"
    assert db["Parameters"] == {"owner": "team-a"}
    assert db["CatalogId"] == "000000000000"
    assert isinstance(db["CreateTime"], datetime.datetime)
    assert abs((datetime.datetime.now(datetime.timezone.utc) - db["CreateTime"]).total_seconds()) < 60

    expect_error(glue.create_database, "AlreadyExistsException", DatabaseInput={"Name": "sales_db"})
    glue.update_database(Name="sales_db", DatabaseInput={"Name": "sales_db", "Description": "after"})
    db = glue.get_database(Name="sales_db")["Database"]
    assert db["Description"] == "after"
    assert "LocationUri" not in db  # UpdateDatabase replaces, it does not merge
    response = expect_error(glue.update_database, "InvalidInputException", Name="sales_db",
                            DatabaseInput={"Name": "renamed"})
    assert "renamed" in response["Error"]["Message"]

    glue.delete_database(Name="sales_db")
    response = expect_error(glue.get_database, "EntityNotFoundException", Name="sales_db")
    assert response["Error"]["Message"] == "Database sales_db not found."
    expect_error(glue.delete_database, "EntityNotFoundException", Name="sales_db")


def test_get_databases_pages_with_tokens(glue, server):
    names = [f"pagedb_{i:02d}" for i in range(7)]
    for name in names:
        glue.create_database(DatabaseInput={"Name": name})
    seen = []
    token = None
    while True:
        kwargs = {"MaxResults": 3}
        if token:
            kwargs["NextToken"] = token
        page = glue.get_databases(**kwargs)
        assert len(page["DatabaseList"]) <= 3
        seen += [d["Name"] for d in page["DatabaseList"] if d["Name"].startswith("pagedb_")]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == names
    all_names = [d["Name"] for page in glue.get_paginator("get_databases").paginate() for d in page["DatabaseList"]]
    assert set(names) <= set(all_names)
    # AttributesToGet is newer than Debian's boto3: sent raw.
    status, body = raw(server, "GetDatabases", {"AttributesToGet": ["NAME"]})
    assert status == 200 and body["DatabaseList"] and all(set(d) == {"Name"} for d in body["DatabaseList"])
    expect_error(glue.get_databases, "InvalidInputException", NextToken="not-a-token")
    for name in names:
        glue.delete_database(Name=name)


def test_server_side_validation_like_aws(server):
    status, body = raw(server, "CreateDatabase", {"DatabaseInput": {"Name": ""}})
    assert status == 400
    assert body["__type"] == "ValidationException"
    assert "databaseInput.name" in body["Message"] and "greater than or equal to 1" in body["Message"]
    status, body = raw(server, "CreateDatabase", {"DatabaseInput": {"Name": "x" * 256}})
    assert status == 400 and "less than or equal to 255" in body["Message"]
    status, body = raw(server, "GetDatabase", {})
    assert status == 400 and "Member must not be null" in body["Message"]
    status, body = raw(server, "GetDatabase", {"Name": 5})
    assert status == 400 and body["__type"] == "SerializationException"
    status, body = raw(server, "GetPartitions", {"DatabaseName": "d", "TableName": "t", "MaxResults": 0})
    assert status == 400 and "greater than or equal to 1" in body["Message"]


def test_cli_create_database_and_get_tables(server):
    server.aws("glue", "create-database", "--database-input", "Name=clidb,Description=from the cli")
    out = json.loads(server.aws("glue", "get-database", "--name", "clidb").stdout)
    assert out["Database"]["Description"] == "from the cli"
    server.aws("glue", "create-table", "--database-name", "clidb", "--table-input",
               json.dumps({"Name": "T1", "StorageDescriptor": {"Columns": [{"Name": "a", "Type": "int"}]}}))
    out = json.loads(server.aws("glue", "get-tables", "--database-name", "clidb").stdout)
    assert [t["Name"] for t in out["TableList"]] == ["t1"]
    result = server.aws("glue", "get-database", "--name", "nope", check=False)
    assert result.returncode != 0 and "EntityNotFoundException" in result.stderr


# ---------------------------------------------------------------- tables

def test_table_lifecycle_versions_and_errors(glue):
    glue.create_database(DatabaseInput={"Name": "tables_db"})
    expect_error(glue.create_table, "EntityNotFoundException", DatabaseName="nope", TableInput={"Name": "t"})
    make_table(glue, "tables_db", "Orders", keys=(("dt", "string"),), cols=(("id", "bigint"), ("amount", "double")),
               TableType="EXTERNAL_TABLE", Parameters={"classification": "csv"})
    expect_error(glue.create_table, "AlreadyExistsException", DatabaseName="tables_db", TableInput={"Name": "ORDERS"})
    table = glue.get_table(DatabaseName="tables_db", Name="orders")["Table"]
    assert table["Name"] == "orders"
    assert table["DatabaseName"] == "tables_db"
    assert table["VersionId"] == "0"
    assert table["IsRegisteredWithLakeFormation"] is False
    assert table["PartitionKeys"] == [{"Name": "dt", "Type": "string"}]
    assert table["StorageDescriptor"]["Columns"] == columns(("id", "bigint"), ("amount", "double"))
    assert table["Parameters"] == {"classification": "csv"}
    assert isinstance(table["CreateTime"], datetime.datetime)

    for version in range(1, 4):
        glue.update_table(DatabaseName="tables_db",
                          TableInput={"Name": "orders", "Description": f"v{version}",
                                      "StorageDescriptor": {"Columns": columns(("id", "bigint"))},
                                      "PartitionKeys": columns(("dt", "string"))},
                          SkipArchive=(version == 2))
    table = glue.get_table(DatabaseName="tables_db", Name="orders")["Table"]
    assert table["VersionId"] == "3" and table["Description"] == "v3"
    assert table["StorageDescriptor"]["Columns"] == columns(("id", "bigint"))
    versions = glue.get_table_versions(DatabaseName="tables_db", TableName="orders")["TableVersions"]
    # Newest first; version 1 was replaced with SkipArchive and is gone.
    assert [v["VersionId"] for v in versions] == ["3", "2", "0"]
    assert versions[2]["Table"]["StorageDescriptor"]["Columns"] == columns(("id", "bigint"), ("amount", "double"))
    old = glue.get_table_version(DatabaseName="tables_db", TableName="orders", VersionId="2")["TableVersion"]
    assert old["Table"]["Description"] == "v2" and old["VersionId"] == "2"
    expect_error(glue.get_table_version, "InvalidInputException", DatabaseName="tables_db", TableName="orders",
                 VersionId="abc")
    expect_error(glue.update_table, "ConcurrentModificationException", DatabaseName="tables_db",
                 TableInput={"Name": "orders"}, VersionId="1")
    glue.delete_table_version(DatabaseName="tables_db", TableName="orders", VersionId="0")
    errors = glue.batch_delete_table_version(DatabaseName="tables_db", TableName="orders",
                                             VersionIds=["2", "0"])["Errors"]
    assert [(e["VersionId"], e["ErrorDetail"]["ErrorCode"]) for e in errors] == [("0", "EntityNotFoundException")]
    versions = glue.get_table_versions(DatabaseName="tables_db", TableName="orders")["TableVersions"]
    assert [v["VersionId"] for v in versions] == ["3"]

    expect_error(glue.get_table, "EntityNotFoundException", DatabaseName="tables_db", Name="missing")
    expect_error(glue.update_table, "EntityNotFoundException", DatabaseName="tables_db", TableInput={"Name": "missing"})
    make_table(glue, "tables_db", "t2")
    errors = glue.batch_delete_table(DatabaseName="tables_db", TablesToDelete=["t2", "t9"])["Errors"]
    assert [(e["TableName"], e["ErrorDetail"]["ErrorCode"]) for e in errors] == [("t9", "EntityNotFoundException")]
    expect_error(glue.get_table, "EntityNotFoundException", DatabaseName="tables_db", Name="t2")
    glue.delete_table(DatabaseName="tables_db", Name="orders")
    expect_error(glue.delete_table, "EntityNotFoundException", DatabaseName="tables_db", Name="orders")
    glue.delete_database(Name="tables_db")


def test_get_tables_expression_and_pages(glue, server):
    glue.create_database(DatabaseInput={"Name": "list_db"})
    for name in ["sales_2023", "sales_2024", "orders", "customers"]:
        make_table(glue, "list_db", name, TableType="EXTERNAL_TABLE")
    names = lambda **kw: [t["Name"] for p in glue.get_paginator("get_tables").paginate(DatabaseName="list_db", **kw)
                          for t in p["TableList"]]
    assert names() == ["customers", "orders", "sales_2023", "sales_2024"]
    assert names(Expression="sales*") == ["sales_2023", "sales_2024"]
    assert names(Expression="orders|CUSTOMERS") == ["customers", "orders"]
    assert names(PaginationConfig={"PageSize": 1}) == ["customers", "orders", "sales_2023", "sales_2024"]
    status, body = raw(server, "GetTables", {"DatabaseName": "list_db", "AttributesToGet": ["NAME", "TABLE_TYPE"]})
    assert status == 200 and body["TableList"][0] == {"Name": "customers", "TableType": "EXTERNAL_TABLE"}
    expect_error(glue.get_tables, "EntityNotFoundException", DatabaseName="nope")
    glue.delete_database(Name="list_db")
    expect_error(glue.get_table, "EntityNotFoundException", DatabaseName="list_db", Name="orders")


def test_search_tables(glue):
    glue.create_database(DatabaseInput={"Name": "search_a"})
    glue.create_database(DatabaseInput={"Name": "search_b"})
    make_table(glue, "search_a", "customer-link", Description="links of customers")
    make_table(glue, "search_b", "xxlinkyy")
    make_table(glue, "search_b", "orders", Parameters={"classification": "parquet"})
    found = lambda **kw: sorted(t["Name"] for t in glue.search_tables(**kw)["TableList"])
    assert found(Filters=[{"Key": "Name", "Value": "link"}]) == ["customer-link"]
    assert found(Filters=[{"Key": "DatabaseName", "Value": "search_b"}]) == ["orders", "xxlinkyy"]
    assert found(SearchText="customers") == ["customer-link"]
    assert found(Filters=[{"Key": "classification", "Value": "parquet"}]) == ["orders"]
    ordered = glue.search_tables(Filters=[{"Key": "DatabaseName", "Value": "search_b"}],
                                 SortCriteria=[{"FieldName": "Name", "Sort": "DESC"}], MaxResults=1)
    assert [t["Name"] for t in ordered["TableList"]] == ["xxlinkyy"]
    rest = glue.search_tables(Filters=[{"Key": "DatabaseName", "Value": "search_b"}],
                              SortCriteria=[{"FieldName": "Name", "Sort": "DESC"}], MaxResults=1,
                              NextToken=ordered["NextToken"])
    assert [t["Name"] for t in rest["TableList"]] == ["orders"]
    for db in ("search_a", "search_b"):
        glue.delete_database(Name=db)


# ---------------------------------------------------------------- partitions

@pytest.fixture(scope="module")
def events(glue):
    """Table events(year, month) with 36 partitions (2022-2024 x 01-12)."""
    glue.create_database(DatabaseInput={"Name": "part_db"})
    make_table(glue, "part_db", "events", keys=(("year", "string"), ("month", "string")))
    inputs = [{"Values": [str(y), f"{m:02d}"],
               "StorageDescriptor": {"Columns": columns(("a", "int")), "Location": f"s3://bucket/events/{y}/{m:02d}/"}}
              for y in (2022, 2023, 2024) for m in range(1, 13)]
    assert glue.batch_create_partition(DatabaseName="part_db", TableName="events",
                                       PartitionInputList=inputs)["Errors"] == []
    return "events"


def partition_values(glue, table="events", **kwargs):
    out = []
    for page in glue.get_paginator("get_partitions").paginate(DatabaseName="part_db", TableName=table, **kwargs):
        out += ["-".join(p["Values"]) for p in page["Partitions"]]
    return out


def test_get_partitions_expressions(glue, events):
    assert len(partition_values(glue)) == 36
    assert partition_values(glue, Expression="year='2024' and month > '06'") == \
        ["2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"]
    assert partition_values(glue, Expression="year in ('2022', '2023') AND month = '01'") == ["2022-01", "2023-01"]
    assert partition_values(glue, Expression="year between 2022 and 2023 and month between '11' and '12'") == \
        ["2022-11", "2022-12", "2023-11", "2023-12"]
    assert partition_values(glue, Expression="(year = '2022' or year = '2024') and month like '1%'") == \
        ["2022-10", "2022-11", "2022-12", "2024-10", "2024-11", "2024-12"]
    assert partition_values(glue, Expression="not year <> '2023' and month >= '12'") == ["2023-12"]
    # Spark's metastore client sends a blank expression: every partition.
    assert len(partition_values(glue, Expression="")) == 36
    assert len(partition_values(glue, Expression="   ")) == 36
    for bad in ["year = ", "nope = '1'", "year = '1' and", "year ~ 1"]:
        expect_error(glue.get_partitions, "InvalidInputException", DatabaseName="part_db", TableName="events",
                     Expression=bad)


def test_get_partitions_cli_expression(server, events):
    out = json.loads(server.aws("glue", "get-partitions", "--database-name", "part_db", "--table-name", "events",
                                "--expression", "year='2024' and month > '06'").stdout)
    assert sorted(p["Values"][1] for p in out["Partitions"]) == ["07", "08", "09", "10", "11", "12"]


def test_typed_partition_keys(glue):
    make_table(glue, "part_db", "typed", keys=(("year", "int"), ("day", "date")))
    glue.batch_create_partition(DatabaseName="part_db", TableName="typed", PartitionInputList=[
        {"Values": [str(y), d]} for y in (9, 10, 2024) for d in ("2024-01-09", "2024-01-10")])
    assert partition_values(glue, "typed", Expression="year > 9") == \
        ["10-2024-01-09", "10-2024-01-10", "2024-2024-01-09", "2024-2024-01-10"]
    assert partition_values(glue, "typed", Expression="year = 10 and day >= '2024-01-10'") == ["10-2024-01-10"]
    expect_error(glue.get_partitions, "InvalidInputException", DatabaseName="part_db", TableName="typed",
                 Expression="year = 'ten'")
    expect_error(glue.get_partitions, "InvalidInputException", DatabaseName="part_db", TableName="typed",
                 Expression="year like '1%'")


def test_segments_split_partitions(glue, events):
    seen = []
    for number in range(4):
        part = partition_values(glue, Segment={"SegmentNumber": number, "TotalSegments": 4},
                                PaginationConfig={"PageSize": 5})
        assert 0 < len(part) < 36, f"segment {number} holds {len(part)} partitions"
        seen += part
    assert len(seen) == 36 and len(set(seen)) == 36
    expect_error(glue.get_partitions, "InvalidInputException", DatabaseName="part_db", TableName="events",
                 Segment={"SegmentNumber": 4, "TotalSegments": 4})


def test_partition_pages_and_tokens(glue, events):
    first = glue.get_partitions(DatabaseName="part_db", TableName="events", MaxResults=10)
    assert len(first["Partitions"]) == 10 and "NextToken" in first
    # A partition created between pages does not disturb the following pages.
    glue.create_partition(DatabaseName="part_db", TableName="events", PartitionInput={"Values": ["2025", "01"]})
    rest = []
    token = first["NextToken"]
    while token:
        page = glue.get_partitions(DatabaseName="part_db", TableName="events", MaxResults=10, NextToken=token)
        rest += page["Partitions"]
        token = page.get("NextToken")
    values = ["-".join(p["Values"]) for p in first["Partitions"] + rest]
    assert len(values) == 37 and len(set(values)) == 37
    # A token belongs to its query.
    expect_error(glue.get_partitions, "InvalidInputException", DatabaseName="part_db", TableName="events",
                 Expression="year = '2024'", NextToken=first["NextToken"])
    glue.delete_partition(DatabaseName="part_db", TableName="events", PartitionValues=["2025", "01"])


def test_partition_crud_and_batches(glue, events):
    p = glue.get_partition(DatabaseName="part_db", TableName="events", PartitionValues=["2023", "05"])["Partition"]
    assert p["Values"] == ["2023", "05"] and p["TableName"] == "events" and p["DatabaseName"] == "part_db"
    assert p["StorageDescriptor"]["Location"] == "s3://bucket/events/2023/05/"
    assert isinstance(p["CreationTime"], datetime.datetime)
    no_columns = glue.get_partitions(DatabaseName="part_db", TableName="events", Expression="year='2023' and month='05'",
                                     ExcludeColumnSchema=True)["Partitions"][0]
    assert "Columns" not in no_columns["StorageDescriptor"]
    expect_error(glue.create_partition, "AlreadyExistsException", DatabaseName="part_db", TableName="events",
                 PartitionInput={"Values": ["2023", "05"]})
    expect_error(glue.create_partition, "InvalidInputException", DatabaseName="part_db", TableName="events",
                 PartitionInput={"Values": ["2023"]})
    expect_error(glue.create_partition, "EntityNotFoundException", DatabaseName="part_db", TableName="nope",
                 PartitionInput={"Values": ["1", "2"]})
    expect_error(glue.get_partition, "EntityNotFoundException", DatabaseName="part_db", TableName="events",
                 PartitionValues=["1999", "01"])

    errors = glue.batch_create_partition(DatabaseName="part_db", TableName="events", PartitionInputList=[
        {"Values": ["2030", "01"]}, {"Values": ["2023", "05"]}])["Errors"]
    assert [(e["PartitionValues"], e["ErrorDetail"]["ErrorCode"]) for e in errors] == \
        [(["2023", "05"], "AlreadyExistsException")]
    got = glue.batch_get_partition(DatabaseName="part_db", TableName="events",
                                   PartitionsToGet=[{"Values": ["2030", "01"]}, {"Values": ["1999", "01"]}])
    assert [p["Values"] for p in got["Partitions"]] == [["2030", "01"]]
    assert got["UnprocessedKeys"] == []

    # UpdatePartition may re-key a partition.
    glue.update_partition(DatabaseName="part_db", TableName="events", PartitionValueList=["2030", "01"],
                          PartitionInput={"Values": ["2031", "01"], "Parameters": {"k": "v"}})
    moved = glue.get_partition(DatabaseName="part_db", TableName="events", PartitionValues=["2031", "01"])["Partition"]
    assert moved["Parameters"] == {"k": "v"}
    errors = glue.batch_update_partition(DatabaseName="part_db", TableName="events", Entries=[
        {"PartitionValueList": ["2031", "01"], "PartitionInput": {"Values": ["2031", "01"], "Parameters": {"k": "w"}}},
        {"PartitionValueList": ["1999", "01"], "PartitionInput": {"Values": ["1999", "01"]}}])["Errors"]
    assert [(e["PartitionValueList"], e["ErrorDetail"]["ErrorCode"]) for e in errors] == \
        [(["1999", "01"], "EntityNotFoundException")]
    errors = glue.batch_delete_partition(DatabaseName="part_db", TableName="events", PartitionsToDelete=[
        {"Values": ["2031", "01"]}, {"Values": ["1999", "01"]}])["Errors"]
    assert [e["PartitionValues"] for e in errors] == [["1999", "01"]]
    expect_error(glue.delete_partition, "EntityNotFoundException", DatabaseName="part_db", TableName="events",
                 PartitionValues=["2031", "01"])


def test_partition_indexes(glue, events):
    glue.create_partition_index(DatabaseName="part_db", TableName="events",
                                PartitionIndex={"Keys": ["year"], "IndexName": "by_year"})
    expect_error(glue.create_partition_index, "AlreadyExistsException", DatabaseName="part_db", TableName="events",
                 PartitionIndex={"Keys": ["year"], "IndexName": "by_year"})
    expect_error(glue.create_partition_index, "InvalidInputException", DatabaseName="part_db", TableName="events",
                 PartitionIndex={"Keys": ["nope"], "IndexName": "bad"})
    indexes = glue.get_partition_indexes(DatabaseName="part_db", TableName="events")["PartitionIndexDescriptorList"]
    assert indexes == [{"IndexName": "by_year", "Keys": [{"Name": "year", "Type": "string"}], "IndexStatus": "ACTIVE"}]
    glue.delete_partition_index(DatabaseName="part_db", TableName="events", IndexName="by_year")
    expect_error(glue.delete_partition_index, "EntityNotFoundException", DatabaseName="part_db", TableName="events",
                 IndexName="by_year")


def test_catalog_survives_kill_9(tmp_path):
    server = SluiceServer(data_dir=str(tmp_path / "data")).start()
    try:
        glue = server.client("glue")
        glue.create_database(DatabaseInput={"Name": "durable"})
        make_table(glue, "durable", "t", keys=(("k", "string"),))
        glue.batch_create_partition(DatabaseName="durable", TableName="t",
                                    PartitionInputList=[{"Values": [str(i)]} for i in range(50)])
        glue.update_table(DatabaseName="durable", TableInput={"Name": "t", "Description": "acknowledged",
                                                             "PartitionKeys": columns(("k", "string"))})
        server.kill()
        server.start()
        glue = server.client("glue")
        table = glue.get_table(DatabaseName="durable", Name="t")["Table"]
        assert table["Description"] == "acknowledged" and table["VersionId"] == "1"
        assert len(glue.get_partitions(DatabaseName="durable", TableName="t")["Partitions"]) == 50
    finally:
        server.cleanup()
