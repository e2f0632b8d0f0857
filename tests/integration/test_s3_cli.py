"""The S3 API through the Debian `aws` CLI (v2.9): the high-level `aws s3` commands (mb, cp,
sync, ls, rm, rb), multipart transfers of large files, and `aws s3api` calls with their errors.
"""
import hashlib
import json
import os

import pytest


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("cli")


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_make_copy_list_and_remove(server, workdir):
    server.aws("s3", "mb", "s3://cli-bucket")
    source = write(workdir / "hello.txt", b"hello from the aws cli\n")
    server.aws("s3", "cp", str(source), "s3://cli-bucket/greetings/hello.txt", "--only-show-errors")
    listing = server.aws("s3", "ls", "s3://cli-bucket/greetings/").stdout
    assert "hello.txt" in listing and " 23 " in listing
    assert server.aws("s3", "cp", "s3://cli-bucket/greetings/hello.txt", "-").stdout == "hello from the aws cli\n"
    assert "PRE greetings/" in server.aws("s3", "ls", "s3://cli-bucket").stdout
    assert "cli-bucket" in server.aws("s3", "ls").stdout
    failed = server.aws("s3", "rb", "s3://cli-bucket", check=False)
    assert failed.returncode != 0 and "BucketNotEmpty" in failed.stderr
    server.aws("s3", "rm", "s3://cli-bucket/greetings/hello.txt", "--only-show-errors")
    server.aws("s3", "rb", "s3://cli-bucket")
    assert "cli-bucket" not in server.aws("s3", "ls").stdout


def test_large_file_goes_multipart_and_round_trips(server, workdir):
    server.aws("s3", "mb", "s3://cli-large")
    data = os.urandom(3 * 1024 * 1024) * 7  # 21 MiB: three 8 MiB-or-less parts
    source = write(workdir / "large.bin", data)
    server.aws("s3", "cp", str(source), "s3://cli-large/large.bin", "--only-show-errors")
    head = json.loads(server.aws("s3api", "head-object", "--bucket", "cli-large", "--key", "large.bin").stdout)
    assert head["ContentLength"] == len(data)
    assert head["ETag"].endswith('-3"'), head["ETag"]
    target = workdir / "large.copy"
    server.aws("s3", "cp", "s3://cli-large/large.bin", str(target), "--only-show-errors")
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(data).digest()
    # A multipart copy inside the store (UploadPartCopy), then recursive removal.
    server.aws("s3", "cp", "s3://cli-large/large.bin", "s3://cli-large/copy/large.bin", "--only-show-errors")
    target2 = workdir / "large.copy2"
    server.aws("s3", "cp", "s3://cli-large/copy/large.bin", str(target2), "--only-show-errors")
    assert target2.read_bytes() == data
    server.aws("s3", "rb", "s3://cli-large", "--force")


def test_sync_both_ways(server, workdir):
    server.aws("s3", "mb", "s3://cli-sync")
    tree = workdir / "tree"
    files = {"a.csv": b"1,2\n", "sub/b.json": b'{"x": 1}\n', "sub/deeper/c.txt": b"c" * 10000,
             "with space.txt": b"spaces", "plus+sign.txt": b"plus"}
    for name, data in files.items():
        write(tree / name, data)
    server.aws("s3", "sync", str(tree), "s3://cli-sync/data", "--only-show-errors")
    listing = server.aws("s3", "ls", "--recursive", "s3://cli-sync/data").stdout
    for name in files:
        assert f"data/{name}" in listing
    # A second sync uploads nothing new; a changed file is uploaded again.
    assert server.aws("s3", "sync", str(tree), "s3://cli-sync/data").stdout.strip() == ""
    write(tree / "a.csv", b"1,2\n3,4\n")
    assert "upload:" in server.aws("s3", "sync", str(tree), "s3://cli-sync/data").stdout
    back = workdir / "back"
    server.aws("s3", "sync", "s3://cli-sync/data", str(back), "--only-show-errors")
    for name in files:
        assert (back / name).read_bytes() == (tree / name).read_bytes()
    server.aws("s3", "rm", "--recursive", "s3://cli-sync/data/sub", "--only-show-errors")
    remaining = server.aws("s3", "ls", "--recursive", "s3://cli-sync/").stdout
    assert "sub/" not in remaining and "a.csv" in remaining
    server.aws("s3", "rb", "s3://cli-sync", "--force")


def test_s3api_calls_and_errors(server, workdir):
    server.aws("s3api", "create-bucket", "--bucket", "cli-api", "--create-bucket-configuration",
               "LocationConstraint=eu-central-1")
    location = json.loads(server.aws("s3api", "get-bucket-location", "--bucket", "cli-api").stdout)
    assert location["LocationConstraint"] == "eu-central-1"
    body = write(workdir / "body.txt", b"s3api body")
    put = json.loads(server.aws("s3api", "put-object", "--bucket", "cli-api", "--key", "k/1.txt", "--body", str(body),
                                "--content-type", "text/plain", "--metadata", "team=etl").stdout)
    assert put["ETag"] == '"%s"' % hashlib.md5(b"s3api body").hexdigest()
    out = workdir / "out.txt"
    got = json.loads(server.aws("s3api", "get-object", "--bucket", "cli-api", "--key", "k/1.txt", "--range",
                                "bytes=0-4", str(out)).stdout)
    assert got["ContentRange"] == "bytes 0-4/10" and out.read_bytes() == b"s3api"
    assert got["Metadata"] == {"team": "etl"}
    listed = json.loads(server.aws("s3api", "list-objects-v2", "--bucket", "cli-api", "--prefix", "k/").stdout)
    assert [o["Key"] for o in listed["Contents"]] == ["k/1.txt"]
    missing = server.aws("s3api", "get-object", "--bucket", "cli-api", "--key", "nope", str(out), check=False)
    assert missing.returncode != 0 and "NoSuchKey" in missing.stderr
    missing = server.aws("s3api", "head-bucket", "--bucket", "no-such-cli-bucket", check=False)
    assert missing.returncode != 0 and "404" in missing.stderr
    exists = server.aws("s3api", "create-bucket", "--bucket", "cli-api", "--create-bucket-configuration",
                        "LocationConstraint=eu-central-1", check=False)
    assert exists.returncode != 0 and "BucketAlreadyOwnedByYou" in exists.stderr
    bad = server.aws("s3api", "create-bucket", "--bucket", "Bad_Name", check=False)
    assert bad.returncode != 0 and "InvalidBucketName" in bad.stderr
    server.aws("s3api", "delete-object", "--bucket", "cli-api", "--key", "k/1.txt")
    server.aws("s3api", "delete-bucket", "--bucket", "cli-api")
