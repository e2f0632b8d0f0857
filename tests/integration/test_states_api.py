"""The Step Functions API through boto3 and the aws CLI: state machines, executions, history,
errors as AWS names them, activities, task tokens, tags."""
import json
import threading
import time

import pytest

from test_states_support import ROLE, create_machine, history, run, sfn, wait_for

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"Arg1": "argument1"}, "End": True}}}
WAIT = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": True}}}


@pytest.fixture(scope="module")
def client(server):
    return sfn(server)


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def test_create_describe_update_delete(client):
    arn = create_machine(client, "crud", PASS)
    assert arn == "arn:aws:states:us-east-1:000000000000:stateMachine:crud"
    described = client.describe_state_machine(stateMachineArn=arn)
    assert described["name"] == "crud" and described["status"] == "ACTIVE" and described["type"] == "STANDARD"
    assert json.loads(described["definition"]) == PASS
    assert described["roleArn"] == ROLE
    assert described["loggingConfiguration"] == {"level": "OFF", "includeExecutionData": False}
    assert described["tracingConfiguration"] == {"enabled": False}
    assert "revisionId" not in described

    # Identical create is idempotent; a different definition under the same name is not.
    assert create_machine(client, "crud", PASS) == arn
    other = dict(PASS, Comment="changed")
    with pytest.raises(client.exceptions.StateMachineAlreadyExists) as excinfo:
        create_machine(client, "crud", other)
    assert excinfo.value.response["Error"]["Message"] == f"State Machine Already Exists: '{arn}'"

    updated = client.update_state_machine(stateMachineArn=arn, definition=json.dumps(other))
    assert updated["revisionId"]
    again = client.update_state_machine(stateMachineArn=arn, definition=json.dumps(other))
    assert again["revisionId"] == updated["revisionId"]  # nothing changed
    assert json.loads(client.describe_state_machine(stateMachineArn=arn)["definition"]) == other

    with pytest.raises(client.exceptions.MissingRequiredParameter):
        client.update_state_machine(stateMachineArn=arn)

    client.delete_state_machine(stateMachineArn=arn)
    client.delete_state_machine(stateMachineArn=arn)  # deleting again is fine
    with pytest.raises(client.exceptions.StateMachineDoesNotExist) as excinfo:
        client.describe_state_machine(stateMachineArn=arn)
    assert excinfo.value.response["Error"]["Message"] == f"State Machine Does Not Exist: '{arn}'"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_invalid_definitions_are_reported_like_aws(client):
    with pytest.raises(client.exceptions.InvalidDefinition) as excinfo:
        create_machine(client, "bad1", {"StartAt": "A"})
    assert excinfo.value.response["Error"]["Message"] == (
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'")

    missing = {"StartAt": "pass1", "States": {"pass1": {"Type": "Pass", "Next": "pass3"},
                                               "pass2": {"Type": "Pass", "End": True}}}
    with pytest.raises(client.exceptions.InvalidDefinition) as excinfo:
        create_machine(client, "bad2", missing)
    assert excinfo.value.response["Error"]["Message"] == (
        "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at "
        "/States/pass1/Next, MISSING_TRANSITION_TARGET: State \"pass2\" is not reachable. at /States/pass2'")

    with pytest.raises(client.exceptions.InvalidDefinition) as excinfo:
        create_machine(client, "bad3", "not json")
    assert "INVALID_JSON_DESCRIPTION" in excinfo.value.response["Error"]["Message"]

    unknown_field = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True, "Message.$": "$.x"}}}
    with pytest.raises(client.exceptions.InvalidDefinition) as excinfo:
        create_machine(client, "bad4", unknown_field)
    assert "SCHEMA_VALIDATION_FAILED: Field 'Message.$' is not supported at /States/P" in \
        excinfo.value.response["Error"]["Message"]

    jsonata = {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    with pytest.raises(client.exceptions.InvalidDefinition) as excinfo:
        create_machine(client, "bad5", jsonata)
    assert "JSONata" in excinfo.value.response["Error"]["Message"]

    bad_intrinsic = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True,
                                                      "Parameters": {"x.$": "States.Nope($.a)"}}}}
    with pytest.raises(client.exceptions.InvalidDefinition):
        create_machine(client, "bad6", bad_intrinsic)

    with pytest.raises(client.exceptions.InvalidName):
        create_machine(client, "has space", PASS)


def test_start_describe_and_history(client):
    arn = create_machine(client, "basic", PASS)
    execution, description = run(client, arn, {}, name="first")
    assert execution == "arn:aws:states:us-east-1:000000000000:execution:basic:first"
    assert description["status"] == "SUCCEEDED"
    assert json.loads(description["output"]) == {"Arg1": "argument1"}
    assert json.loads(description["input"]) == {}
    assert description["inputDetails"] == {"included": True}
    assert description["redriveStatus"] == "NOT_REDRIVABLE"
    assert description["redriveStatusReason"] == "Execution is SUCCEEDED and cannot be redriven"
    assert description["stopDate"] >= description["startDate"]

    events = history(client, execution)
    assert [(e["id"], e["previousEventId"], e["type"]) for e in events] == [
        (1, 0, "ExecutionStarted"), (2, 0, "PassStateEntered"), (3, 2, "PassStateExited"),
        (4, 3, "ExecutionSucceeded")]
    assert events[0]["executionStartedEventDetails"]["roleArn"] == ROLE
    assert events[1]["stateEnteredEventDetails"] == {"name": "P", "input": "{}", "inputDetails": {"truncated": False}}
    assert json.loads(events[2]["stateExitedEventDetails"]["output"]) == {"Arg1": "argument1"}

    reverse = client.get_execution_history(executionArn=execution, reverseOrder=True)["events"]
    assert [e["id"] for e in reverse] == [4, 3, 2, 1]
    page = client.get_execution_history(executionArn=execution, maxResults=3)
    assert [e["id"] for e in page["events"]] == [1, 2, 3]
    rest = client.get_execution_history(executionArn=execution, maxResults=3, nextToken=page["nextToken"])
    assert [e["id"] for e in rest["events"]] == [4] and "nextToken" not in rest
    no_data = client.get_execution_history(executionArn=execution, includeExecutionData=False)["events"]
    assert "input" not in no_data[1]["stateEnteredEventDetails"]

    machine = client.describe_state_machine_for_execution(executionArn=execution)
    assert json.loads(machine["definition"]) == PASS and machine["name"] == "basic"


def test_execution_names_and_inputs(client):
    arn = create_machine(client, "names", WAIT)
    first = client.start_execution(stateMachineArn=arn, name="same", input='{"a": 1}')
    # Same name and input while running: the same execution again.
    again = client.start_execution(stateMachineArn=arn, name="same", input='{"a": 1}')
    assert again["executionArn"] == first["executionArn"]
    with pytest.raises(client.exceptions.ExecutionAlreadyExists):
        client.start_execution(stateMachineArn=arn, name="same", input='{"a": 2}')
    client.stop_execution(executionArn=first["executionArn"])
    with pytest.raises(client.exceptions.ExecutionAlreadyExists):
        client.start_execution(stateMachineArn=arn, name="same", input='{"a": 1}')

    with pytest.raises(client.exceptions.InvalidName):
        client.start_execution(stateMachineArn=arn, name="a/b")
    with pytest.raises(client.exceptions.InvalidExecutionInput) as excinfo:
        client.start_execution(stateMachineArn=arn, input="not json")
    assert excinfo.value.response["Error"]["Message"].startswith("Invalid State Machine Execution Input: '")
    with pytest.raises(client.exceptions.InvalidExecutionInput) as excinfo:
        client.start_execution(stateMachineArn=arn, input="")
    assert excinfo.value.response["Error"]["Message"] == \
        "Invalid State Machine Execution Input: 'Invalid execution input.'"
    # Any JSON value is an acceptable input.
    pass_arn = create_machine(client, "any-input", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    for value in ['1', '"text"', 'null', '[1, 2]']:
        execution = client.start_execution(stateMachineArn=pass_arn, input=value)["executionArn"]
        assert json.loads(wait_for(client, execution)["output"]) == json.loads(value)

    with pytest.raises(client.exceptions.StateMachineDoesNotExist):
        client.start_execution(stateMachineArn=arn + "-missing")
    with pytest.raises(client.exceptions.InvalidArn) as excinfo:
        client.start_execution(stateMachineArn="not-an-arn")
    assert excinfo.value.response["Error"]["Message"] == "Invalid Arn: 'Invalid ARN prefix: not-an-arn'"
    with pytest.raises(client.exceptions.ExecutionDoesNotExist):
        client.describe_execution(executionArn="arn:aws:states:us-east-1:000000000000:execution:names:nope")


def test_stop_execution_and_list_filters(client):
    arn = create_machine(client, "stoppable", WAIT)
    running = client.start_execution(stateMachineArn=arn, name="run-1")["executionArn"]
    stopped_later = client.start_execution(stateMachineArn=arn, name="run-2")["executionArn"]
    listed = client.list_executions(stateMachineArn=arn, statusFilter="RUNNING")["executions"]
    assert [e["name"] for e in listed] == ["run-2", "run-1"]  # newest first

    stop = client.stop_execution(executionArn=stopped_later, error="Manual", cause="stopped by the test")
    assert stop["stopDate"]
    description = client.describe_execution(executionArn=stopped_later)
    assert description["status"] == "ABORTED"
    assert description["error"] == "Manual" and description["cause"] == "stopped by the test"
    assert description["redriveStatus"] == "REDRIVABLE"
    types = [e["type"] for e in history(client, stopped_later)]
    assert types == ["ExecutionStarted", "WaitStateEntered", "ExecutionAborted"]
    aborted = client.list_executions(stateMachineArn=arn, statusFilter="ABORTED")["executions"]
    assert [e["name"] for e in aborted] == ["run-2"]

    page = client.list_executions(stateMachineArn=arn, maxResults=1)
    assert len(page["executions"]) == 1 and page["nextToken"]
    rest = client.list_executions(stateMachineArn=arn, maxResults=1, nextToken=page["nextToken"])
    assert rest["executions"][0]["name"] == "run-1"

    with pytest.raises(client.exceptions.ClientError) as excinfo:
        client.list_executions(stateMachineArn=arn, maxResults=1001)
    assert error_code(excinfo) == "ValidationException"
    client.stop_execution(executionArn=running)


def test_failures_and_catch_in_history(client):
    definition = {"StartAt": "Try", "States": {
        "Try": {"Type": "Pass", "InputPath": "$.missing", "End": True}}}
    arn = create_machine(client, "runtime-error", definition)
    execution, description = run(client, arn, {"x": 1})
    assert description["status"] == "FAILED"
    assert description["error"] == "States.Runtime"
    assert description["cause"] == ("An error occurred while executing the state 'Try' (entered at the event id #2). "
                                    "Invalid path '$.missing' : No results for path: $['missing']")
    assert [e["type"] for e in history(client, execution)] == ["ExecutionStarted", "PassStateEntered",
                                                              "ExecutionFailed"]

    fail = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Custom.Error", "Cause": "a cause"}}}
    execution, description = run(client, create_machine(client, "fail-state", fail))
    assert (description["error"], description["cause"]) == ("Custom.Error", "a cause")
    events = history(client, execution)
    assert events[-1]["executionFailedEventDetails"] == {"error": "Custom.Error", "cause": "a cause"}


def test_start_sync_execution_for_express(client):
    arn = create_machine(client, "express", PASS, machine_type="EXPRESS")
    result = client.start_sync_execution(stateMachineArn=arn, input='{"in": 1}')
    assert result["status"] == "SUCCEEDED"
    assert json.loads(result["output"]) == {"Arg1": "argument1"}
    assert result["executionArn"].startswith("arn:aws:states:us-east-1:000000000000:express:express:")
    assert result["billingDetails"]["billedDurationInMilliseconds"] >= 100

    failing = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "C"}}}
    failed = client.start_sync_execution(
        stateMachineArn=create_machine(client, "express-fail", failing, machine_type="EXPRESS"))
    assert failed["status"] == "FAILED" and failed["error"] == "E" and failed["cause"] == "C"

    standard = create_machine(client, "standard-for-sync", PASS)
    with pytest.raises(client.exceptions.StateMachineTypeNotSupported) as excinfo:
        client.start_sync_execution(stateMachineArn=standard)
    assert excinfo.value.response["Error"]["Message"] == "This operation is not supported by this type of state machine"
    with pytest.raises(client.exceptions.StateMachineTypeNotSupported):
        client.list_executions(stateMachineArn=arn)
    # Express machines refuse .sync and callback integrations.
    sync_task = {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync",
                                                  "Parameters": {"JobName": "j"}, "End": True}}}
    with pytest.raises(client.exceptions.InvalidDefinition):
        create_machine(client, "express-sync", sync_task, machine_type="EXPRESS")


def test_list_state_machines_pages_by_name(client):
    for name in ["page-c", "page-a", "page-b"]:
        create_machine(client, name, PASS)
    names = []
    kwargs = {"maxResults": 2}
    while True:
        page = client.list_state_machines(**kwargs)
        names.extend(m["name"] for m in page["stateMachines"])
        if "nextToken" not in page:
            break
        kwargs["nextToken"] = page["nextToken"]
    paged = [n for n in names if n.startswith("page-")]
    assert paged == ["page-a", "page-b", "page-c"]
    with pytest.raises(client.exceptions.InvalidToken):
        client.list_state_machines(nextToken="garbage")


def test_activities_and_task_tokens(client):
    activity = client.create_activity(name="worker-queue")
    activity_arn = activity["activityArn"]
    assert activity_arn == "arn:aws:states:us-east-1:000000000000:activity:worker-queue"
    assert client.create_activity(name="worker-queue")["activityArn"] == activity_arn
    assert client.describe_activity(activityArn=activity_arn)["name"] == "worker-queue"
    assert any(a["activityArn"] == activity_arn for a in client.list_activities()["activities"])

    definition = {"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": activity_arn, "Parameters": {"job.$": "$.job"},
                 "HeartbeatSeconds": 100, "TimeoutSeconds": 300, "ResultPath": "$.result", "End": True}}}
    arn = create_machine(client, "uses-activity", definition)
    execution = client.start_execution(stateMachineArn=arn, input='{"job": 42}')["executionArn"]
    task = client.get_activity_task(activityArn=activity_arn, workerName="w1")
    assert json.loads(task["input"]) == {"job": 42}
    client.send_task_heartbeat(taskToken=task["taskToken"])
    client.send_task_success(taskToken=task["taskToken"], output='{"done": true}')
    description = wait_for(client, execution)
    assert json.loads(description["output"]) == {"job": 42, "result": {"done": True}}
    types = [e["type"] for e in history(client, execution)]
    assert types == ["ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted",
                     "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded"]
    started = [e for e in history(client, execution) if e["type"] == "ActivityStarted"][0]
    assert started["activityStartedEventDetails"] == {"workerName": "w1"}

    # The token of a finished task is refused as AWS refuses it.
    with pytest.raises(client.exceptions.TaskTimedOut):
        client.send_task_success(taskToken=task["taskToken"], output="{}")
    with pytest.raises(client.exceptions.InvalidToken):
        client.send_task_success(taskToken="not-a-token", output="{}")

    failing = client.start_execution(stateMachineArn=arn, input='{"job": 1}')["executionArn"]
    task = client.get_activity_task(activityArn=activity_arn)
    client.send_task_failure(taskToken=task["taskToken"], error="Worker.Broke", cause="disk full")
    description = wait_for(client, failing)
    assert (description["status"], description["error"], description["cause"]) == ("FAILED", "Worker.Broke",
                                                                                    "disk full")
    client.delete_activity(activityArn=activity_arn)
    with pytest.raises(client.exceptions.ActivityDoesNotExist):
        client.describe_activity(activityArn=activity_arn)


def test_get_activity_task_long_polls(client):
    activity_arn = client.create_activity(name="long-poll")["activityArn"]
    definition = {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity_arn, "End": True}}}
    arn = create_machine(client, "long-poll-machine", definition)
    received = {}

    def worker():
        received.update(client.get_activity_task(activityArn=activity_arn, workerName="poller"))

    thread = threading.Thread(target=worker)
    thread.start()
    time.sleep(0.5)  # the worker is waiting before any task exists
    execution = client.start_execution(stateMachineArn=arn, input='{"x": 1}')["executionArn"]
    thread.join(timeout=30)
    assert json.loads(received["input"]) == {"x": 1}
    client.send_task_success(taskToken=received["taskToken"], output='"ok"')
    assert json.loads(wait_for(client, execution)["output"]) == "ok"


def test_heartbeat_timeout_fails_the_task(server):
    from sluice_server import SluiceServer
    fast = SluiceServer(extra_args=["--time-scale", "100"]).start()
    try:
        client = sfn(fast)
        activity_arn = client.create_activity(name="slow-worker")["activityArn"]
        definition = {"StartAt": "Work", "States": {"Work": {
            "Type": "Task", "Resource": activity_arn, "HeartbeatSeconds": 2, "TimeoutSeconds": 600, "End": True}}}
        arn = create_machine(client, "heartbeat", definition)
        execution = client.start_execution(stateMachineArn=arn)["executionArn"]
        client.get_activity_task(activityArn=activity_arn)  # take it and never report
        description = wait_for(client, execution)
        assert description["status"] == "FAILED" and description["error"] == "States.Timeout"
        timed_out = [e for e in history(client, execution) if e["type"] == "ActivityTimedOut"]
        assert timed_out and timed_out[0]["activityTimedOutEventDetails"]["error"] == "States.Timeout"
    finally:
        fast.cleanup()


def test_tags(client):
    arn = create_machine(client, "tagged", PASS, tags=[{"key": "team", "value": "data"}])
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "team", "value": "data"}]
    client.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "dev"}])
    client.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "env", "value": "dev"}]
    with pytest.raises(client.exceptions.ResourceNotFound):
        client.tag_resource(resourceArn=arn + "-missing", tags=[{"key": "a", "value": "b"}])


def test_the_aws_cli_drives_step_functions(server):
    definition = json.dumps(PASS)
    created = json.loads(server.aws("stepfunctions", "create-state-machine", "--name", "from-cli", "--definition",
                                    definition, "--role-arn", ROLE).stdout)
    arn = created["stateMachineArn"]
    started = json.loads(server.aws("stepfunctions", "start-execution", "--state-machine-arn", arn,
                                    "--input", '{"k": "v"}').stdout)
    deadline = time.time() + 30
    while True:
        described = json.loads(server.aws("stepfunctions", "describe-execution", "--execution-arn",
                                          started["executionArn"]).stdout)
        if described["status"] != "RUNNING" or time.time() > deadline:
            break
        time.sleep(0.1)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"Arg1": "argument1"}
    listed = json.loads(server.aws("stepfunctions", "list-state-machines").stdout)
    assert any(m["stateMachineArn"] == arn for m in listed["stateMachines"])
    missing = server.aws("stepfunctions", "describe-state-machine", "--state-machine-arn", arn + "x", check=False)
    assert missing.returncode != 0 and "StateMachineDoesNotExist" in missing.stderr
