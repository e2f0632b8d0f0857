"""Crash and resume: a STANDARD execution survives kill -9 at any point. After a restart every
running execution continues from its last durable transition — no completed transition runs
twice, waits keep their deadline, in-flight tasks start again (at least once) and task tokens
stay valid. Acknowledged starts and stops are never lost."""
import json
import shutil
import signal
import tempfile
import threading
import time

import pytest

from sluice_server import SluiceServer
from test_states_support import ROLE, create_machine, history, sfn, wait_for

# 8 rounds of 500 counting transitions, with a one-second Wait between rounds, so that kills
# land both inside bursts of transitions and inside waits.
LOOP = {
    "StartAt": "Init",
    "States": {
        "Init": {"Type": "Pass", "Result": {"i": 0, "r": 0, "next": 500}, "Next": "Inc"},
        "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "r.$": "$.r", "next.$": "$.next"},
                "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThanPath": "$.next", "Next": "Inc"},
                                                {"Variable": "$.r", "NumericLessThan": 7, "Next": "Nap"}],
                  "Default": "Done"},
        "Nap": {"Type": "Wait", "Seconds": 1, "Next": "Round"},
        "Round": {"Type": "Pass", "Parameters": {"i.$": "$.i", "r.$": "States.MathAdd($.r, 1)",
                                                  "next.$": "States.MathAdd($.next, 500)"}, "Next": "Inc"},
        "Done": {"Type": "Succeed"},
    },
}


class Restartable:
    """A server whose data dir outlives kill -9 and restarts."""

    def __init__(self, time_scale="1"):
        self.data_dir = tempfile.mkdtemp(prefix="sluice-states-crash-")
        self.time_scale = time_scale
        self.server = None

    def start(self):
        self.server = SluiceServer(data_dir=self.data_dir, extra_args=["--time-scale", self.time_scale]).start()
        return sfn(self.server)

    def kill(self):
        self.server.stop(signal.SIGKILL)

    def close(self):
        if self.server and self.server.process:
            self.server.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)


@pytest.fixture
def crashable():
    instance = Restartable()
    yield instance
    instance.close()


def assert_clean_history(events):
    ids = [e["id"] for e in events]
    assert ids == list(range(1, len(ids) + 1)), "event ids must be contiguous after a restart"
    assert all(0 <= e["previousEventId"] < e["id"] for e in events)


def test_long_loop_killed_repeatedly_never_repeats_a_transition(crashable):
    client = crashable.start()
    arn = create_machine(client, "loop", LOOP)
    execution = client.start_execution(stateMachineArn=arn, name="crashy")["executionArn"]
    kills_while_running = 0
    for pause in [0.7, 1.3, 0.9, 1.6, 0.4]:
        time.sleep(pause)
        if client.describe_execution(executionArn=execution)["status"] == "RUNNING":
            kills_while_running += 1
        crashable.kill()
        client = crashable.start()
    assert kills_while_running >= 3
    description = wait_for(client, execution, timeout=120)
    assert description["status"] == "SUCCEEDED", description
    assert json.loads(description["output"]) == {"i": 4000, "r": 7, "next": 4000}
    events = history(client, execution)
    assert_clean_history(events)
    # Every counter value appears exactly once: no durable transition ran twice.
    seen = [json.loads(e["stateExitedEventDetails"]["output"])["i"] for e in events
            if e["type"] == "PassStateExited" and e["stateExitedEventDetails"]["name"] == "Inc"]
    assert seen == list(range(1, 4001))
    assert [e["type"] for e in events].count("ExecutionStarted") == 1


def test_waits_resume_with_their_deadline(crashable):
    client = crashable.start()
    definition = {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 3, "Next": "After"},
                                               "After": {"Type": "Pass", "Result": "woke", "End": True}}}
    arn = create_machine(client, "napper", definition)
    started = time.time()
    execution = client.start_execution(stateMachineArn=arn)["executionArn"]
    time.sleep(0.5)
    crashable.kill()
    client = crashable.start()
    description = wait_for(client, execution, timeout=60)
    elapsed = time.time() - started
    assert description["status"] == "SUCCEEDED" and json.loads(description["output"]) == "woke"
    assert elapsed >= 2.5  # the wait was not restarted from zero nor skipped
    types = [e["type"] for e in history(client, execution)]
    assert types == ["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "PassStateEntered", "PassStateExited",
                     "ExecutionSucceeded"]


def test_acknowledged_starts_and_stops_survive(crashable):
    client = crashable.start()
    definition = {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 2, "End": True}}}
    arn = create_machine(client, "holder", definition)
    arns = []
    lock = threading.Lock()

    def starter(offset):
        local = sfn(crashable.server)
        for i in range(10):
            result = local.start_execution(stateMachineArn=arn, name=f"e-{offset}-{i}")
            with lock:
                arns.append(result["executionArn"])

    threads = [threading.Thread(target=starter, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stopped = arns[0]
    client.stop_execution(executionArn=stopped, error="Halt", cause="stopped before the crash")
    crashable.kill()  # right after the acknowledgements
    client = crashable.start()
    listed = {e["executionArn"] for e in client.list_executions(stateMachineArn=arn, maxResults=1000)["executions"]}
    assert set(arns) <= listed
    assert client.describe_execution(executionArn=stopped)["status"] == "ABORTED"
    for execution in arns[1:]:
        assert wait_for(client, execution, timeout=60)["status"] == "SUCCEEDED"


def test_in_flight_activity_task_is_offered_again_and_its_token_still_works(crashable):
    client = crashable.start()
    activity = client.create_activity(name="crash-worker")["activityArn"]
    definition = {"StartAt": "Before", "States": {
        "Before": {"Type": "Pass", "Result": "before", "ResultPath": "$.before", "Next": "Work"},
        "Work": {"Type": "Task", "Resource": activity, "ResultPath": "$.work", "End": True}}}
    arn = create_machine(client, "with-activity", definition)
    execution = client.start_execution(stateMachineArn=arn, input='{"n": 1}')["executionArn"]
    first = client.get_activity_task(activityArn=activity, workerName="before-crash")
    assert json.loads(first["input"]) == {"n": 1, "before": "before"}
    crashable.kill()
    client = crashable.start()
    again = client.get_activity_task(activityArn=activity, workerName="after-crash")
    assert json.loads(again["input"]) == {"n": 1, "before": "before"}
    assert again["taskToken"] == first["taskToken"]
    client.send_task_success(taskToken=first["taskToken"], output='{"done": true}')
    description = wait_for(client, execution)
    assert json.loads(description["output"]) == {"n": 1, "before": "before", "work": {"done": True}}
    events = history(client, execution)
    assert_clean_history(events)
    types = [e["type"] for e in events]
    assert types.count("PassStateEntered") == 1 and types.count("ActivityScheduled") == 1


def test_map_in_progress_resumes_without_rerunning_finished_iterations(crashable):
    client = crashable.start()
    definition = {"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 4, "End": True,
        "ItemProcessor": {"StartAt": "Nap", "States": {
            "Nap": {"Type": "Wait", "SecondsPath": "$.seconds", "Next": "Out"},
            "Out": {"Type": "Pass", "Parameters": {"done.$": "$.id"}, "End": True}}}}}}
    arn = create_machine(client, "map-crash", definition)
    items = [{"id": i, "seconds": 1 if i % 2 else 2} for i in range(12)]
    execution = client.start_execution(stateMachineArn=arn, input=json.dumps(items))["executionArn"]
    time.sleep(1.5)
    crashable.kill()
    client = crashable.start()
    description = wait_for(client, execution, timeout=120)
    assert description["status"] == "SUCCEEDED"
    assert json.loads(description["output"]) == [{"done": i} for i in range(12)]
    events = history(client, execution)
    assert_clean_history(events)
    started = [e["mapIterationStartedEventDetails"]["index"] for e in events if e["type"] == "MapIterationStarted"]
    succeeded = [e["mapIterationSucceededEventDetails"]["index"] for e in events if e["type"] == "MapIterationSucceeded"]
    assert sorted(succeeded) == list(range(12))
    assert len(started) == len(set(started)) == 12


def test_callback_token_survives_a_restart(crashable):
    client = crashable.start()
    s3 = crashable.server.client("s3")
    s3.create_bucket(Bucket="tokens")
    definition = {"StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject.waitForTaskToken",
        "Parameters": {"Bucket": "tokens", "Key": "token.txt", "Body.$": "$$.Task.Token"},
        "ResultPath": "$.answer", "End": True}}}
    arn = create_machine(client, "callback", definition)
    execution = client.start_execution(stateMachineArn=arn, input='{"q": 1}')["executionArn"]
    deadline = time.time() + 30
    while True:
        try:
            token = s3.get_object(Bucket="tokens", Key="token.txt")["Body"].read().decode()
            break
        except s3.exceptions.NoSuchKey:
            assert time.time() < deadline
            time.sleep(0.05)
    # Let the TaskSubmitted transition become durable, then crash.
    while "TaskSubmitted" not in [e["type"] for e in history(client, execution)]:
        assert time.time() < deadline
        time.sleep(0.05)
    crashable.kill()
    client = crashable.start()
    client.send_task_success(taskToken=token, output='{"yes": 1}')
    description = wait_for(client, execution)
    assert json.loads(description["output"]) == {"q": 1, "answer": {"yes": 1}}
    types = [e["type"] for e in history(client, execution)]
    assert types.count("TaskScheduled") == 1  # the request was not sent a second time
