"""Glue crawler and classifier management through boto3 and the aws CLI: the crawler shape
GetCrawler returns, updates and versions, schedules, state errors (CrawlerRunningException,
CrawlerNotRunningException, ...), metrics and crawl history, custom classifiers, and the
validation AWS applies to each.
"""
import json
import time

import pytest
from botocore.exceptions import ClientError

from test_catalog_api import expect_error


@pytest.fixture(scope="module")
def glue(server):
    return server.client("glue")


@pytest.fixture(scope="module")
def s3(server):
    client = server.client("s3")
    client.create_bucket(Bucket="crawlapi")
    client.put_object(Bucket="crawlapi", Key="data/a.csv", Body=b"id,name\n1,a\n2,b\n")
    return client


def wait_ready(glue, name, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        crawler = glue.get_crawler(Name=name)["Crawler"]
        if crawler["State"] == "READY" and "LastCrawl" in crawler:
            return crawler
        time.sleep(0.1)
    raise AssertionError(f"crawler {name} did not finish: {crawler}")


TARGETS = {"S3Targets": [{"Path": "s3://crawlapi/data/", "Exclusions": ["*.tmp"]}]}


def test_create_and_get_crawler_shape(glue):
    glue.create_crawler(Name="shape", Role="arn:aws:iam::000000000000:role/Glue", DatabaseName="default",
                        Targets=TARGETS, Description="d", TablePrefix="raw_", Schedule="cron(15 12 * * ? *)",
                        SchemaChangePolicy={"UpdateBehavior": "LOG", "DeleteBehavior": "DELETE_FROM_DATABASE"},
                        Configuration=json.dumps({"Version": 1.0, "Grouping": {
                            "TableGroupingPolicy": "CombineCompatibleSchemas"}}),
                        Tags={"team": "data"})
    c = glue.get_crawler(Name="shape")["Crawler"]
    assert c["Name"] == "shape" and c["Role"] == "arn:aws:iam::000000000000:role/Glue"
    assert c["State"] == "READY"
    assert c["Version"] == 1
    assert c["Targets"]["S3Targets"] == [{"Path": "s3://crawlapi/data/", "Exclusions": ["*.tmp"]}]
    assert c["Targets"]["JdbcTargets"] == [] and c["Targets"]["CatalogTargets"] == []
    assert c["DatabaseName"] == "default" and c["Description"] == "d" and c["TablePrefix"] == "raw_"
    assert c["Schedule"] == {"ScheduleExpression": "cron(15 12 * * ? *)", "State": "SCHEDULED"}
    assert c["SchemaChangePolicy"] == {"UpdateBehavior": "LOG", "DeleteBehavior": "DELETE_FROM_DATABASE"}
    assert c["RecrawlPolicy"] == {"RecrawlBehavior": "CRAWL_EVERYTHING"}
    assert c["LineageConfiguration"] == {"CrawlerLineageSettings": "DISABLE"}
    assert json.loads(c["Configuration"])["Grouping"]["TableGroupingPolicy"] == "CombineCompatibleSchemas"
    assert "LastCrawl" not in c  # no crawl has finished yet
    assert c["CrawlElapsedTime"] == 0
    expect_error(glue.create_crawler, "AlreadyExistsException", Name="shape", Role="r", Targets=TARGETS)


def test_defaults_of_a_minimal_crawler(glue):
    glue.create_crawler(Name="minimal", Role="r", Targets=TARGETS)
    c = glue.get_crawler(Name="minimal")["Crawler"]
    assert c["SchemaChangePolicy"] == {"UpdateBehavior": "UPDATE_IN_DATABASE", "DeleteBehavior": "DEPRECATE_IN_DATABASE"}
    assert "Schedule" not in c
    assert c["Classifiers"] == []


def test_invalid_crawlers_are_rejected(glue):
    bad = [
        dict(Schedule="cron(0 12 * * *)"),                       # five fields
        dict(Schedule="cron(* * * * ? *)"),                      # every minute: more often than 5 minutes
        dict(Schedule="rate(5 minutes)"),
        dict(Configuration="{not json"),
        dict(Configuration=json.dumps({"Grouping": {"TableGroupingPolicy": "Nope"}})),
        dict(RecrawlPolicy={"RecrawlBehavior": "CRAWL_NEW_FOLDERS_ONLY"}),  # needs LOG policies
        dict(Targets={"S3Targets": [{"Path": "http://not-s3/"}]}),
        dict(Targets={"S3Targets": [{"Path": "s3://b/", "Exclusions": ["[unclosed"]}]}),
        dict(Targets={"S3Targets": [{"Path": "s3://b/", "SampleSize": 500}]}),
        dict(Targets={}),
    ]
    for extra in bad:
        kwargs = dict(Name="bad", Role="r", Targets=TARGETS)
        kwargs.update(extra)
        expect_error(glue.create_crawler, "InvalidInputException", **kwargs)
    expect_error(glue.get_crawler, "EntityNotFoundException", Name="bad")


def test_update_crawler_bumps_version_and_replaces_only_given_members(glue):
    glue.create_crawler(Name="upd", Role="r", Targets=TARGETS, Description="before")
    glue.update_crawler(Name="upd", Description="after", Schedule="cron(0/30 * * * ? *)")
    c = glue.get_crawler(Name="upd")["Crawler"]
    assert c["Version"] == 2
    assert c["Description"] == "after" and c["Role"] == "r"
    assert c["Targets"]["S3Targets"][0]["Path"] == "s3://crawlapi/data/"
    assert c["Schedule"]["State"] == "SCHEDULED"
    expect_error(glue.update_crawler, "InvalidInputException", Name="upd", Schedule="cron(bad)")
    expect_error(glue.update_crawler, "EntityNotFoundException", Name="missing", Description="x")


def test_schedule_operations(glue):
    glue.create_crawler(Name="sched", Role="r", Targets=TARGETS)
    expect_error(glue.start_crawler_schedule, "NoScheduleException", CrawlerName="sched")
    expect_error(glue.stop_crawler_schedule, "SchedulerNotRunningException", CrawlerName="sched")
    glue.update_crawler_schedule(CrawlerName="sched", Schedule="cron(0 8 1 * ? *)")
    assert glue.get_crawler(Name="sched")["Crawler"]["Schedule"] == {
        "ScheduleExpression": "cron(0 8 1 * ? *)", "State": "SCHEDULED"}
    expect_error(glue.start_crawler_schedule, "SchedulerRunningException", CrawlerName="sched")
    glue.stop_crawler_schedule(CrawlerName="sched")
    assert glue.get_crawler(Name="sched")["Crawler"]["Schedule"]["State"] == "NOT_SCHEDULED"
    glue.start_crawler_schedule(CrawlerName="sched")
    assert glue.get_crawler(Name="sched")["Crawler"]["Schedule"]["State"] == "SCHEDULED"
    expect_error(glue.update_crawler_schedule, "InvalidInputException", CrawlerName="sched",
                 Schedule="cron(0 8 1 * 2 *)")  # Day-of-month and Day-of-week both set
    expect_error(glue.update_crawler_schedule, "EntityNotFoundException", CrawlerName="missing",
                 Schedule="cron(0 8 1 * ? *)")


def test_list_get_and_batch_get(glue):
    for name in ("list_a", "list_b", "list_c"):
        glue.create_crawler(Name=name, Role="r", Targets=TARGETS, Tags={"group": "listing"} if name != "list_c" else {})
    names, token = [], None
    while True:
        page = glue.list_crawlers(MaxResults=2, **({"NextToken": token} if token else {}))
        assert len(page["CrawlerNames"]) <= 2
        names += page["CrawlerNames"]
        token = page.get("NextToken")
        if not token:
            break
    assert {"list_a", "list_b", "list_c"} <= set(names) and names == sorted(names)
    tagged = glue.list_crawlers(Tags={"group": "listing"})["CrawlerNames"]
    assert tagged == ["list_a", "list_b"]
    crawlers = [c["Name"] for page in glue.get_paginator("get_crawlers").paginate(PaginationConfig={"PageSize": 2})
                for c in page["Crawlers"]]
    assert crawlers == names
    batch = glue.batch_get_crawlers(CrawlerNames=["list_a", "ghost"])
    assert [c["Name"] for c in batch["Crawlers"]] == ["list_a"]
    assert batch["CrawlersNotFound"] == ["ghost"]


def test_run_states_metrics_and_history(glue, s3, server):
    glue.create_crawler(Name="runner", Role="r", DatabaseName="default", Targets=TARGETS)
    expect_error(glue.stop_crawler, "CrawlerNotRunningException", Name="runner")
    glue.start_crawler(Name="runner")  # a second start while running: test_crawler_runs.py
    crawler = wait_ready(glue, "runner")
    last = crawler["LastCrawl"]
    assert last["Status"] == "SUCCEEDED"
    assert last["LogGroup"] == "/aws-glue/crawlers" and last["LogStream"] == "runner"
    assert len(last["MessagePrefix"]) == 36  # the crawl id, a UUID
    expect_error(glue.start_crawler, "EntityNotFoundException", Name="ghost")

    metrics = glue.get_crawler_metrics(CrawlerNameList=["runner"])["CrawlerMetricsList"]
    assert len(metrics) == 1
    assert metrics[0]["CrawlerName"] == "runner" and metrics[0]["TablesCreated"] == 1
    assert metrics[0]["LastRuntimeSeconds"] >= 0 and metrics[0]["StillEstimating"] is False

    # ListCrawls is newer than Debian's boto3: the aws CLI v2 knows it.
    crawls = json.loads(server.aws("glue", "list-crawls", "--crawler-name", "runner").stdout)["Crawls"]
    assert crawls[0]["CrawlId"] == last["MessagePrefix"] and crawls[0]["State"] == "COMPLETED"
    assert json.loads(crawls[0]["Summary"])["TABLE"]["ADD"]["Count"] == 1
    assert crawls[0]["EndTime"] >= crawls[0]["StartTime"]
    filtered = json.loads(server.aws("glue", "list-crawls", "--crawler-name", "runner", "--filters",
                                     "FieldName=STATE,FilterOperator=EQ,FieldValue=FAILED").stdout)["Crawls"]
    assert filtered == []
    expect_error(glue.delete_crawler, "EntityNotFoundException", Name="ghost")
    glue.delete_crawler(Name="runner")
    expect_error(glue.get_crawler, "EntityNotFoundException", Name="runner")


def test_cli_crawler_round_trip(server):
    server.aws("glue", "create-crawler", "--name", "cli_crawler", "--role", "r", "--targets",
               json.dumps(TARGETS), "--schedule", "cron(0/15 * * * ? *)")
    out = json.loads(server.aws("glue", "get-crawler", "--name", "cli_crawler").stdout)["Crawler"]
    assert out["Schedule"]["ScheduleExpression"] == "cron(0/15 * * * ? *)"
    result = server.aws("glue", "stop-crawler", "--name", "cli_crawler", check=False)
    assert result.returncode != 0 and "CrawlerNotRunningException" in result.stderr


def test_classifiers(glue):
    glue.create_classifier(GrokClassifier={"Name": "applog", "Classification": "app-log",
                                           "GrokPattern": "%{TIMESTAMP_ISO8601:ts} %{LOGLEVEL:level} %{GREEDYDATA:msg}"})
    glue.create_classifier(CsvClassifier={"Name": "pipes", "Delimiter": "|", "ContainsHeader": "PRESENT",
                                          "QuoteSymbol": "'"})
    glue.create_classifier(JsonClassifier={"Name": "records", "JsonPath": "$.Records[*]"})
    grok = glue.get_classifier(Name="applog")["Classifier"]["GrokClassifier"]
    assert grok["Classification"] == "app-log" and grok["Version"] == 1
    assert "CreationTime" in grok and "LastUpdated" in grok
    csv = glue.get_classifier(Name="pipes")["Classifier"]["CsvClassifier"]
    assert csv["Delimiter"] == "|" and csv["ContainsHeader"] == "PRESENT"
    expect_error(glue.create_classifier, "AlreadyExistsException",
                 JsonClassifier={"Name": "records", "JsonPath": "$[*]"})
    expect_error(glue.create_classifier, "InvalidInputException",
                 GrokClassifier={"Name": "broken", "Classification": "x", "GrokPattern": "%{NO_SUCH_PATTERN:x}"})
    expect_error(glue.create_classifier, "InvalidInputException",
                 JsonClassifier={"Name": "badpath", "JsonPath": "Records"})
    expect_error(glue.create_classifier, "InvalidInputException",
                 CsvClassifier={"Name": "same", "Delimiter": ",", "QuoteSymbol": ","})
    expect_error(glue.create_classifier, "InvalidInputException",
                 CsvClassifier={"Name": "two"}, JsonClassifier={"Name": "two", "JsonPath": "$"})
    expect_error(glue.create_classifier, "InvalidInputException")

    glue.update_classifier(CsvClassifier={"Name": "pipes", "ContainsHeader": "ABSENT"})
    csv = glue.get_classifier(Name="pipes")["Classifier"]["CsvClassifier"]
    assert csv["ContainsHeader"] == "ABSENT" and csv["Delimiter"] == "|" and csv["Version"] == 2
    expect_error(glue.update_classifier, "InvalidInputException", JsonClassifier={"Name": "pipes", "JsonPath": "$"})
    expect_error(glue.update_classifier, "EntityNotFoundException", JsonClassifier={"Name": "ghost", "JsonPath": "$"})
    names = [list(c.values())[0]["Name"] for page in glue.get_paginator("get_classifiers").paginate(
        PaginationConfig={"PageSize": 2}) for c in page["Classifiers"]]
    assert names == ["applog", "pipes", "records"]
    glue.delete_classifier(Name="records")
    expect_error(glue.get_classifier, "EntityNotFoundException", Name="records")
    expect_error(glue.delete_classifier, "EntityNotFoundException", Name="records")
