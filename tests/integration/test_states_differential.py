"""Differential runs: the conformance cases marked "peer": true run both on Sluice (through
boto3) and on npm aws-local-stepfunctions (bench/states/peer.mjs), and must agree: same status,
same output, same error name. Cases where the peer departs from the specification carry a
peer_note instead; this file also checks that every such case names its reason."""
import glob
import json
import os
import shutil
import subprocess

import pytest

from sluice_server import SluiceServer
from test_states_support import create_machine, sfn, wait_for

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
CASES = sorted(glob.glob(os.path.join(ROOT, "tests", "cases", "asl", "*", "*.json")))
PEER = os.path.join(ROOT, "bench", "states", "peer.mjs")


def load(path):
    with open(path) as f:
        return json.load(f)


def peer_cases():
    return [p for p in CASES if load(p).get("peer")]


@pytest.fixture(scope="module")
def peer_results():
    if not shutil.which("node") or not os.path.isdir(os.path.join(ROOT, "node_modules", "aws-local-stepfunctions")):
        pytest.skip("node or aws-local-stepfunctions is not installed (scripts/install-deps installs them)")
    batch = [{"id": p, "definition": load(p)["definition"], "input": load(p).get("input", {})} for p in peer_cases()]
    result = subprocess.run(["node", PEER, "cases"], input=json.dumps(batch), capture_output=True, text=True,
                            timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return {json.loads(line)["id"]: json.loads(line) for line in result.stdout.splitlines()}


@pytest.fixture(scope="module")
def client():
    server = SluiceServer(extra_args=["--time-scale", "1000"]).start()
    yield sfn(server)
    server.cleanup()


def test_every_excluded_case_says_why():
    for path in CASES:
        case = load(path)
        if not case.get("peer"):
            assert case.get("peer_note") or '"Task"' in json.dumps(case["definition"]) or \
                "DISTRIBUTED" in json.dumps(case["definition"]), f"{path} needs a peer_note"


@pytest.mark.parametrize("path", peer_cases(), ids=[os.path.relpath(p, os.path.join(ROOT, "tests", "cases", "asl"))
                                                   for p in peer_cases()])
def test_sluice_agrees_with_the_peer(path, peer_results, client):
    case = load(path)
    peer = peer_results[path]
    name = "diff-" + os.path.relpath(path, os.path.join(ROOT, "tests", "cases", "asl"))[:-5].replace("/", "-")
    arn = create_machine(client, name, case["definition"])
    execution = client.start_execution(stateMachineArn=arn, input=json.dumps(case.get("input", {})))["executionArn"]
    ours = wait_for(client, execution, timeout=120)
    assert ours["status"] == peer["status"], (ours.get("error"), ours.get("cause"), peer)
    if ours["status"] == "SUCCEEDED":
        assert json.loads(ours["output"]) == peer["output"]
    else:
        assert ours.get("error") == peer.get("error")
