"""Glue job definitions through boto3 and the aws CLI: create, read, list, update (a full
replacement), delete (idempotent), Glue's defaults and errors, and the structure checks on a
visual job's node graph."""
import json
import urllib.error
import urllib.request

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.exceptions
import pytest

ROLE = "arn:aws:iam::000000000000:role/glue"


def client_error(call):
    with pytest.raises(botocore.exceptions.ClientError) as info:
        call()
    return info.value.response


@pytest.fixture(scope="module")
def glue(server):
    return server.client("glue")


def raw_glue(server, operation, body):
    """A signed Glue call with a JSON body as written: for fields newer than Debian's botocore
    model (JobMode), which boto3 1.26 neither sends nor parses."""
    request = botocore.awsrequest.AWSRequest(
        method="POST", url=server.endpoint + "/", data=json.dumps(body).encode(),
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSGlue." + operation})
    env = server.client_env()
    credentials = botocore.credentials.Credentials(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"])
    botocore.auth.SigV4Auth(credentials, "glue", env["AWS_DEFAULT_REGION"]).add_auth(request)
    prepared = request.prepare()
    try:
        with urllib.request.urlopen(urllib.request.Request(prepared.url, data=prepared.body,
                                                           headers=dict(prepared.headers), method="POST")) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        raise RawGlueError(error.code, json.loads(error.read() or b"{}")) from None


class RawGlueError(Exception):
    def __init__(self, status, body):
        super().__init__(f"{status} {body}")
        self.status = status
        self.code = body.get("__type", "").split("#")[-1]
        self.message = body.get("message") or body.get("Message", "")


VISUAL_NODES = {
    "node-orders": {"S3CsvSource": {
        "Name": "Orders CSV", "Paths": ["s3://lake/raw/orders/"], "Separator": "comma", "QuoteChar": "quote",
        "WithHeader": True}},
    "node-keep": {"SelectFields": {"Name": "Keep", "Inputs": ["node-orders"], "Paths": [["order_id"]]}},
    "node-out": {"S3DirectTarget": {"Name": "Out", "Inputs": ["node-keep"], "Path": "s3://lake/out/",
                                    "Format": "parquet"}},
}


def test_create_get_and_defaults(server, glue):
    glue.create_job(Name="api-defaults", Role=ROLE, Command={"Name": "glueetl", "ScriptLocation": "s3://s/x.py"},
                    Tags={"team": "data"})
    job = glue.get_job(JobName="api-defaults")["Job"]
    assert job["Name"] == "api-defaults"
    assert job["Role"] == ROLE
    assert job["Command"]["Name"] == "glueetl"
    assert job["ExecutionProperty"] == {"MaxConcurrentRuns": 1}
    assert job["MaxRetries"] == 0
    assert job["Timeout"] == 2880
    assert job["MaxCapacity"] == 10.0
    assert raw_glue(server, "GetJob", {"JobName": "api-defaults"})["Job"]["JobMode"] == "SCRIPT"
    assert job["CreatedOn"] == job["LastModifiedOn"]
    error = client_error(lambda: glue.create_job(Name="api-defaults", Role=ROLE, Command={"Name": "glueetl"}))
    assert error["Error"]["Code"] == "AlreadyExistsException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_visual_job_round_trips(server, glue):
    raw_glue(server, "CreateJob", {
        "Name": "api-visual", "Role": ROLE, "JobMode": "VISUAL", "GlueVersion": "4.0", "WorkerType": "G.1X",
        "NumberOfWorkers": 2, "Command": {"Name": "glueetl", "ScriptLocation": "s3://s/v.py", "PythonVersion": "3"},
        "CodeGenConfigurationNodes": VISUAL_NODES})
    job = glue.get_job(JobName="api-visual")["Job"]
    assert job["CodeGenConfigurationNodes"] == VISUAL_NODES
    assert raw_glue(server, "GetJob", {"JobName": "api-visual"})["Job"]["JobMode"] == "VISUAL"
    assert job["MaxCapacity"] == 2.0
    assert job["WorkerType"] == "G.1X" and job["NumberOfWorkers"] == 2


def test_update_replaces_the_whole_definition(glue):
    glue.create_job(Name="api-update", Role=ROLE, Command={"Name": "glueetl"}, MaxRetries=3, Description="first",
                    DefaultArguments={"--a": "1"})
    assert glue.update_job(JobName="api-update", JobUpdate={"Role": ROLE, "Command": {"Name": "glueetl"},
                                                            "Timeout": 60})["JobName"] == "api-update"
    job = glue.get_job(JobName="api-update")["Job"]
    assert job["Timeout"] == 60
    assert job["MaxRetries"] == 0
    assert "Description" not in job and "DefaultArguments" not in job
    assert job["LastModifiedOn"] >= job["CreatedOn"]
    error = client_error(lambda: glue.update_job(JobName="api-nope", JobUpdate={"Role": ROLE, "Command": {}}))
    assert error["Error"]["Code"] == "EntityNotFoundException"


def test_list_get_batch_and_pagination(glue):
    for i in range(5):
        glue.create_job(Name=f"api-page-{i}", Role=ROLE, Command={"Name": "pythonshell"},
                        Tags={"page": "yes"} if i % 2 == 0 else {})
    names, token = [], None
    while True:
        kwargs = {"MaxResults": 2}
        if token:
            kwargs["NextToken"] = token
        page = glue.list_jobs(**kwargs)
        names += page["JobNames"]
        token = page.get("NextToken")
        if not token:
            break
    assert [n for n in names if n.startswith("api-page-")] == [f"api-page-{i}" for i in range(5)]
    tagged = glue.list_jobs(Tags={"page": "yes"})["JobNames"]
    assert tagged == ["api-page-0", "api-page-2", "api-page-4"]
    jobs = glue.get_jobs(MaxResults=1000)["Jobs"]
    assert {"api-page-1", "api-page-3"} <= {j["Name"] for j in jobs}
    batch = glue.batch_get_jobs(JobNames=["api-page-1", "api-missing"])
    assert [j["Name"] for j in batch["Jobs"]] == ["api-page-1"]
    assert batch["JobsNotFound"] == ["api-missing"]
    assert glue.get_job(JobName="api-page-1")["Job"]["MaxCapacity"] == 0.0625
    error = client_error(lambda: glue.get_jobs(NextToken="garbage"))
    assert error["Error"]["Code"] == "InvalidInputException"


def test_delete_is_idempotent(glue):
    glue.create_job(Name="api-delete", Role=ROLE, Command={"Name": "glueetl"})
    assert glue.delete_job(JobName="api-delete")["JobName"] == "api-delete"
    assert glue.delete_job(JobName="api-delete")["JobName"] == "api-delete"
    error = client_error(lambda: glue.get_job(JobName="api-delete"))
    assert error["Error"]["Code"] == "EntityNotFoundException"


def test_invalid_definitions_are_refused(glue):
    error = client_error(lambda: glue.create_job(Name="api-bad-1", Role=ROLE, Command={"Name": "glueetl"},
                                                 WorkerType="G.1X", NumberOfWorkers=2, MaxCapacity=5.0))
    assert error["Error"]["Code"] == "InvalidInputException"
    error = client_error(lambda: glue.create_job(Name="api-bad-2", Role=ROLE, Command={"Name": "pythonshell"},
                                                 MaxCapacity=2.0))
    assert error["Error"]["Code"] == "InvalidInputException"
    cyclic = {
        "a": {"SelectFields": {"Name": "a", "Inputs": ["b"], "Paths": [["x"]]}},
        "b": {"SelectFields": {"Name": "b", "Inputs": ["a"], "Paths": [["x"]]}},
    }
    error = client_error(lambda: glue.create_job(Name="api-bad-3", Role=ROLE, Command={"Name": "glueetl"},
                                                 CodeGenConfigurationNodes=cyclic))
    assert error["Error"]["Code"] == "InvalidInputException"
    assert "'a', 'b' form a cycle" in error["Error"]["Message"]
    dangling = {"t": {"S3DirectTarget": {"Name": "t", "Inputs": ["gone"], "Path": "s3://b/o/", "Format": "json"}}}
    error = client_error(lambda: glue.create_job(Name="api-bad-4", Role=ROLE, Command={"Name": "glueetl"},
                                                 CodeGenConfigurationNodes=dangling))
    assert "input 'gone' is not a node of this job" in error["Error"]["Message"]


def test_model_validation_errors(server):
    # Clients check the model's ranges themselves; a raw request gets the server's own answer.
    with pytest.raises(RawGlueError) as info:
        raw_glue(server, "CreateJob", {"Name": "api-bad-5", "Role": ROLE, "Command": {"Name": "glueetl"},
                                       "Timeout": 0})
    assert info.value.status == 400
    assert info.value.code in ("ValidationException", "InvalidInputException")
    assert "'timeout' failed to satisfy constraint" in info.value.message
    with pytest.raises(RawGlueError) as info:
        raw_glue(server, "GetJob", {"JobName": ""})
    assert info.value.status == 400
    with pytest.raises(RawGlueError) as info:
        raw_glue(server, "GetJob", {"JobName": "api-missing"})
    assert (info.value.status, info.value.code) == (400, "EntityNotFoundException")


def test_cli_round_trip(server):
    server.aws("glue", "create-job", "--name", "api-cli", "--role", ROLE, "--command",
               "Name=pythonshell,ScriptLocation=s3://s/x.py,PythonVersion=3.9")
    job = json.loads(server.aws("glue", "get-job", "--job-name", "api-cli").stdout)["Job"]
    assert job["Command"] == {"Name": "pythonshell", "ScriptLocation": "s3://s/x.py", "PythonVersion": "3.9"}
    names = json.loads(server.aws("glue", "list-jobs").stdout)["JobNames"]
    assert "api-cli" in names
