"""Job runs end to end with boto3, driven by Python shell jobs (their scripts read from S3 and
run by /usr/bin/python3 with boto3 pointed back at Sluice): the JobRunState lifecycle, run
arguments, logs in CloudWatch Logs, metrics, MaxConcurrentRuns and queuing, MaxRetries
attempts, BatchStopJobRun, Timeout, and runs a killed server left RUNNING."""
import json
import tempfile
import time

import botocore.exceptions
import pytest

from sluice_server import SluiceServer, metric_value
from test_jobs_api import raw_glue

ROLE = "arn:aws:iam::000000000000:role/glue"
TERMINAL = {"SUCCEEDED", "FAILED", "STOPPED", "TIMEOUT", "ERROR", "EXPIRED"}

ECHO_SCRIPT = '''
import sys, boto3
args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
print("hello from", args["--JOB_NAME"], args["--JOB_RUN_ID"])
s3 = boto3.client("s3")
s3.put_object(Bucket="scripts", Key="out/" + args["--JOB_RUN_ID"] + ".json", Body=repr(sorted(args.items())).encode())
glue = boto3.client("glue")
print("my job has", glue.get_job(JobName=args["--JOB_NAME"])["Job"]["MaxRetries"], "retries")
'''

FAIL_SCRIPT = '''
import sys
print("about to fail", flush=True)
raise ValueError("bad input in " + sys.argv[0].split("/")[-1])
'''

SLEEP_SCRIPT = '''
import sys, time
args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
print("sleeping", args.get("--seconds", "600"), flush=True)
time.sleep(float(args.get("--seconds", "600")))
print("woke up")
'''


def client_error(call):
    with pytest.raises(botocore.exceptions.ClientError) as info:
        call()
    return info.value.response


def wait_for(glue, job, run_id, states, timeout=60):
    deadline = time.time() + timeout
    while True:
        run = glue.get_job_run(JobName=job, RunId=run_id)["JobRun"]
        if run["JobRunState"] in states:
            return run
        assert time.time() < deadline, f"run {run_id} still {run['JobRunState']}"
        time.sleep(0.1)


def put_scripts(server):
    s3 = server.client("s3")
    try:
        s3.create_bucket(Bucket="scripts")
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    for name, text in [("echo.py", ECHO_SCRIPT), ("fail.py", FAIL_SCRIPT), ("sleep.py", SLEEP_SCRIPT)]:
        s3.put_object(Bucket="scripts", Key=name, Body=text.encode())


def shell_job(glue, name, script, **extra):
    glue.create_job(Name=name, Role=ROLE, Command={"Name": "pythonshell", "ScriptLocation": f"s3://scripts/{script}",
                                                   "PythonVersion": "3.9"}, **extra)


@pytest.fixture(scope="module")
def glue(server):
    put_scripts(server)
    return server.client("glue")


def test_python_shell_run_succeeds_with_arguments_logs_and_metrics(server, glue):
    shell_job(glue, "runs-echo", "echo.py", DefaultArguments={"--color": "blue", "--size": "s"}, MaxRetries=1)
    run_id = glue.start_job_run(JobName="runs-echo", Arguments={"--size": "xl"})["JobRunId"]
    assert run_id.startswith("jr_") and len(run_id) == 67
    run = wait_for(glue, "runs-echo", run_id, TERMINAL)
    assert run["JobRunState"] == "SUCCEEDED", run.get("ErrorMessage")
    assert run["Id"] == run_id and run["JobName"] == "runs-echo" and run["Attempt"] == 0
    assert run["Arguments"] == {"--size": "xl"}
    assert run["LogGroupName"] == "/aws-glue/python-jobs"
    assert run["CompletedOn"] >= run["StartedOn"]
    assert isinstance(run["ExecutionTime"], int)
    assert run["MaxCapacity"] == 0.0625
    # boto3 inside the script reached Sluice with the credentials and endpoint it was given.
    body = server.client("s3").get_object(Bucket="scripts", Key=f"out/{run_id}.json")["Body"].read().decode()
    assert "('--color', 'blue')" in body and "('--size', 'xl')" in body and f"('--JOB_RUN_ID', '{run_id}')" in body
    out = json.loads(server.aws("logs", "get-log-events", "--log-group-name", "/aws-glue/python-jobs/output",
                                "--log-stream-name", run_id, "--start-from-head").stdout)
    lines = [e["message"] for e in out["events"]]
    assert f"hello from runs-echo {run_id}" in lines
    assert "my job has 1 retries" in lines
    assert any("SUCCEEDED" in line for line in lines)
    metrics = server.metrics()
    assert metric_value(metrics, "sluice_job_runs_total", job="runs-echo", state="SUCCEEDED") == 1
    runs = glue.get_job_runs(JobName="runs-echo")["JobRuns"]
    assert [r["Id"] for r in runs] == [run_id]


def test_failed_run_reports_the_script_error(server, glue):
    shell_job(glue, "runs-fail", "fail.py")
    run_id = glue.start_job_run(JobName="runs-fail")["JobRunId"]
    run = wait_for(glue, "runs-fail", run_id, TERMINAL)
    assert run["JobRunState"] == "FAILED"
    assert "ValueError: bad input in fail.py" in run["ErrorMessage"]
    errors = json.loads(server.aws("logs", "get-log-events", "--log-group-name", "/aws-glue/python-jobs/error",
                                   "--log-stream-name", run_id, "--start-from-head").stdout)["events"]
    assert any("Traceback" in e["message"] for e in errors)


def test_max_retries_start_new_attempts(glue):
    shell_job(glue, "runs-retry", "fail.py", MaxRetries=2)
    run_id = glue.start_job_run(JobName="runs-retry")["JobRunId"]
    last = f"{run_id}_attempt_2"
    deadline = time.time() + 90
    while True:
        runs = glue.get_job_runs(JobName="runs-retry")["JobRuns"]
        if len(runs) == 3 and all(r["JobRunState"] in TERMINAL for r in runs):
            break
        assert time.time() < deadline, runs
        time.sleep(0.2)
    assert [r["Id"] for r in runs] == [last, f"{run_id}_attempt_1", run_id]
    assert [r["Attempt"] for r in runs] == [2, 1, 0]
    assert [r["JobRunState"] for r in runs] == ["FAILED"] * 3
    assert runs[0]["PreviousRunId"] == f"{run_id}_attempt_1"
    assert runs[1]["PreviousRunId"] == run_id
    assert "PreviousRunId" not in runs[2]


def test_concurrency_limit_and_batch_stop(glue):
    shell_job(glue, "runs-busy", "sleep.py", ExecutionProperty={"MaxConcurrentRuns": 1})
    first = glue.start_job_run(JobName="runs-busy")["JobRunId"]
    wait_for(glue, "runs-busy", first, {"RUNNING"})
    error = client_error(lambda: glue.start_job_run(JobName="runs-busy"))
    assert error["Error"]["Code"] == "ConcurrentRunsExceededException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    stopped = glue.batch_stop_job_run(JobName="runs-busy", JobRunIds=[first, "jr_" + "0" * 64])
    assert stopped["SuccessfulSubmissions"] == [{"JobName": "runs-busy", "JobRunId": first}]
    assert [e["JobRunId"] for e in stopped["Errors"]] == ["jr_" + "0" * 64]
    assert stopped["Errors"][0]["ErrorDetail"]["ErrorCode"] == "EntityNotFoundException"
    run = wait_for(glue, "runs-busy", first, TERMINAL, timeout=30)
    assert run["JobRunState"] == "STOPPED"
    again = glue.batch_stop_job_run(JobName="runs-busy", JobRunIds=[first])
    assert again["SuccessfulSubmissions"] == [] and len(again["Errors"]) == 1
    # The slot is free again.
    second = glue.start_job_run(JobName="runs-busy", Arguments={"--seconds": "0"})["JobRunId"]
    assert wait_for(glue, "runs-busy", second, TERMINAL)["JobRunState"] == "SUCCEEDED"


def test_queued_runs_wait_for_a_slot(server, glue):
    # JobRunQueuingEnabled is newer than Debian's boto3 model: sent as a raw request.
    raw_glue(server, "CreateJob", {
        "Name": "runs-queue", "Role": ROLE, "ExecutionProperty": {"MaxConcurrentRuns": 1}, "JobRunQueuingEnabled": True,
        "Command": {"Name": "pythonshell", "ScriptLocation": "s3://scripts/sleep.py", "PythonVersion": "3.9"}})
    first = glue.start_job_run(JobName="runs-queue")["JobRunId"]
    wait_for(glue, "runs-queue", first, {"RUNNING"})
    second = glue.start_job_run(JobName="runs-queue", Arguments={"--seconds": "0"})["JobRunId"]
    waiting = glue.get_job_run(JobName="runs-queue", RunId=second)["JobRun"]
    assert waiting["JobRunState"] == "WAITING"
    # StateDetail is newer than Debian's boto3 model too.
    assert raw_glue(server, "GetJobRun", {"JobName": "runs-queue", "RunId": second})["JobRun"]["StateDetail"]
    glue.batch_stop_job_run(JobName="runs-queue", JobRunIds=[first])
    assert wait_for(glue, "runs-queue", second, TERMINAL)["JobRunState"] == "SUCCEEDED"


def test_script_jobs_without_a_graph_fail_clearly(glue):
    glue.create_job(Name="runs-spark", Role=ROLE, Command={"Name": "glueetl", "ScriptLocation": "s3://scripts/x.py"})
    run_id = glue.start_job_run(JobName="runs-spark")["JobRunId"]
    run = wait_for(glue, "runs-spark", run_id, TERMINAL)
    assert run["JobRunState"] == "FAILED"
    assert "needs Apache Spark" in run["ErrorMessage"]
    error = client_error(lambda: glue.start_job_run(JobName="runs-nobody"))
    assert error["Error"]["Code"] == "EntityNotFoundException"


def test_timeout_ends_the_run():
    # 60 times faster: a Timeout of one minute passes in one second.
    instance = SluiceServer(extra_args=["--time-scale", "60"]).start()
    try:
        put_scripts(instance)
        glue = instance.client("glue")
        shell_job(glue, "runs-timeout", "sleep.py", Timeout=1)
        run_id = glue.start_job_run(JobName="runs-timeout")["JobRunId"]
        run = wait_for(glue, "runs-timeout", run_id, TERMINAL, timeout=30)
        assert run["JobRunState"] == "TIMEOUT"
        assert "Timeout of 1 minute" in run["ErrorMessage"]
        assert run["Timeout"] == 1
    finally:
        instance.cleanup()


def test_a_run_left_running_by_a_killed_server_fails_after_restart():
    data_dir = tempfile.mkdtemp(prefix="sluice-jobs-kill-")
    first = SluiceServer(data_dir=data_dir).start()
    put_scripts(first)
    glue = first.client("glue")
    shell_job(glue, "runs-killed", "sleep.py", MaxRetries=0)
    run_id = glue.start_job_run(JobName="runs-killed")["JobRunId"]
    wait_for(glue, "runs-killed", run_id, {"RUNNING"})
    first.kill()
    second = SluiceServer(data_dir=data_dir).start()
    try:
        glue = second.client("glue")
        run = glue.get_job_run(JobName="runs-killed", RunId=run_id)["JobRun"]
        assert run["JobRunState"] == "FAILED"
        assert "killed or crashed" in run["ErrorMessage"]
        # Nothing is left RUNNING, and the job runs again.
        again = glue.start_job_run(JobName="runs-killed", Arguments={"--seconds": "0"})["JobRunId"]
        assert wait_for(glue, "runs-killed", again, TERMINAL)["JobRunState"] == "SUCCEEDED"
    finally:
        second.cleanup()
        import shutil
        shutil.rmtree(data_dir, ignore_errors=True)
