"""`sluice job run JOB.json --data-dir DIR`: a job run without a server on the data a server
left in DIR (uploaded with boto3, read back through a server with boto3 afterwards); the
`aws glue get-job` document form, --argument, --validate's schemas, the run summary, a failing
job's exit status and message, and the refusal while a server holds the data dir."""
import json
import os
import subprocess

import pytest

from sluice_server import SluiceServer

BINARY = os.environ.get("SLUICE_BINARY") or os.path.join(os.path.dirname(__file__), "..", "..", "build", "sluice")

NODES = {
    "orders": {"S3CsvSource": {"Name": "Orders", "Paths": ["s3://local/orders/"], "Separator": "comma",
                               "QuoteChar": "quote", "WithHeader": True}},
    "big": {"Filter": {"Name": "Big", "Inputs": ["orders"], "LogicalOperator": "AND", "Filters": [
        {"Operation": "GTE", "Negated": False, "Values": [{"Type": "COLUMNEXTRACTED", "Value": ["amount"]},
                                                           {"Type": "CONSTANT", "Value": ["${minimum}"]}]}]}},
    "out": {"S3DirectTarget": {"Name": "Out", "Inputs": ["big"], "Path": "s3://local/out/${folder}/",
                               "Format": "json"}},
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    directory = str(tmp_path_factory.mktemp("job-cli"))
    server = SluiceServer(data_dir=directory).start()
    try:
        s3 = server.client("s3")
        s3.create_bucket(Bucket="local")
        s3.put_object(Bucket="local", Key="orders/o.csv", Body=b"id,amount\n1,5\n2,50\n3,500\n")
    finally:
        server.stop()
    return directory


def sluice_job(*args):
    return subprocess.run([BINARY, "job", "run", *map(str, args)], capture_output=True, text=True, timeout=120)


def read_output(data_dir, folder):
    server = SluiceServer(data_dir=data_dir).start()
    try:
        s3 = server.client("s3")
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="local", Prefix=f"out/{folder}/").get("Contents", [])]
        lines = b"".join(s3.get_object(Bucket="local", Key=k)["Body"].read() for k in keys).splitlines()
        return sorted(json.loads(line)["id"] for line in lines if line)
    finally:
        server.stop()


def test_runs_a_get_job_document_with_arguments(data_dir, tmp_path):
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"Job": {"Name": "local-job", "Role": "r", "Command": {"Name": "glueetl"},
                                       "DefaultArguments": {"--minimum": "10"},
                                       "CodeGenConfigurationNodes": NODES}}))
    result = sluice_job(job, "--data-dir", data_dir, "--argument", "folder=first")
    assert result.returncode == 0, result.stderr
    assert "Running job local-job" in result.stderr
    assert "Run summary: 3 records read" in result.stdout and "2 records written" in result.stdout
    result = sluice_job(job, "--data-dir", data_dir, "-a", "--folder=second", "-a", "minimum=100")
    assert result.returncode == 0, result.stderr
    assert read_output(data_dir, "first") == [2, 3]
    assert read_output(data_dir, "second") == [3]


def test_validate_prints_every_node_schema(data_dir, tmp_path):
    job = tmp_path / "nodes.json"
    job.write_text(json.dumps(NODES))
    result = sluice_job(job, "--data-dir", data_dir, "--validate", "-a", "minimum=1", "-a", "folder=v")
    assert result.returncode == 0, result.stderr
    assert 'orders S3CsvSource "Orders"\n    id: bigint\n    amount: bigint\n' in result.stdout
    assert 'out S3DirectTarget "Out"' in result.stdout


def test_a_failing_job_exits_with_its_message(data_dir, tmp_path):
    job = tmp_path / "broken.json"
    nodes = dict(NODES)
    nodes["orders"] = {"S3CsvSource": dict(NODES["orders"]["S3CsvSource"], Paths=["s3://local/nothing/"])}
    job.write_text(json.dumps(nodes))
    result = sluice_job(job, "--data-dir", data_dir, "-a", "minimum=1", "-a", "folder=x")
    assert result.returncode == 1
    assert "Path does not exist: s3://local/nothing/" in result.stderr
    result = sluice_job(job, "--data-dir", data_dir)
    assert result.returncode == 1
    assert "minimum" in result.stderr  # an argument the nodes use is missing


def test_refuses_a_data_dir_a_server_is_using(data_dir, tmp_path):
    job = tmp_path / "job.json"
    job.write_text(json.dumps(NODES))
    server = SluiceServer(data_dir=data_dir).start()
    try:
        result = sluice_job(job, "--data-dir", data_dir, "-a", "minimum=1", "-a", "folder=y")
        assert result.returncode == 1
        assert "server" in result.stderr.lower() or "in use" in result.stderr.lower(), result.stderr
    finally:
        server.stop()
