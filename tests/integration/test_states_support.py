"""Shared helpers for the Step Functions integration tests, and tests of the API surface that
Debian's botocore (1.29) predates.

Debian's boto3 knows the Step Functions operations of early 2023. Operations added since
(ValidateStateMachineDefinition, TestState, RedriveExecution, versions and aliases) are called
through the same boto3 with the newest botocore service model, loaded from the pip-installed
botocore on this machine when it is there.
"""
import gzip
import json
import os
import tempfile
import time

import boto3
import botocore.config
import pytest

ROLE = "arn:aws:iam::000000000000:role/sluice-states-tests"
NEWEST_MODEL = ("/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/botocore/data/"
                "stepfunctions/2016-11-23/service-2.json.gz")
_model_dir = None


def newest_model_dir():
    """A botocore data directory holding the newest stepfunctions model, or None."""
    global _model_dir
    if _model_dir is None and os.path.exists(NEWEST_MODEL):
        _model_dir = tempfile.mkdtemp(prefix="sluice-sfn-model-")
        target = os.path.join(_model_dir, "stepfunctions", "2016-11-23")
        os.makedirs(target)
        with gzip.open(NEWEST_MODEL, "rb") as source, open(os.path.join(target, "service-2.json"), "wb") as out:
            out.write(source.read())
    return _model_dir


def sfn(server):
    """A boto3 Step Functions client; with the newest service model when it is available."""
    model = newest_model_dir()
    session = boto3.session.Session(aws_access_key_id="sluice", aws_secret_access_key="sluicesecret",
                                    region_name="us-east-1")
    if model:
        session._session.get_component("data_loader").search_paths.insert(0, model)
    cfg = botocore.config.Config(retries={"max_attempts": 1}, inject_host_prefix=False, read_timeout=120)
    return session.client("stepfunctions", endpoint_url=server.endpoint, config=cfg)


def needs_newest_model():
    if not newest_model_dir():
        pytest.skip("the newest botocore stepfunctions model is not installed on this machine")


def create_machine(client, name, definition, machine_type="STANDARD", **kwargs):
    text = definition if isinstance(definition, str) else json.dumps(definition)
    return client.create_state_machine(name=name, definition=text, roleArn=ROLE, type=machine_type,
                                       **kwargs)["stateMachineArn"]


def wait_for(client, execution_arn, timeout=60, statuses=("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED")):
    """Polls DescribeExecution until the execution reaches one of `statuses`."""
    deadline = time.time() + timeout
    while True:
        description = client.describe_execution(executionArn=execution_arn)
        if description["status"] in statuses:
            return description
        if time.time() > deadline:
            raise AssertionError(f"execution still {description['status']} after {timeout}s")
        time.sleep(0.05)


def history(client, execution_arn):
    events = []
    kwargs = {"executionArn": execution_arn, "maxResults": 1000}
    while True:
        page = client.get_execution_history(**kwargs)
        events.extend(page["events"])
        if "nextToken" not in page:
            return events
        kwargs["nextToken"] = page["nextToken"]


def run(client, machine_arn, payload=None, name=None):
    kwargs = {"stateMachineArn": machine_arn, "input": json.dumps(payload if payload is not None else {})}
    if name:
        kwargs["name"] = name
    arn = client.start_execution(**kwargs)["executionArn"]
    return arn, wait_for(client, arn)


# --- tests of operations Debian's botocore does not know ---

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": True}, "End": True}}}


def test_validate_state_machine_definition_reports_problems(server):
    needs_newest_model()
    client = sfn(server)
    good = client.validate_state_machine_definition(definition=json.dumps(PASS))
    assert good["result"] == "OK" and good["diagnostics"] == []

    bad = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}, "B": {"Type": "Succeed"}}}
    result = client.validate_state_machine_definition(definition=json.dumps(bad))
    assert result["result"] == "FAIL"
    codes = {(d["code"], d.get("location")) for d in result["diagnostics"]}
    assert ("MISSING_TRANSITION_TARGET", "/States/A/Next") in codes
    assert ("MISSING_TRANSITION_TARGET", "/States/B") in codes
    assert all(d["severity"] == "ERROR" for d in result["diagnostics"])

    not_json = client.validate_state_machine_definition(definition="{not json")
    assert not_json["result"] == "FAIL"
    assert not_json["diagnostics"][0]["code"] == "INVALID_JSON_DESCRIPTION"


def test_test_state_runs_one_state(server):
    needs_newest_model()
    client = sfn(server)
    state = {"Type": "Pass", "InputPath": "$.a", "Parameters": {"v.$": "$.b"}, "ResultPath": "$.out",
             "Next": "Elsewhere"}
    result = client.test_state(definition=json.dumps(state), roleArn=ROLE,
                               input=json.dumps({"a": {"b": 7}}))
    assert result["status"] == "SUCCEEDED"
    assert result["nextState"] == "Elsewhere"
    # ResultPath writes into the state's raw input, not into what InputPath selected.
    assert json.loads(result["output"]) == {"a": {"b": 7}, "out": {"v": 7}}
    assert json.loads(result["inspectionData"]["afterInputPath"]) == {"b": 7}
    assert json.loads(result["inspectionData"]["afterParameters"]) == {"v": 7}

    choice = {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 1, "Next": "Big"}],
              "Default": "Small"}
    picked = client.test_state(definition=json.dumps(choice), roleArn=ROLE, input='{"n": 5}')
    assert picked["nextState"] == "Big"

    failing = {"Type": "Fail", "Error": "Oops", "Cause": "because"}
    failed = client.test_state(definition=json.dumps(failing), roleArn=ROLE, input="{}")
    assert failed["status"] == "FAILED" and failed["error"] == "Oops" and failed["cause"] == "because"


def test_test_state_reports_caught_and_retriable_errors_with_mocks(server):
    needs_newest_model()
    client = sfn(server)
    task = {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:glue:getTable",
            "Retry": [{"ErrorEquals": ["Glue.ThrottlingException"], "MaxAttempts": 2}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Handle"}],
            "ResultSelector": {"name.$": "$.Table.Name"}, "ResultPath": "$.table", "End": True}
    mocked = client.test_state(definition=json.dumps(task), roleArn=ROLE, input='{"x": 1}',
                               mock={"result": json.dumps({"Table": {"Name": "orders"}})})
    assert mocked["status"] == "SUCCEEDED"
    assert json.loads(mocked["output"]) == {"x": 1, "table": {"name": "orders"}}
    assert json.loads(mocked["inspectionData"]["result"]) == {"Table": {"Name": "orders"}}
    assert json.loads(mocked["inspectionData"]["afterResultSelector"]) == {"name": "orders"}

    retriable = client.test_state(definition=json.dumps(task), roleArn=ROLE, input="{}",
                                  mock={"errorOutput": {"error": "Glue.ThrottlingException", "cause": "slow down"}})
    assert retriable["status"] == "RETRIABLE" and retriable["error"] == "Glue.ThrottlingException"

    caught = client.test_state(definition=json.dumps(task), roleArn=ROLE, input="{}",
                               mock={"errorOutput": {"error": "Glue.EntityNotFoundException", "cause": "no"}})
    assert caught["status"] == "CAUGHT_ERROR" and caught["nextState"] == "Handle"
    assert json.loads(caught["output"]) == {"err": {"Error": "Glue.EntityNotFoundException", "Cause": "no"}}


def test_versions_and_aliases(server):
    needs_newest_model()
    client = sfn(server)
    arn = create_machine(client, "versioned", PASS, publish=True, versionDescription="first")
    versions = client.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in versions] == [arn + ":1"]

    second = dict(PASS, States={"P": {"Type": "Pass", "Result": {"ok": 2}, "End": True}})
    updated = client.update_state_machine(stateMachineArn=arn, definition=json.dumps(second), publish=True)
    assert updated["stateMachineVersionArn"] == arn + ":2"
    # Publishing again without a change returns the latest version.
    again = client.publish_state_machine_version(stateMachineArn=arn)
    assert again["stateMachineVersionArn"] == arn + ":2"

    assert json.loads(client.describe_state_machine(stateMachineArn=arn + ":1")["definition"]) == PASS

    alias = client.create_state_machine_alias(
        name="prod", routingConfiguration=[{"stateMachineVersionArn": arn + ":1", "weight": 100}])
    alias_arn = alias["stateMachineAliasArn"]
    assert alias_arn == arn + ":prod"
    execution = client.start_execution(stateMachineArn=alias_arn)["executionArn"]
    done = wait_for(client, execution)
    assert json.loads(done["output"]) == {"ok": True}
    assert done["stateMachineAliasArn"] == alias_arn
    assert done["stateMachineVersionArn"] == arn + ":1"

    with pytest.raises(client.exceptions.ConflictException):
        client.delete_state_machine_version(stateMachineVersionArn=arn + ":1")
    client.update_state_machine_alias(stateMachineAliasArn=alias_arn,
                                      routingConfiguration=[{"stateMachineVersionArn": arn + ":2", "weight": 100}])
    execution = client.start_execution(stateMachineArn=alias_arn)["executionArn"]
    assert json.loads(wait_for(client, execution)["output"]) == {"ok": 2}
    client.delete_state_machine_alias(stateMachineAliasArn=alias_arn)
    client.delete_state_machine_version(stateMachineVersionArn=arn + ":1")
    remaining = client.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in remaining] == [arn + ":2"]


def test_redrive_resumes_from_the_failed_state(server):
    needs_newest_model()
    client = sfn(server)
    # Fails at "Check" until the input carries ok=true; a redrive re-enters "Check" with the
    # same input, so it fails again — unless the state before it changed something. Here the
    # first state counts attempts in a variable-free way: the Choice tests a fixed value, so we
    # verify the mechanics (re-entry of the failed state, redriveCount, ExecutionRedriven).
    definition = {"StartAt": "First", "States": {
        "First": {"Type": "Pass", "Result": "first", "ResultPath": "$.first", "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": True, "Next": "Done"}]},
        "Done": {"Type": "Succeed"}}}
    arn = create_machine(client, "redrivable", definition)
    execution, description = run(client, arn, {"ok": False})
    assert description["status"] == "FAILED" and description["error"] == "States.NoChoiceMatched"
    assert description["redriveStatus"] == "REDRIVABLE"
    client.redrive_execution(executionArn=execution)
    redriven = wait_for(client, execution)
    assert redriven["status"] == "FAILED"
    assert redriven["redriveCount"] == 1
    events = history(client, execution)
    types = [e["type"] for e in events]
    assert "ExecutionRedriven" in types
    after = types[types.index("ExecutionRedriven") + 1:]
    assert after[0] == "ChoiceStateEntered"  # the failed state, not the first one
    assert types.count("PassStateEntered") == 1

    ok_arn, ok = run(client, arn, {"ok": True})
    assert ok["status"] == "SUCCEEDED" and ok["redriveStatus"] == "NOT_REDRIVABLE"
    with pytest.raises(client.exceptions.ExecutionNotRedrivable):
        client.redrive_execution(executionArn=ok_arn)


def model_problems(model, shape_name, value, path):
    """Where `value` breaks the service model: required members missing, members the model does
    not have, enum values outside their set."""
    shape = model["shapes"][shape_name]
    problems = []
    if shape["type"] == "structure":
        for name in shape.get("required", []):
            if name not in value:
                problems.append(f"{path}.{name} is required")
        for name, member in value.items():
            if name == "ResponseMetadata":
                continue
            if name not in shape["members"]:
                problems.append(f"{path}.{name} is not in the model")
            else:
                problems += model_problems(model, shape["members"][name]["shape"], member, f"{path}.{name}")
    elif shape["type"] == "list":
        for i, item in enumerate(value):
            problems += model_problems(model, shape["member"]["shape"], item, f"{path}[{i}]")
    elif shape["type"] == "string" and "enum" in shape and value not in shape["enum"]:
        problems.append(f"{path} = {value!r} is not one of its enum values")
    return problems


def test_responses_carry_every_member_the_service_model_requires(server):
    """SDKs with strict deserialisers (Rust, Go) refuse responses without required members."""
    needs_newest_model()
    with gzip.open(NEWEST_MODEL) as f:
        model = json.load(f)
    client = sfn(server)
    definition = {"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Next": "M"},
        "M": {"Type": "Map", "ItemsPath": "$.items", "Next": "T",
              "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}}},
        "T": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
              "Parameters": {"Bucket": "no-such-bucket", "Key": "k"},
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}], "End": True},
        "F": {"Type": "Fail", "Error": "E", "Cause": "C"}}}
    arn = create_machine(client, "model-shapes", definition, publish=True)
    execution, _ = run(client, arn, {"items": [1, 2]})
    activity = client.create_activity(name="model-shapes")["activityArn"]
    client.create_state_machine_alias(name="live",
                                      routingConfiguration=[{"stateMachineVersionArn": arn + ":1", "weight": 100}])
    express = create_machine(client, "model-shapes-express", PASS, machine_type="EXPRESS")
    calls = [
        ("DescribeStateMachine", {"stateMachineArn": arn}),
        ("DescribeStateMachine", {"stateMachineArn": arn + ":1"}),
        ("ListStateMachines", {}),
        ("DescribeExecution", {"executionArn": execution}),
        ("DescribeStateMachineForExecution", {"executionArn": execution}),
        ("ListExecutions", {"stateMachineArn": arn}),
        ("GetExecutionHistory", {"executionArn": execution}),
        ("GetExecutionHistory", {"executionArn": execution, "includeExecutionData": False}),
        ("DescribeActivity", {"activityArn": activity}),
        ("ListActivities", {}),
        ("ListStateMachineVersions", {"stateMachineArn": arn}),
        ("DescribeStateMachineAlias", {"stateMachineAliasArn": arn + ":live"}),
        ("ListStateMachineAliases", {"stateMachineArn": arn}),
        ("ListTagsForResource", {"resourceArn": arn}),
        ("StartSyncExecution", {"stateMachineArn": express, "input": "{}"}),
        ("ValidateStateMachineDefinition", {"definition": json.dumps(definition)}),
        ("TestState", {"definition": json.dumps({"Type": "Pass", "End": True}), "roleArn": ROLE, "input": "{}",
                       "inspectionLevel": "TRACE"}),
    ]
    methods = {api: method for method, api in client.meta.method_to_api_mapping.items()}
    problems = []
    for operation, kwargs in calls:
        response = getattr(client, methods[operation])(**kwargs)
        problems += model_problems(model, model["operations"][operation]["output"]["shape"], response, operation)
    assert problems == []
