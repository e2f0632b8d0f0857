"""Step Functions service integrations end to end against the real services of one server:
aws-sdk:s3 tasks on the object store (checked through the S3 API with boto3), the crawler
polling loop (startCrawler, Wait, getCrawler, Choice, then getTable on the table the crawl
made) and glue:startJobRun(.sync) running a real Python shell job through the jobs module's
GlueJobRunner. The server runs with
--time-scale 20, so a Wait of 2 seconds lasts 0.1 s and .sync tasks poll GetJobRun every 0.25 s.
"""
import json

import botocore.exceptions
import pytest

from sluice_server import SluiceServer
from test_states_support import create_machine, history, run, sfn, wait_for

BUCKET = "sfn-integrations"


@pytest.fixture(scope="module")
def fast_server():
    server = SluiceServer(extra_args=["--time-scale", "20"]).start()
    yield server
    server.cleanup()


@pytest.fixture(scope="module")
def client(fast_server):
    return sfn(fast_server)


@pytest.fixture(scope="module")
def s3(fast_server):
    s3 = fast_server.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    return s3


def task(resource, parameters, **extra):
    state = {"Type": "Task", "Resource": resource, "Parameters": parameters}
    state.update(extra)
    if "Next" not in state:
        state["End"] = True
    return state


# --- aws-sdk:s3 on the object store ---

def test_put_object_writes_to_the_store_and_get_object_reads_what_s3_wrote(client, s3):
    s3.put_object(Bucket=BUCKET, Key="in/config.json", Body=b'{"threshold": 3}', ContentType="application/json")
    definition = {"StartAt": "Get", "States": {
        "Get": task("arn:aws:states:::aws-sdk:s3:getObject", {"Bucket": BUCKET, "Key": "in/config.json"},
                    ResultSelector={"config.$": "States.StringToJson($.Body)", "type.$": "$.ContentType",
                                    "etag.$": "$.ETag", "length.$": "$.ContentLength"},
                    ResultPath="$.got", Next="Put"),
        "Put": task("arn:aws:states:::aws-sdk:s3:putObject",
                    {"Bucket": BUCKET, "Key": "out/result.txt", "Body.$": "States.Format('threshold={}',"
                                                                          " $.got.config.threshold)"},
                    ResultPath="$.put")}}
    arn = create_machine(client, "s3-get-put", definition)
    _, done = run(client, arn, {})
    assert done["status"] == "SUCCEEDED", done
    output = json.loads(done["output"])
    head = s3.head_object(Bucket=BUCKET, Key="in/config.json")
    assert output["got"] == {"config": {"threshold": 3}, "type": "application/json", "etag": head["ETag"],
                             "length": 16}
    # What the task wrote is an ordinary object to S3 clients, with the ETag the task reported.
    written = s3.get_object(Bucket=BUCKET, Key="out/result.txt")
    assert written["Body"].read() == b"threshold=3"
    assert written["ETag"] == output["put"]["ETag"]


def test_list_copy_and_delete_objects(client, s3):
    for name in ["a", "b", "c"]:
        s3.put_object(Bucket=BUCKET, Key=f"list/{name}.csv", Body=name.encode())
    s3.put_object(Bucket=BUCKET, Key="list/sub/d.csv", Body=b"d")
    definition = {"StartAt": "List", "States": {
        "List": task("arn:aws:states:::aws-sdk:s3:listObjectsV2",
                     {"Bucket": BUCKET, "Prefix": "list/", "Delimiter": "/", "MaxKeys": 2},
                     ResultPath="$.first", Next="More"),
        "More": task("arn:aws:states:::aws-sdk:s3:listObjectsV2",
                     {"Bucket": BUCKET, "Prefix": "list/", "Delimiter": "/",
                      "ContinuationToken.$": "$.first.NextContinuationToken"},
                     ResultPath="$.second", Next="Copy"),
        "Copy": task("arn:aws:states:::aws-sdk:s3:copyObject",
                     {"Bucket": BUCKET, "Key": "copied/a.csv", "CopySource": f"{BUCKET}/list/a.csv"},
                     ResultPath="$.copy", Next="Delete"),
        "Delete": task("arn:aws:states:::aws-sdk:s3:deleteObject", {"Bucket": BUCKET, "Key": "list/b.csv"},
                       ResultPath="$.delete")}}
    arn = create_machine(client, "s3-list-copy-delete", definition)
    _, done = run(client, arn, {})
    assert done["status"] == "SUCCEEDED", done
    output = json.loads(done["output"])
    first, second = output["first"], output["second"]
    assert [o["Key"] for o in first["Contents"]] == ["list/a.csv", "list/b.csv"]
    assert first["IsTruncated"] is True and first["KeyCount"] == 2
    assert [o["Key"] for o in second["Contents"]] == ["list/c.csv"]
    assert second["CommonPrefixes"] == [{"Prefix": "list/sub/"}]
    assert second["IsTruncated"] is False
    assert first["Contents"][0]["Size"] == 1
    # The copy and the delete happened in the store, as S3 clients see it.
    assert s3.get_object(Bucket=BUCKET, Key="copied/a.csv")["Body"].read() == b"a"
    assert output["copy"]["CopyObjectResult"]["ETag"] == s3.head_object(Bucket=BUCKET, Key="copied/a.csv")["ETag"]
    with pytest.raises(botocore.exceptions.ClientError) as info:
        s3.head_object(Bucket=BUCKET, Key="list/b.csv")
    assert info.value.response["Error"]["Code"] == "404"


def test_s3_errors_are_named_and_catchable(client, s3):
    definition = {"StartAt": "Get", "States": {
        "Get": task("arn:aws:states:::aws-sdk:s3:getObject", {"Bucket": "no-such-bucket-here", "Key": "k"},
                    Catch=[{"ErrorEquals": ["S3.NoSuchBucketException"], "ResultPath": "$.error",
                            "Next": "Missing"}]),
        "Missing": {"Type": "Pass", "End": True}}}
    arn = create_machine(client, "s3-errors", definition)
    execution, done = run(client, arn, {})
    assert done["status"] == "SUCCEEDED", done
    error = json.loads(done["output"])["error"]
    assert error["Error"] == "S3.NoSuchBucketException"
    assert "Status Code: 404" in error["Cause"]
    failed = [e for e in history(client, execution) if e["type"] == "TaskFailed"]
    assert failed[0]["taskFailedEventDetails"]["resourceType"] == "aws-sdk:s3"
    assert failed[0]["taskFailedEventDetails"]["error"] == "S3.NoSuchBucketException"


# --- the crawler polling loop ---

def crawler_loop(crawler):
    return {"StartAt": "StartCrawler", "States": {
        "StartCrawler": task("arn:aws:states:::aws-sdk:glue:startCrawler", {"Name": crawler},
                             ResultPath=None, Next="Wait"),
        "Wait": {"Type": "Wait", "Seconds": 2, "Next": "GetCrawler"},
        "GetCrawler": task("arn:aws:states:::aws-sdk:glue:getCrawler", {"Name": crawler},
                           ResultSelector={"state.$": "$.Crawler.State",
                                           "last.$": "$.Crawler.LastCrawl"},
                           ResultPath="$.crawler", Next="Done?",
                           Catch=[{"ErrorEquals": ["States.Runtime"], "ResultPath": None, "Next": "Wait"}]),
        "Done?": {"Type": "Choice", "Choices": [
            {"And": [{"Variable": "$.crawler.state", "StringEquals": "READY"},
                     {"Variable": "$.crawler.last.Status", "StringEquals": "SUCCEEDED"}], "Next": "GetTable"},
            {"Variable": "$.crawler.state", "StringEquals": "READY", "Next": "CrawlFailed"}],
            "Default": "Wait"},
        "GetTable": task("arn:aws:states:::aws-sdk:glue:getTable", {"DatabaseName": "sfn_lake", "Name": "orders"},
                         ResultSelector={"columns.$": "$.Table.StorageDescriptor.Columns[*].Name",
                                         "location.$": "$.Table.StorageDescriptor.Location"},
                         ResultPath="$.table"),
        "CrawlFailed": {"Type": "Fail", "Error": "CrawlFailed", "CausePath": "$.crawler.last.ErrorMessage"}}}


def test_crawler_polling_loop_waits_for_the_real_crawl(client, s3, fast_server):
    s3.put_object(Bucket=BUCKET, Key="lake/orders/part-0.csv", Body=b"order_id,amount,region\n1,9.5,eu\n2,3,us\n")
    glue = fast_server.client("glue")
    glue.create_database(DatabaseInput={"Name": "sfn_lake"})
    glue.create_crawler(Name="sfn-orders", Role="arn:aws:iam::000000000000:role/glue", DatabaseName="sfn_lake",
                        Targets={"S3Targets": [{"Path": f"s3://{BUCKET}/lake/orders/"}]})
    arn = create_machine(client, "crawler-loop", crawler_loop("sfn-orders"))
    execution, done = run(client, arn, {"request": 1})
    assert done["status"] == "SUCCEEDED", done
    output = json.loads(done["output"])
    assert output["request"] == 1
    assert output["crawler"]["state"] == "READY"
    assert output["table"] == {"columns": ["order_id", "amount", "region"],
                               "location": f"s3://{BUCKET}/lake/orders/"}
    # The loop really polled: GetCrawler ran at least once after the start, each after a Wait.
    types = [e["type"] for e in history(client, execution)]
    assert types.count("WaitStateEntered") >= 1
    assert types.count("ChoiceStateEntered") == types.count("WaitStateEntered")
    assert glue.get_crawler(Name="sfn-orders")["Crawler"]["LastCrawl"]["Status"] == "SUCCEEDED"


def test_starting_a_running_crawler_or_a_missing_one_fails_with_glue_errors(client):
    definition = {"StartAt": "Start", "States": {
        "Start": task("arn:aws:states:::aws-sdk:glue:startCrawler", {"Name": "no-such-crawler"})}}
    arn = create_machine(client, "crawler-missing", definition)
    _, done = run(client, arn, {})
    assert done["status"] == "FAILED"
    assert done["error"] == "Glue.EntityNotFoundException"
    assert "(Service: Glue, Status Code: 400, Request ID: " in done["cause"]


# --- glue:startJobRun.sync with a real job ---

JOB_SCRIPT = '''
import sys, boto3
args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
if args.get("--fail") == "yes":
    raise ValueError("asked to fail")
boto3.client("s3").put_object(Bucket="%s", Key="job/" + args["--JOB_RUN_ID"], Body=args["--day"].encode())
''' % BUCKET


@pytest.fixture(scope="module")
def job(fast_server, s3):
    glue = fast_server.client("glue")
    s3.put_object(Bucket=BUCKET, Key="scripts/job.py", Body=JOB_SCRIPT.encode())
    glue.create_job(Name="sfn-job", Role="arn:aws:iam::000000000000:role/glue",
                    Command={"Name": "pythonshell", "ScriptLocation": f"s3://{BUCKET}/scripts/job.py",
                             "PythonVersion": "3.9"})
    return "sfn-job"


def job_machine(client, name, integration):
    definition = {"StartAt": "Run", "States": {
        "Run": task(integration, {"JobName": "sfn-job", "Arguments": {"--day.$": "$.day", "--fail.$": "$.fail"}},
                    TimeoutSeconds=600)}}
    return create_machine(client, name, definition)


def test_start_job_run_sync_waits_for_the_run_and_returns_it(client, s3, job, fast_server):
    arn = job_machine(client, "job-sync", "arn:aws:states:::glue:startJobRun.sync")
    execution, done = run(client, arn, {"day": "2024-05-01", "fail": "no"})
    assert done["status"] == "SUCCEEDED", done
    output = json.loads(done["output"])
    assert output["JobName"] == "sfn-job" and output["JobRunState"] == "SUCCEEDED"
    assert output["Arguments"]["--day"] == "2024-05-01"
    run_id = output["Id"]
    # The run is the job's real run, and it did its work before the task finished.
    glue_run = fast_server.client("glue").get_job_run(JobName="sfn-job", RunId=run_id)["JobRun"]
    assert glue_run["JobRunState"] == "SUCCEEDED"
    assert s3.get_object(Bucket=BUCKET, Key=f"job/{run_id}")["Body"].read() == b"2024-05-01"
    events = history(client, execution)
    submitted = [e for e in events if e["type"] == "TaskSubmitted"]
    assert json.loads(submitted[0]["taskSubmittedEventDetails"]["output"])["JobRunId"] == run_id
    succeeded = [e for e in events if e["type"] == "TaskSucceeded"]
    assert succeeded[0]["taskSucceededEventDetails"]["resourceType"] == "glue"
    assert succeeded[0]["taskSucceededEventDetails"]["resource"] == "startJobRun.sync"


def test_start_job_run_sync_reports_a_failed_run(client, job):
    arn = job_machine(client, "job-sync-fails", "arn:aws:states:::glue:startJobRun.sync")
    _, done = run(client, arn, {"day": "2024-05-02", "fail": "yes"})
    assert done["status"] == "FAILED"
    assert done["error"] == "States.TaskFailed"
    cause = json.loads(done["cause"])
    assert cause["JobName"] == "sfn-job" and cause["JobRunState"] == "FAILED"
    assert "asked to fail" in cause["ErrorMessage"]


def test_start_job_run_without_sync_returns_the_run_id_at_once(client, job, fast_server):
    arn = job_machine(client, "job-async", "arn:aws:states:::glue:startJobRun")
    _, done = run(client, arn, {"day": "2024-05-03", "fail": "no"})
    assert done["status"] == "SUCCEEDED", done
    output = json.loads(done["output"])
    # Step Functions copies JobName from the request next to StartJobRun's JobRunId.
    assert set(output) == {"JobName", "JobRunId"} and output["JobName"] == "sfn-job"
    glue = fast_server.client("glue")
    glue_run = glue.get_job_run(JobName="sfn-job", RunId=output["JobRunId"])["JobRun"]
    assert glue_run["Arguments"]["--day"] == "2024-05-03"


def test_start_job_run_of_a_missing_job_is_a_glue_error(client, job):
    definition = {"StartAt": "Run", "States": {
        "Run": task("arn:aws:states:::glue:startJobRun.sync", {"JobName": "no-such-job"})}}
    arn = create_machine(client, "job-missing", definition)
    _, done = run(client, arn, {})
    assert done["status"] == "FAILED"
    assert done["error"] == "Glue.EntityNotFoundException"
    assert "Service: AWSGlue; Status Code: 400; Error Code: EntityNotFoundException" in done["cause"]
