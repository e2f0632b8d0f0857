"""Crawler runs over time, on a server of its own: a crawl in progress refuses a second start
and can be stopped (LastCrawl CANCELLED), a server killed during a crawl ends it as FAILED on
restart and returns the crawler to READY, and a scheduled crawler starts on its own. The server
runs with --time-scale 60 so that a 5-minute cron schedule fires within seconds.
"""
import concurrent.futures
import json
import time

import pytest
from botocore.exceptions import ClientError

from sluice_server import SluiceServer
from test_crawler_crawl import last_crawl_id, wait_crawl

OBJECTS = 2500  # enough that a crawl takes a noticeable time


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    server = SluiceServer(data_dir=str(tmp_path_factory.mktemp("runs")), extra_args=["--time-scale", "60"]).start()
    s3 = server.client("s3", max_pool_connections=32)
    s3.create_bucket(Bucket="many")

    def put(i):
        s3.put_object(Bucket="many", Key=f"rows/part={i % 50}/f{i}.csv", Body=b"id,name\n1,a\n2,b\n")

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(put, range(OBJECTS)))
    server.client("glue").create_database(DatabaseInput={"Name": "runs"})
    yield server
    server.cleanup()


def create(glue, name, **extra):
    glue.create_crawler(Name=name, Role="r", DatabaseName="runs",
                        Targets={"S3Targets": [{"Path": "s3://many/rows/"}]}, **extra)


def refused_while_running(call):
    """True when `call` fails with CrawlerRunningException, False when it succeeds."""
    try:
        call()
    except ClientError as error:
        assert error.response["Error"]["Code"] == "CrawlerRunningException", error.response
        return True
    return False


def test_running_crawl_refuses_a_second_start_and_stops_on_request(runs):
    glue = runs.client("glue")
    create(glue, "stoppable")
    # A crawl of 2,500 objects takes a fraction of a second: when it finishes before one of the
    # calls below reaches the server, the attempt proves nothing and is made again.
    for attempt in range(5):
        previous = last_crawl_id(glue, "stoppable")
        glue.start_crawler(Name="stoppable")
        refused = (refused_while_running(lambda: glue.start_crawler(Name="stoppable")) and
                   refused_while_running(lambda: glue.update_crawler(Name="stoppable", Description="while running")) and
                   refused_while_running(lambda: glue.delete_crawler(Name="stoppable")))
        stopped = refused and not refused_while_running(lambda: glue.stop_crawler(Name="stoppable"))
        if stopped:
            break
        try:
            glue.stop_crawler(Name="stoppable")
        except ClientError:
            pass
        while True:
            try:
                if glue.get_crawler(Name="stoppable")["Crawler"]["State"] == "READY":
                    break
            except ClientError:  # deleted: the crawl had finished before DeleteCrawler
                create(glue, "stoppable")
                break
            time.sleep(0.05)
    else:
        raise AssertionError("every crawl finished before it could be stopped")
    assert glue.get_crawler(Name="stoppable")["Crawler"]["State"] in ("STOPPING", "READY")
    crawler = wait_crawl(glue, "stoppable", previous, status="CANCELLED")
    assert crawler["LastCrawl"]["Status"] == "CANCELLED"
    crawls = json.loads(runs.aws("glue", "list-crawls", "--crawler-name", "stoppable").stdout)["Crawls"]
    assert crawls[0]["State"] == "STOPPED"
    # The crawler runs again to completion afterwards.
    previous = last_crawl_id(glue, "stoppable")
    glue.start_crawler(Name="stoppable")
    wait_crawl(glue, "stoppable", previous)
    partitions = glue.get_partitions(DatabaseName="runs", TableName="rows")["Partitions"]
    assert len(partitions) == 50


def test_kill_9_during_a_crawl_ends_it_as_failed(runs):
    glue = runs.client("glue")
    create(glue, "killed")
    # As above: a crawl that finished before the kill proves nothing, so it is tried again.
    for attempt in range(5):
        previous = last_crawl_id(glue, "killed")
        glue.start_crawler(Name="killed")
        if glue.get_crawler(Name="killed")["Crawler"]["State"] != "RUNNING":
            wait_crawl(glue, "killed", previous)
            continue
        runs.kill()
        runs.start()
        glue = runs.client("glue")
        crawler = glue.get_crawler(Name="killed")["Crawler"]
        if crawler["LastCrawl"]["Status"] != "SUCCEEDED":
            break
    else:
        raise AssertionError("every crawl finished before the server was killed")
    assert crawler["State"] == "READY"
    assert crawler["LastCrawl"]["Status"] == "FAILED"
    assert "server stopped while this crawl was running" in crawler["LastCrawl"]["ErrorMessage"]
    crawls = json.loads(runs.aws("glue", "list-crawls", "--crawler-name", "killed").stdout)["Crawls"]
    assert crawls[0]["State"] == "FAILED" and "EndTime" in crawls[0]
    # The crawler works again.
    previous = last_crawl_id(glue, "killed")
    glue.start_crawler(Name="killed")
    assert wait_crawl(glue, "killed", previous)["LastCrawl"]["Status"] == "SUCCEEDED"


def test_scheduled_crawler_starts_on_its_own(runs):
    glue = runs.client("glue")
    create(glue, "scheduled", Schedule="cron(0/5 * * * ? *)")
    # Every 5 minutes of schedule time is 5 seconds at --time-scale 60.
    crawler = wait_crawl(glue, "scheduled", None, timeout=60)
    assert crawler["LastCrawl"]["Status"] == "SUCCEEDED"
    out = runs.aws("logs", "get-log-events", "--log-group-name", "/aws-glue/crawlers", "--log-stream-name",
                   "scheduled", "--start-from-head")
    messages = [e["message"] for e in json.loads(out.stdout)["events"]]
    assert any("(schedule cron(0/5 * * * ? *))" in m for m in messages), messages
    # Stopping the schedule stops the starts.
    glue.stop_crawler_schedule(CrawlerName="scheduled")
    time.sleep(1)
    settled = last_crawl_id(glue, "scheduled")
    while glue.get_crawler(Name="scheduled")["Crawler"]["State"] != "READY":
        time.sleep(0.1)
    settled = last_crawl_id(glue, "scheduled")
    time.sleep(7)
    assert last_crawl_id(glue, "scheduled") == settled
    assert glue.get_crawler(Name="scheduled")["Crawler"]["State"] == "READY"
