"""The ASL conformance suite: every case in tests/cases/asl/ (definition, input, expected output
or error, and optionally the exact history) runs through boto3 against a real server started
with --time-scale 1000, so that waits and retry intervals are short."""
import glob
import json
import os

import boto3
import botocore.config
import pytest

from sluice_server import SluiceServer
from test_states_support import create_machine, history, sfn, wait_for

CASES_DIR = os.path.join(os.path.dirname(__file__), "..", "cases", "asl")
CASES = sorted(glob.glob(os.path.join(CASES_DIR, "*", "*.json")))
BUCKET = "sluice-asl-cases"


def case_id(path):
    return os.path.relpath(path, CASES_DIR)[:-len(".json")]


def load(path):
    with open(path) as f:
        return json.load(f)


@pytest.fixture(scope="module")
def fast_server():
    server = SluiceServer(extra_args=["--time-scale", "1000"]).start()
    s3 = server.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    yield server
    server.cleanup()


@pytest.fixture(scope="module")
def client(fast_server):
    return sfn(fast_server)


def machine_name(path):
    return case_id(path).replace("/", "-")


def check(case, description, events):
    expected = case["expected"]
    assert description["status"] == expected["status"], (description.get("error"), description.get("cause"))
    if expected["status"] == "SUCCEEDED":
        assert json.loads(description["output"]) == expected["output"]
    else:
        assert description.get("error", "") == expected.get("error", ""), description.get("cause")
        if "cause" in expected:
            assert description.get("cause") == expected["cause"]
        if "cause_contains" in expected:
            assert expected["cause_contains"] in description.get("cause", "")
    if "events" in case:
        assert [e["type"] for e in events] == case["events"]


@pytest.mark.parametrize("path", CASES, ids=[case_id(p) for p in CASES])
def test_case(path, fast_server, client):
    case = load(path)
    s3 = fast_server.client("s3")
    for name in case.get("setup", {}).get("activities", []):
        client.create_activity(name=name)
    for machine in case.get("setup", {}).get("machines", []):
        create_machine(client, machine["name"], machine["definition"])
    for item in case.get("setup", {}).get("objects", []):
        body = item["body"] if isinstance(item["body"], str) else json.dumps(item["body"])
        s3.put_object(Bucket=item.get("bucket", BUCKET), Key=item["key"], Body=body.encode())
    machine_type = case.get("type", "STANDARD")
    arn = create_machine(client, machine_name(path), case["definition"], machine_type=machine_type)
    payload = json.dumps(case.get("input", {}))
    if machine_type == "EXPRESS":
        result = client.start_sync_execution(stateMachineArn=arn, input=payload)
        check(case, result, [])
        return
    execution = client.start_execution(stateMachineArn=arn, input=payload)["executionArn"]
    description = wait_for(client, execution, timeout=120)
    check(case, description, history(client, execution))
    # Every event links to an earlier one and ids count from 1.
    events = history(client, execution)
    assert [e["id"] for e in events] == list(range(1, len(events) + 1))
    assert all(0 <= e["previousEventId"] < e["id"] for e in events)
