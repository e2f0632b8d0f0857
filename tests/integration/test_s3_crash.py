"""Durability: the server is killed with SIGKILL in the middle of a stream of concurrent PUTs,
overwrites and multipart uploads. After a restart every acknowledged object is intact, nothing
that was not completely written is visible, and the space of uploads cut off by the crash is
reclaimed.
"""
import hashlib
import os
import threading
import time

import pytest
from botocore.exceptions import BotoCoreError, ClientError

from sluice_server import SluiceServer

MIB = 1024 * 1024
SIZES = [0, 1, 4096, 100 * 1024, 1 * MIB + 3]


def make_body(key, version, size):
    """Self-describing bytes: a header naming key, version and size, then a filler derived from them."""
    header = f"{key}|{version}|{size}|".encode()
    seed = hashlib.sha256(header).digest()
    return (header + seed * (size // len(seed) + 1))[:size]


def parse_body(key, data):
    """The version `data` claims to be, or raises when it is not a complete, consistent body for `key`."""
    if len(data) < 64:
        return None  # too small to describe itself; checked by exact comparison instead
    key_part, version, size, _ = data.split(b"|", 3)
    assert key_part.decode() == key
    assert int(size) == len(data), f"{key}: torn object ({len(data)} of {int(size)} bytes)"
    assert data == make_body(key, int(version), int(size)), f"{key}: corrupt bytes"
    return int(version)


@pytest.fixture
def crash_server(tmp_path):
    instance = SluiceServer(data_dir=str(tmp_path / "data")).start()
    yield instance
    instance.stop()


def count_blob_files(data_dir):
    total = 0
    for root, _, files in os.walk(os.path.join(data_dir, "blobs")):
        total += sum(1 for name in files if name != "CLEAN")
    return total


def test_kill_9_during_writes_loses_nothing_acknowledged(crash_server):
    config = {"max_pool_connections": 32}
    client = crash_server.client("s3", **config)
    client.create_bucket(Bucket="crash")
    lock = threading.Lock()
    acknowledged = {}   # key -> (version, size) of the last acknowledged write
    attempted = {}      # key -> set of versions sent
    completed_uploads = {}  # key -> bytes
    stop = threading.Event()

    def record_attempt(key, version):
        with lock:
            attempted.setdefault(key, set()).add(version)

    def writer(thread):
        i = 0
        while not stop.is_set():
            # Mostly new keys, every fourth write overwrites the thread's hot key.
            key = f"hot/{thread}" if i % 4 == 3 else f"w{thread}/{i:06d}"
            version = i
            size = SIZES[i % len(SIZES)] if not key.startswith("hot") else 2048 + i
            body = make_body(key, version, size)
            record_attempt(key, version)
            try:
                client.put_object(Bucket="crash", Key=key, Body=body)
            except (BotoCoreError, ClientError):
                return  # the server is gone
            with lock:
                acknowledged[key] = (version, size)
            i += 1

    def multipart_writer():
        n = 0
        while not stop.is_set():
            key = f"mp/{n}"
            parts = [make_body(key, n, 5 * MIB), make_body(key + "#2", n, MIB)]
            try:
                upload = client.create_multipart_upload(Bucket="crash", Key=key)
                etags = [client.upload_part(Bucket="crash", Key=key, UploadId=upload["UploadId"], PartNumber=p + 1,
                                            Body=data)["ETag"] for p, data in enumerate(parts)]
                record_attempt(key, n)
                client.complete_multipart_upload(Bucket="crash", Key=key, UploadId=upload["UploadId"],
                                                 MultipartUpload={"Parts": [{"PartNumber": p + 1, "ETag": e}
                                                                            for p, e in enumerate(etags)]})
            except (BotoCoreError, ClientError):
                return
            with lock:
                completed_uploads[key] = b"".join(parts)
            n += 1

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(12)]
    threads.append(threading.Thread(target=multipart_writer))
    for thread in threads:
        thread.start()
    deadline = time.time() + 30
    while time.time() < deadline and (len(acknowledged) < 400 or len(completed_uploads) < 2):
        time.sleep(0.1)
    crash_server.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    assert len(acknowledged) >= 100, "too few writes before the kill to mean anything"

    crash_server.start()
    client = crash_server.client("s3", **config)
    for key, (version, size) in acknowledged.items():
        data = client.get_object(Bucket="crash", Key=key)["Body"].read()
        if key.startswith("hot/"):
            # The acknowledged version, or a later one whose write was under way at the kill.
            assert parse_body(key, data) >= version
        else:
            assert data == make_body(key, version, size), key
    for key, data in completed_uploads.items():
        assert client.get_object(Bucket="crash", Key=key)["Body"].read() == data, key

    visible = [o for page in client.get_paginator("list_objects_v2").paginate(Bucket="crash")
               for o in page.get("Contents", [])]
    for item in visible:
        key = item["Key"]
        assert key in attempted, f"{key} was never written"
        data = client.get_object(Bucket="crash", Key=key)["Body"].read()
        assert len(data) == item["Size"]
        if key.startswith("mp/"):
            n = int(key.split("/")[1])
            assert data == make_body(key, n, 5 * MIB) + make_body(key + "#2", n, MIB), f"{key}: torn upload"
        elif len(data) >= 64:
            assert parse_body(key, data) in attempted[key]
        else:
            version = int(key.split("/")[1])
            assert data == make_body(key, version, len(data)), key

    # Space: once the recovery sweep ran and the uploads left in progress are aborted, the blob
    # files are exactly the live objects; nothing a cut-off upload wrote is left behind.
    for upload in client.list_multipart_uploads(Bucket="crash").get("Uploads", []):
        client.abort_multipart_upload(Bucket="crash", Key=upload["Key"], UploadId=upload["UploadId"])
    deadline = time.time() + 30
    while time.time() < deadline and count_blob_files(crash_server.data_dir) != len(visible):
        time.sleep(0.2)
    assert count_blob_files(crash_server.data_dir) == len(visible)


def test_a_clean_restart_keeps_everything(crash_server):
    client = crash_server.client("s3")
    client.create_bucket(Bucket="restart", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    client.put_object(Bucket="restart", Key="a/b.txt", Body=b"kept", Metadata={"k": "v"}, ContentType="text/plain")
    upload = client.create_multipart_upload(Bucket="restart", Key="pending")
    etag = client.upload_part(Bucket="restart", Key="pending", UploadId=upload["UploadId"], PartNumber=1,
                              Body=b"part one")["ETag"]
    assert crash_server.stop() == 0
    crash_server.start()
    client = crash_server.client("s3")
    assert client.get_bucket_location(Bucket="restart")["LocationConstraint"] == "eu-west-1"
    got = client.get_object(Bucket="restart", Key="a/b.txt")
    assert got["Body"].read() == b"kept" and got["Metadata"] == {"k": "v"} and got["ContentType"] == "text/plain"
    parts = client.list_parts(Bucket="restart", Key="pending", UploadId=upload["UploadId"])["Parts"]
    assert [(p["PartNumber"], p["ETag"]) for p in parts] == [(1, etag)]
    client.complete_multipart_upload(Bucket="restart", Key="pending", UploadId=upload["UploadId"],
                                     MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert client.get_object(Bucket="restart", Key="pending")["Body"].read() == b"part one"


def test_abandoned_multipart_uploads_are_reclaimed(tmp_path):
    # Uploads idle for longer than SLUICE_ABANDONED_UPLOAD_HOURS are aborted (here 2 seconds).
    instance = SluiceServer(data_dir=str(tmp_path / "data"), env={"SLUICE_ABANDONED_UPLOAD_HOURS": "0.00055"}).start()
    try:
        client = instance.client("s3")
        client.create_bucket(Bucket="idle")
        upload = client.create_multipart_upload(Bucket="idle", Key="forgotten")
        client.upload_part(Bucket="idle", Key="forgotten", UploadId=upload["UploadId"], PartNumber=1, Body=b"x" * 1000)
        assert count_blob_files(instance.data_dir) == 1
        deadline = time.time() + 30
        while time.time() < deadline and client.list_multipart_uploads(Bucket="idle").get("Uploads"):
            time.sleep(0.5)
        assert client.list_multipart_uploads(Bucket="idle").get("Uploads", []) == []
        deadline = time.time() + 10
        while time.time() < deadline and count_blob_files(instance.data_dir) != 0:
            time.sleep(0.2)
        assert count_blob_files(instance.data_dir) == 0
    finally:
        instance.stop()


def blob_bytes(data_dir):
    """Bytes the blob files take (a copy hard-links its source's blob: each file counts once)."""
    sizes = {}
    for root, _, files in os.walk(os.path.join(data_dir, "blobs")):
        for name in files:
            if name != "CLEAN":
                stat = os.stat(os.path.join(root, name))
                sizes[(stat.st_dev, stat.st_ino)] = stat.st_size
    return sum(sizes.values())


def wait_for(predicate, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline and not predicate():
        time.sleep(0.1)
    return predicate()


def test_space_of_overwritten_deleted_and_aborted_data_is_reclaimed(crash_server):
    client = crash_server.client("s3")
    client.create_bucket(Bucket="space")
    data_dir = crash_server.data_dir
    for version in range(5):  # overwrites
        client.put_object(Bucket="space", Key="same", Body=make_body("same", version, MIB))
    client.copy_object(Bucket="space", Key="copied", CopySource="space/same")
    assert wait_for(lambda: blob_bytes(data_dir) <= MIB + 4096), blob_bytes(data_dir)
    client.delete_object(Bucket="space", Key="same")
    assert client.get_object(Bucket="space", Key="copied")["Body"].read() == make_body("same", 4, MIB)
    client.delete_objects(Bucket="space", Delete={"Objects": [{"Key": "copied"}]})
    assert wait_for(lambda: blob_bytes(data_dir) == 0), blob_bytes(data_dir)
    # Parts not named in the completion, and every part of an aborted upload, are reclaimed.
    upload = client.create_multipart_upload(Bucket="space", Key="mp")["UploadId"]
    etags = [client.upload_part(Bucket="space", Key="mp", UploadId=upload, PartNumber=n,
                                Body=make_body("mp", n, 5 * MIB))["ETag"] for n in (1, 2, 3)]
    client.complete_multipart_upload(Bucket="space", Key="mp", UploadId=upload, MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": etags[0]}, {"PartNumber": 3, "ETag": etags[2]}]})
    assert wait_for(lambda: blob_bytes(data_dir) <= 10 * MIB + 4096), blob_bytes(data_dir)
    aborted = client.create_multipart_upload(Bucket="space", Key="gone")["UploadId"]
    client.upload_part(Bucket="space", Key="gone", UploadId=aborted, PartNumber=1, Body=b"y" * MIB)
    client.abort_multipart_upload(Bucket="space", Key="gone", UploadId=aborted)
    client.delete_object(Bucket="space", Key="mp")
    assert wait_for(lambda: blob_bytes(data_dir) == 0), blob_bytes(data_dir)
    client.delete_bucket(Bucket="space")
