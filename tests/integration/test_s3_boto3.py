"""The S3 API through boto3 (Debian's python3-boto3): every bucket, object, listing and multipart
operation, with the error codes and HTTP statuses S3 gives for each misuse.
"""
import datetime
import hashlib
import time
import urllib.parse

import pytest
from botocore.exceptions import ClientError

from test_s3_wire import error_code, raw_request


@pytest.fixture(scope="module")
def s3(server):
    return server.client("s3")


@pytest.fixture
def bucket(s3, request):
    name = "b-" + request.node.name.lower().replace("_", "-")[:50]
    s3.create_bucket(Bucket=name)
    yield name
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=name):
        for item in page.get("Contents", []):
            s3.delete_object(Bucket=name, Key=item["Key"])
    s3.delete_bucket(Bucket=name)


def expect_error(call, code, status, **kwargs):
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    response = error.value.response
    assert response["Error"]["Code"] == code, response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status, response
    return response


def with_headers(s3, operation, headers):
    """Adds raw headers to the next `operation` calls (for parameters Debian's boto3 predates)."""
    def add(request, **_):
        for name, value in headers.items():
            request.headers[name] = value
    event = f"before-sign.s3.{operation}"
    s3.meta.events.register(event, add)
    return lambda: s3.meta.events.unregister(event, add)

# --- buckets ---


def test_bucket_lifecycle(s3):
    s3.create_bucket(Bucket="lifecycle-bucket")
    s3.head_bucket(Bucket="lifecycle-bucket")
    assert "lifecycle-bucket" in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert s3.get_bucket_location(Bucket="lifecycle-bucket")["LocationConstraint"] is None
    s3.put_object(Bucket="lifecycle-bucket", Key="x", Body=b"1")
    expect_error(s3.delete_bucket, "BucketNotEmpty", 409, Bucket="lifecycle-bucket")
    s3.delete_object(Bucket="lifecycle-bucket", Key="x")
    s3.delete_bucket(Bucket="lifecycle-bucket")
    expect_error(s3.head_bucket, "404", 404, Bucket="lifecycle-bucket")
    expect_error(s3.list_objects_v2, "NoSuchBucket", 404, Bucket="lifecycle-bucket")
    expect_error(s3.delete_bucket, "NoSuchBucket", 404, Bucket="lifecycle-bucket")


def test_location_constraint_and_recreate(s3):
    s3.create_bucket(Bucket="in-ireland", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert s3.get_bucket_location(Bucket="in-ireland")["LocationConstraint"] == "eu-west-1"
    assert s3.head_bucket(Bucket="in-ireland")["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"] == \
        "eu-west-1"
    response = expect_error(s3.create_bucket, "BucketAlreadyOwnedByYou", 409, Bucket="in-ireland",
                            CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert response["Error"]["BucketName"] == "in-ireland"
    # In us-east-1, S3 answers re-creating your own bucket with 200 for legacy compatibility.
    s3.create_bucket(Bucket="in-virginia")
    s3.create_bucket(Bucket="in-virginia")
    expect_error(s3.create_bucket, "InvalidLocationConstraint", 400, Bucket="elsewhere",
                 CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
    expect_error(s3.create_bucket, "InvalidLocationConstraint", 400, Bucket="elsewhere",
                 CreateBucketConfiguration={"LocationConstraint": "moon-base-1!"})


@pytest.mark.parametrize("name", ["ab", "UpperCase", "under_score", "-leading", "trailing-", "two..dots",
                                  "192.168.5.4", "xn--punycode", "x" * 64, "ends-s3alias"])
def test_invalid_bucket_names(server, name):
    # boto3 refuses some of these names itself, so send them raw.
    status, _, body = raw_request(server, "PUT", f"/{urllib.parse.quote(name)}")
    assert status == 400, body
    assert error_code(body) == "InvalidBucketName"


def test_list_buckets_pages(server, s3):
    for i in range(3):
        s3.create_bucket(Bucket=f"paged-{i}")
    # Debian's boto3 1.26 predates max-buckets and continuation tokens: use the raw query.
    text = raw_request(server, "GET", "/?prefix=paged-&max-buckets=2")[2].decode()
    assert text.count("<Name>") == 2 and "<Name>paged-1</Name>" in text
    token = text[text.index("<ContinuationToken>") + 19:text.index("</ContinuationToken>")]
    text = raw_request(server, "GET", f"/?prefix=paged-&max-buckets=2&continuation-token={urllib.parse.quote(token)}")[
        2].decode()
    assert text.count("<Name>") == 1 and "<Name>paged-2</Name>" in text and "<ContinuationToken>" not in text
    assert [b["Name"] for b in s3.list_buckets()["Buckets"] if b["Name"].startswith("paged-")] == \
        ["paged-0", "paged-1", "paged-2"]
    for i in range(3):
        s3.delete_bucket(Bucket=f"paged-{i}")


def test_bucket_versioning_and_acl_as_for_an_unversioned_private_bucket(s3, bucket):
    versioning = s3.get_bucket_versioning(Bucket=bucket)
    assert "Status" not in versioning
    acl = s3.get_bucket_acl(Bucket=bucket)
    assert [g["Permission"] for g in acl["Grants"]] == ["FULL_CONTROL"]
    assert acl["Grants"][0]["Grantee"]["ID"] == acl["Owner"]["ID"]
    s3.put_bucket_acl(Bucket=bucket, ACL="private")
    s3.put_object(Bucket=bucket, Key="acl", Body=b"x", ACL="private")
    assert s3.get_object_acl(Bucket=bucket, Key="acl")["Grants"][0]["Permission"] == "FULL_CONTROL"
    expect_error(s3.put_bucket_versioning, "NotImplemented", 501, Bucket=bucket,
                 VersioningConfiguration={"Status": "Enabled"})
    expect_error(s3.get_bucket_policy, "NoSuchBucketPolicy", 404, Bucket=bucket)
    expect_error(s3.get_bucket_tagging, "NoSuchTagSet", 404, Bucket=bucket)


def test_acls_are_disabled_as_by_default_on_s3(server, s3, bucket):
    # Owner-only ACLs are accepted; anything granting others is refused as S3 refuses it for a
    # bucket with "bucket owner enforced" object ownership, never silently ignored.
    s3.put_object(Bucket=bucket, Key="owned", Body=b"x", ACL="bucket-owner-full-control")
    s3.put_object_acl(Bucket=bucket, Key="owned", ACL="private")
    for acl in ["public-read", "public-read-write", "authenticated-read"]:
        expect_error(s3.put_object, "AccessControlListNotSupported", 400, Bucket=bucket, Key="public", Body=b"x",
                     ACL=acl)
        expect_error(s3.put_bucket_acl, "AccessControlListNotSupported", 400, Bucket=bucket, ACL=acl)
        expect_error(s3.put_object_acl, "AccessControlListNotSupported", 400, Bucket=bucket, Key="owned", ACL=acl)
        expect_error(s3.copy_object, "AccessControlListNotSupported", 400, Bucket=bucket, Key="public",
                     CopySource={"Bucket": bucket, "Key": "owned"}, ACL=acl)
        expect_error(s3.create_multipart_upload, "AccessControlListNotSupported", 400, Bucket=bucket, Key="public",
                     ACL=acl)
    expect_error(s3.put_object, "AccessControlListNotSupported", 400, Bucket=bucket, Key="public", Body=b"x",
                 GrantRead='uri="http://acs.amazonaws.com/groups/global/AllUsers"')
    expect_error(s3.create_bucket, "InvalidBucketAclWithObjectOwnership", 400, Bucket=bucket + "-public",
                 ACL="public-read")
    expect_error(s3.head_object, "404", 404, Bucket=bucket, Key="public")
    assert bucket + "-public" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    status, _, body = raw_request(server, "PUT", f"/{bucket}/odd", {"x-amz-acl": "no-such-acl"}, b"x")
    assert status == 400 and error_code(body) == "InvalidArgument"


def test_write_options_sluice_cannot_honour_are_refused(s3, bucket):
    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    expect_error(s3.put_object, "InvalidRequest", 400, Bucket=bucket, Key="locked", Body=b"x",
                 ObjectLockMode="GOVERNANCE", ObjectLockRetainUntilDate=future)
    expect_error(s3.put_object, "InvalidRequest", 400, Bucket=bucket, Key="locked", Body=b"x",
                 ObjectLockLegalHoldStatus="ON")
    expect_error(s3.create_multipart_upload, "InvalidRequest", 400, Bucket=bucket, Key="locked",
                 ObjectLockLegalHoldStatus="ON")
    expect_error(s3.put_object, "NotImplemented", 501, Bucket=bucket, Key="kms", Body=b"x",
                 ServerSideEncryption="aws:kms")
    expect_error(s3.put_object, "NotImplemented", 501, Bucket=bucket, Key="ssec", Body=b"x",
                 SSECustomerAlgorithm="AES256", SSECustomerKey="k" * 32)
    expect_error(s3.put_object, "NotImplemented", 501, Bucket=bucket, Key="tagged", Body=b"x", Tagging="a=b")
    for key in ["locked", "kms", "ssec", "tagged"]:
        expect_error(s3.head_object, "404", 404, Bucket=bucket, Key=key)
    # SSE-S3 (AES256) is what S3 applies to every object by default: accepted.
    s3.put_object(Bucket=bucket, Key="sse-s3", Body=b"x", ServerSideEncryption="AES256")
    assert s3.get_object(Bucket=bucket, Key="sse-s3")["Body"].read() == b"x"

# --- objects ---


def test_put_get_head_with_headers_and_metadata(s3, bucket):
    expires = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    put = s3.put_object(Bucket=bucket, Key="docs/report.csv", Body=b"a,b\n1,2\n", ContentType="text/csv",
                        CacheControl="max-age=60", ContentDisposition='attachment; filename="r.csv"',
                        ContentEncoding="identity", ContentLanguage="en", Expires=expires,
                        Metadata={"Owner": "data-team", "run-id": "42"})
    assert put["ETag"] == '"%s"' % hashlib.md5(b"a,b\n1,2\n").hexdigest()
    got = s3.get_object(Bucket=bucket, Key="docs/report.csv")
    assert got["Body"].read() == b"a,b\n1,2\n"
    assert got["ContentType"] == "text/csv"
    assert got["CacheControl"] == "max-age=60"
    assert got["ContentDisposition"] == 'attachment; filename="r.csv"'
    assert got["ContentEncoding"] == "identity"
    assert got["ContentLanguage"] == "en"
    assert got["Expires"] == expires
    assert got["Metadata"] == {"owner": "data-team", "run-id": "42"}
    assert got["ETag"] == put["ETag"]
    assert got["AcceptRanges"] == "bytes"
    head = s3.head_object(Bucket=bucket, Key="docs/report.csv")
    assert head["ContentLength"] == 8
    assert head["Metadata"] == got["Metadata"]
    assert abs(head["LastModified"].timestamp() - time.time()) < 120
    s3.put_object(Bucket=bucket, Key="plain", Body=b"")
    assert s3.head_object(Bucket=bucket, Key="plain")["ContentType"] == "binary/octet-stream"
    assert s3.get_object(Bucket=bucket, Key="plain")["Body"].read() == b""


def test_response_overrides(s3, bucket):
    s3.put_object(Bucket=bucket, Key="o", Body=b"x", ContentType="text/plain")
    got = s3.get_object(Bucket=bucket, Key="o", ResponseContentType="application/json",
                        ResponseContentDisposition="inline", ResponseCacheControl="no-cache",
                        ResponseContentLanguage="fr", ResponseContentEncoding="gzip")
    assert got["ContentType"] == "application/json"
    assert got["ContentDisposition"] == "inline"
    assert got["CacheControl"] == "no-cache"
    assert got["ContentLanguage"] == "fr"
    assert got["ContentEncoding"] == "gzip"


def test_missing_keys(s3, bucket):
    response = expect_error(s3.get_object, "NoSuchKey", 404, Bucket=bucket, Key="nope/x")
    assert response["Error"]["Key"] == "nope/x"
    expect_error(s3.head_object, "404", 404, Bucket=bucket, Key="nope/x")
    s3.delete_object(Bucket=bucket, Key="nope/x")  # deleting a missing key succeeds
    expect_error(s3.get_object, "NoSuchBucket", 404, Bucket="no-such-bucket-here", Key="x")


def test_error_body_fields(server, bucket):
    status, headers, body = raw_request(server, "GET", f"/{bucket}/missing%20key")
    assert status == 404
    text = body.decode()
    assert "<Code>NoSuchKey</Code>" in text and "<Message>" in text
    assert f"<Resource>/{bucket}/missing key</Resource>" in text
    assert f"<RequestId>{headers['x-amz-request-id']}</RequestId>" in text
    assert headers["content-type"] == "application/xml"


def test_ranges(s3, bucket):
    data = bytes(range(100))
    s3.put_object(Bucket=bucket, Key="r", Body=data)

    def get(range_header):
        response = s3.get_object(Bucket=bucket, Key="r", Range=range_header)
        return response["ResponseMetadata"]["HTTPStatusCode"], response.get("ContentRange"), response["Body"].read()
    assert get("bytes=0-9") == (206, "bytes 0-9/100", data[:10])
    assert get("bytes=90-") == (206, "bytes 90-99/100", data[90:])
    assert get("bytes=-5") == (206, "bytes 95-99/100", data[95:])
    assert get("bytes=50-1000") == (206, "bytes 50-99/100", data[50:])
    assert get("bytes=-500") == (206, "bytes 0-99/100", data)
    assert get("bytes=5-2")[0] == 200  # malformed ranges are ignored
    assert get("bytes=1-2,4-5") == (200, None, data)  # several ranges: the whole object
    response = expect_error(s3.get_object, "InvalidRange", 416, Bucket=bucket, Key="r", Range="bytes=100-")
    assert response["ResponseMetadata"]["HTTPHeaders"]["content-range"] == "bytes */100"
    head = s3.head_object(Bucket=bucket, Key="r", Range="bytes=10-19")
    assert head["ContentLength"] == 10
    assert head["ResponseMetadata"]["HTTPHeaders"]["content-range"] == "bytes 10-19/100"


def test_read_preconditions(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="c", Body=b"conditional")
    etag = put["ETag"]
    modified = s3.head_object(Bucket=bucket, Key="c")["LastModified"]
    before = modified - datetime.timedelta(hours=1)
    after = modified + datetime.timedelta(hours=1)
    assert s3.get_object(Bucket=bucket, Key="c", IfMatch=etag)["Body"].read() == b"conditional"
    expect_error(s3.get_object, "PreconditionFailed", 412, Bucket=bucket, Key="c", IfMatch='"0000"')
    expect_error(s3.get_object, "304", 304, Bucket=bucket, Key="c", IfNoneMatch=etag)
    assert s3.get_object(Bucket=bucket, Key="c", IfNoneMatch='"other"')["ETag"] == etag
    expect_error(s3.get_object, "304", 304, Bucket=bucket, Key="c", IfModifiedSince=after)
    assert s3.get_object(Bucket=bucket, Key="c", IfModifiedSince=before)["ETag"] == etag
    expect_error(s3.get_object, "PreconditionFailed", 412, Bucket=bucket, Key="c", IfUnmodifiedSince=before)
    assert s3.get_object(Bucket=bucket, Key="c", IfUnmodifiedSince=after)["ETag"] == etag
    # If-Match wins over a failing If-Unmodified-Since; If-None-Match over If-Modified-Since.
    assert s3.get_object(Bucket=bucket, Key="c", IfMatch=etag, IfUnmodifiedSince=before)["ETag"] == etag
    expect_error(s3.head_object, "412", 412, Bucket=bucket, Key="c", IfMatch='"0000"')
    expect_error(s3.head_object, "304", 304, Bucket=bucket, Key="c", IfNoneMatch="*")


def test_conditional_writes(s3, bucket):
    undo = with_headers(s3, "PutObject", {"If-None-Match": "*"})
    try:
        s3.put_object(Bucket=bucket, Key="_delta_log/0001.json", Body=b"commit 1")
        expect_error(s3.put_object, "PreconditionFailed", 412, Bucket=bucket, Key="_delta_log/0001.json",
                     Body=b"a competing commit 1")
    finally:
        undo()
    assert s3.get_object(Bucket=bucket, Key="_delta_log/0001.json")["Body"].read() == b"commit 1"
    etag = s3.head_object(Bucket=bucket, Key="_delta_log/0001.json")["ETag"]
    undo = with_headers(s3, "PutObject", {"If-Match": '"00000000000000000000000000000000"'})
    try:
        expect_error(s3.put_object, "PreconditionFailed", 412, Bucket=bucket, Key="_delta_log/0001.json", Body=b"x")
        expect_error(s3.put_object, "NoSuchKey", 404, Bucket=bucket, Key="missing", Body=b"x")
    finally:
        undo()
    undo = with_headers(s3, "PutObject", {"If-Match": etag})
    try:
        s3.put_object(Bucket=bucket, Key="_delta_log/0001.json", Body=b"replaced")
    finally:
        undo()
    undo = with_headers(s3, "PutObject", {"If-None-Match": '"some-etag"'})
    try:
        expect_error(s3.put_object, "NotImplemented", 501, Bucket=bucket, Key="k", Body=b"x")
    finally:
        undo()
    # CopyObject onto an existing key with If-None-Match: *.
    undo = with_headers(s3, "CopyObject", {"If-None-Match": "*"})
    try:
        expect_error(s3.copy_object, "PreconditionFailed", 412, Bucket=bucket, Key="_delta_log/0001.json",
                     CopySource={"Bucket": bucket, "Key": "_delta_log/0001.json"}, MetadataDirective="REPLACE")
        s3.copy_object(Bucket=bucket, Key="_delta_log/0002.json", CopySource={"Bucket": bucket,
                                                                               "Key": "_delta_log/0001.json"})
    finally:
        undo()
    # DeleteObject with If-Match.
    undo = with_headers(s3, "DeleteObject", {"If-Match": '"00000000000000000000000000000000"'})
    try:
        expect_error(s3.delete_object, "PreconditionFailed", 412, Bucket=bucket, Key="_delta_log/0002.json")
    finally:
        undo()
    current = s3.head_object(Bucket=bucket, Key="_delta_log/0002.json")["ETag"]
    undo = with_headers(s3, "DeleteObject", {"If-Match": current})
    try:
        s3.delete_object(Bucket=bucket, Key="_delta_log/0002.json")
    finally:
        undo()
    expect_error(s3.head_object, "404", 404, Bucket=bucket, Key="_delta_log/0002.json")


def test_racing_conditional_creates_have_one_winner(server, bucket):
    # Table formats commit by creating the next log entry with If-None-Match: *; of writers racing
    # for the same entry exactly one may win, and the entry holds the winner's bytes.
    import threading
    clients = [server.client("s3") for _ in range(8)]
    for client in clients:
        with_headers(client, "PutObject", {"If-None-Match": "*"})
    outcomes = {}

    def commit(index):
        try:
            clients[index].put_object(Bucket=bucket, Key="_delta_log/00000000000000000007.json",
                                      Body=f"writer {index}".encode())
            outcomes[index] = "won"
        except ClientError as error:
            outcomes[index] = error.response["Error"]["Code"]
    for round_number in range(3):
        outcomes.clear()
        threads = [threading.Thread(target=commit, args=(i,)) for i in range(len(clients))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        winners = [i for i, outcome in outcomes.items() if outcome == "won"]
        if round_number == 0:
            assert len(winners) == 1, outcomes
            assert sorted(set(outcomes.values())) == ["PreconditionFailed", "won"]
            body = server.client("s3").get_object(Bucket=bucket, Key="_delta_log/00000000000000000007.json")
            assert body["Body"].read() == f"writer {winners[0]}".encode()
        else:
            assert winners == [] and set(outcomes.values()) == {"PreconditionFailed"}


def test_delete_objects_batch(s3, bucket):
    keys = [f"batch/{i:04d}" for i in range(1000)]
    for key in keys[:20]:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys]})
    assert sorted(d["Key"] for d in result["Deleted"]) == keys
    assert "Errors" not in result
    assert s3.list_objects_v2(Bucket=bucket, Prefix="batch/")["KeyCount"] == 0
    s3.put_object(Bucket=bucket, Key="quiet", Body=b"x")
    quiet = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "quiet"}, {"Key": "v", "VersionId": "123"},
                                                                 {"Key": "n", "VersionId": "null"}], "Quiet": True})
    assert "Deleted" not in quiet
    assert quiet["Errors"] == [{"Key": "v", "VersionId": "123", "Code": "NoSuchVersion",
                                "Message": "The specified version does not exist."}]
    expect_error(s3.delete_objects, "MalformedXML", 400, Bucket=bucket,
                 Delete={"Objects": [{"Key": f"k{i}"} for i in range(1001)]})


def test_copy_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src.csv", Body=b"id\n1\n", ContentType="text/csv", Metadata={"a": "1"})
    copied = s3.copy_object(Bucket=bucket, Key="copy.csv", CopySource={"Bucket": bucket, "Key": "src.csv"})
    assert copied["CopyObjectResult"]["ETag"] == '"%s"' % hashlib.md5(b"id\n1\n").hexdigest()
    head = s3.head_object(Bucket=bucket, Key="copy.csv")
    assert head["ContentType"] == "text/csv" and head["Metadata"] == {"a": "1"}
    # REPLACE takes the request's metadata.
    s3.copy_object(Bucket=bucket, Key="replaced.csv", CopySource=f"{bucket}/src.csv", MetadataDirective="REPLACE",
                   ContentType="application/octet-stream", Metadata={"b": "2"})
    head = s3.head_object(Bucket=bucket, Key="replaced.csv")
    assert head["ContentType"] == "application/octet-stream" and head["Metadata"] == {"b": "2"}
    # Onto itself: refused without a change, allowed with REPLACE.
    expect_error(s3.copy_object, "InvalidRequest", 400, Bucket=bucket, Key="src.csv",
                 CopySource={"Bucket": bucket, "Key": "src.csv"})
    s3.copy_object(Bucket=bucket, Key="src.csv", CopySource={"Bucket": bucket, "Key": "src.csv"},
                   MetadataDirective="REPLACE", Metadata={"c": "3"})
    assert s3.head_object(Bucket=bucket, Key="src.csv")["Metadata"] == {"c": "3"}
    assert s3.get_object(Bucket=bucket, Key="src.csv")["Body"].read() == b"id\n1\n"
    # Source preconditions.
    etag = s3.head_object(Bucket=bucket, Key="src.csv")["ETag"]
    s3.copy_object(Bucket=bucket, Key="cond", CopySource=f"{bucket}/src.csv", CopySourceIfMatch=etag)
    expect_error(s3.copy_object, "PreconditionFailed", 412, Bucket=bucket, Key="cond", CopySource=f"{bucket}/src.csv",
                 CopySourceIfMatch='"nope"')
    expect_error(s3.copy_object, "PreconditionFailed", 412, Bucket=bucket, Key="cond", CopySource=f"{bucket}/src.csv",
                 CopySourceIfNoneMatch=etag)
    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)
    expect_error(s3.copy_object, "PreconditionFailed", 412, Bucket=bucket, Key="cond", CopySource=f"{bucket}/src.csv",
                 CopySourceIfModifiedSince=future)
    expect_error(s3.copy_object, "PreconditionFailed", 412, Bucket=bucket, Key="cond", CopySource=f"{bucket}/src.csv",
                 CopySourceIfUnmodifiedSince=past)
    s3.copy_object(Bucket=bucket, Key="cond", CopySource=f"{bucket}/src.csv", CopySourceIfModifiedSince=past,
                   CopySourceIfUnmodifiedSince=future)
    expect_error(s3.copy_object, "NoSuchKey", 404, Bucket=bucket, Key="x", CopySource=f"{bucket}/missing")
    expect_error(s3.copy_object, "NoSuchBucket", 404, Bucket=bucket, Key="x", CopySource="no-such-bucket-x/a")
    # Across buckets.
    s3.create_bucket(Bucket=bucket + "-dst")
    s3.copy_object(Bucket=bucket + "-dst", Key="k", CopySource=f"{bucket}/src.csv")
    assert s3.get_object(Bucket=bucket + "-dst", Key="k")["Body"].read() == b"id\n1\n"
    s3.delete_object(Bucket=bucket + "-dst", Key="k")
    s3.delete_bucket(Bucket=bucket + "-dst")

# --- listing ---


def test_list_objects_v2_prefix_delimiter_and_pages(s3, bucket):
    keys = ["a.txt", "logs/2024/01/x", "logs/2024/02/y", "logs/2025/z", "logs/top", "zeta"]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=b"1")
    top = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert [o["Key"] for o in top["Contents"]] == ["a.txt", "zeta"]
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["logs/"]
    assert top["KeyCount"] == 3
    years = s3.list_objects_v2(Bucket=bucket, Prefix="logs/", Delimiter="/")
    assert [p["Prefix"] for p in years["CommonPrefixes"]] == ["logs/2024/", "logs/2025/"]
    assert [o["Key"] for o in years["Contents"]] == ["logs/top"]
    page = s3.list_objects_v2(Bucket=bucket, MaxKeys=2)
    assert page["IsTruncated"] and page["KeyCount"] == 2 and "NextContinuationToken" in page
    rest = s3.list_objects_v2(Bucket=bucket, ContinuationToken=page["NextContinuationToken"])
    assert [o["Key"] for o in page["Contents"] + rest["Contents"]] == keys
    assert rest["ContinuationToken"] == page["NextContinuationToken"]
    paged = [o["Key"] for p in s3.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, PaginationConfig={"PageSize": 1}) for o in p["Contents"]]
    assert paged == keys
    grouped = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Delimiter="/", Prefix="logs/",
                                                                PaginationConfig={"PageSize": 1}))
    assert [p["CommonPrefixes"][0]["Prefix"] for p in grouped if "CommonPrefixes" in p] == ["logs/2024/", "logs/2025/"]
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, StartAfter="logs/2025/z")["Contents"]] == \
        ["logs/top", "zeta"]
    with_owner = s3.list_objects_v2(Bucket=bucket, FetchOwner=True, MaxKeys=1)["Contents"][0]
    assert "ID" in with_owner["Owner"]
    assert "Owner" not in s3.list_objects_v2(Bucket=bucket, MaxKeys=1)["Contents"][0]
    assert s3.list_objects_v2(Bucket=bucket, MaxKeys=0)["KeyCount"] == 0
    item = s3.list_objects_v2(Bucket=bucket, Prefix="zeta")["Contents"][0]
    assert item["Size"] == 1 and item["StorageClass"] == "STANDARD" and item["ETag"] == '"%s"' % hashlib.md5(
        b"1").hexdigest()
    expect_error(s3.list_objects_v2, "InvalidArgument", 400, Bucket=bucket, ContinuationToken="garbage!")
    expect_error(s3.list_objects_v2, "InvalidArgument", 400, Bucket=bucket, MaxKeys=-1)


def test_list_objects_v1_marker(s3, bucket):
    for i in range(5):
        s3.put_object(Bucket=bucket, Key=f"k{i}", Body=b"x")
    page = s3.list_objects(Bucket=bucket, MaxKeys=2)
    assert [o["Key"] for o in page["Contents"]] == ["k0", "k1"] and page["IsTruncated"]
    assert "ID" in page["Contents"][0]["Owner"]
    page = s3.list_objects(Bucket=bucket, Marker="k1", MaxKeys=2)
    assert [o["Key"] for o in page["Contents"]] == ["k2", "k3"]
    assert [o["Key"] for p in s3.get_paginator("list_objects").paginate(
        Bucket=bucket, PaginationConfig={"PageSize": 2}) for o in p["Contents"]] == [f"k{i}" for i in range(5)]
    s3.put_object(Bucket=bucket, Key="d/1", Body=b"x")
    s3.put_object(Bucket=bucket, Key="e/1", Body=b"x")
    grouped = s3.list_objects(Bucket=bucket, Delimiter="/", MaxKeys=1, Marker="c")
    assert grouped["CommonPrefixes"] == [{"Prefix": "d/"}] and grouped["NextMarker"] == "d/"
    grouped = s3.list_objects(Bucket=bucket, Delimiter="/", MaxKeys=1, Marker=grouped["NextMarker"])
    assert grouped["CommonPrefixes"] == [{"Prefix": "e/"}]


WEIRD_KEYS = ["../escape", "a/../../b", "//double//slash", "/leading", "trailing/", "with space", "tab\there",
              "new\nline", "cr\rreturn", "percent%2F%25", "plus+sign", "unicodé/日本語/🙂", "quote\"'<>&", "?query#frag",
              "~tilde", "=eq&amp;", "x" * 1024]


def test_keys_round_trip_exactly(s3, bucket, server):
    for key in WEIRD_KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    for key in WEIRD_KEYS:
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == key.encode(), key
    listed = [o["Key"] for p in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket) for o in p["Contents"]]
    assert listed == sorted(WEIRD_KEYS, key=lambda k: k.encode())
    # botocore asks for encoding-type=url on its own and decodes; asked for explicitly, it does not.
    encoded = s3.list_objects_v2(Bucket=bucket, EncodingType="url")
    assert encoded["EncodingType"] == "url"
    assert [urllib.parse.unquote(o["Key"]) for o in encoded["Contents"]] == listed
    # Without encoding-type the XML itself carries every key exactly (CR as &#13;).
    import xml.etree.ElementTree as ElementTree
    document = ElementTree.fromstring(raw_request(server, "GET", f"/{bucket}?list-type=2")[2])
    namespace = "{http://s3.amazonaws.com/doc/2006-03-01/}"
    assert [e.text for e in document.iter(namespace + "Key")] == listed
    raw = raw_request(server, "GET", f"/{bucket}?list-type=2&encoding-type=url&prefix=plus")[2].decode()
    assert "<Key>plus%2Bsign</Key>" in raw
    raw = raw_request(server, "GET", f"/{bucket}?list-type=2&encoding-type=url&prefix=with")[2].decode()
    assert "<Key>with%20space</Key>" in raw
    # No key touched a path outside the data dir.
    import os
    for root, _, files in os.walk(server.data_dir):
        for name in files:
            assert os.path.realpath(os.path.join(root, name)).startswith(os.path.realpath(server.data_dir))
    expect_error(s3.put_object, "KeyTooLongError", 400, Bucket=bucket, Key="y" * 1025, Body=b"x")


def test_list_object_versions_for_unversioned_buckets(s3, bucket):
    for key in ["a", "b/c", "b/d"]:
        s3.put_object(Bucket=bucket, Key=key, Body=b"v")
    versions = s3.list_object_versions(Bucket=bucket)
    assert [(v["Key"], v["VersionId"], v["IsLatest"]) for v in versions["Versions"]] == \
        [("a", "null", True), ("b/c", "null", True), ("b/d", "null", True)]
    assert "DeleteMarkers" not in versions
    grouped = s3.list_object_versions(Bucket=bucket, Delimiter="/")
    assert [p["Prefix"] for p in grouped["CommonPrefixes"]] == ["b/"]
    page = s3.list_object_versions(Bucket=bucket, MaxKeys=2)
    assert page["IsTruncated"] and page["NextKeyMarker"] == "b/c" and page["NextVersionIdMarker"] == "null"
    page = s3.list_object_versions(Bucket=bucket, KeyMarker="b/c", VersionIdMarker="null")
    assert [v["Key"] for v in page["Versions"]] == ["b/d"]
    # How tools empty a bucket: list versions, delete them by VersionId.
    objects = [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in versions["Versions"]]
    deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": objects})
    assert sorted(d["Key"] for d in deleted["Deleted"]) == ["a", "b/c", "b/d"]
    assert "Versions" not in s3.list_object_versions(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="v", Body=b"x")
    assert s3.get_object(Bucket=bucket, Key="v", VersionId="null")["Body"].read() == b"x"
    expect_error(s3.get_object, "InvalidArgument", 400, Bucket=bucket, Key="v", VersionId="3HL4kqtJlcpXroDTDm")
    s3.delete_object(Bucket=bucket, Key="v", VersionId="null")
    expect_error(s3.head_object, "404", 404, Bucket=bucket, Key="v")

# --- multipart ---


MIB = 1024 * 1024


def test_multipart_upload(s3, bucket):
    key = "big/data.bin"
    upload = s3.create_multipart_upload(Bucket=bucket, Key=key, ContentType="application/x-parquet",
                                        Metadata={"job": "j1"})
    upload_id = upload["UploadId"]
    parts_data = [bytes([65 + i]) * (5 * MIB) for i in range(3)] + [b"last part"]
    etags = []
    for number, data in enumerate(parts_data, start=1):
        etags.append(s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=data)["ETag"])
    # Re-uploading a part replaces it.
    etags[1] = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=2, Body=parts_data[1])["ETag"]
    listed = s3.list_parts(Bucket=bucket, Key=key, UploadId=upload_id, MaxParts=2)
    assert [p["PartNumber"] for p in listed["Parts"]] == [1, 2] and listed["IsTruncated"]
    assert listed["NextPartNumberMarker"] == 2
    rest = s3.list_parts(Bucket=bucket, Key=key, UploadId=upload_id, PartNumberMarker=2)
    assert [(p["PartNumber"], p["Size"]) for p in rest["Parts"]] == [(3, 5 * MIB), (4, 9)]
    uploads = s3.list_multipart_uploads(Bucket=bucket)["Uploads"]
    assert [(u["Key"], u["UploadId"]) for u in uploads] == [(key, upload_id)]
    parts = [{"PartNumber": n, "ETag": e} for n, e in enumerate(etags, start=1)]
    done = s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts})
    expected_etag = hashlib.md5(b"".join(hashlib.md5(d).digest() for d in parts_data)).hexdigest() + "-4"
    assert done["ETag"] == f'"{expected_etag}"'
    assert done["Bucket"] == bucket and done["Key"] == key
    got = s3.get_object(Bucket=bucket, Key=key)
    assert got["Body"].read() == b"".join(parts_data)
    assert got["ContentType"] == "application/x-parquet" and got["Metadata"] == {"job": "j1"}
    part = s3.get_object(Bucket=bucket, Key=key, PartNumber=2)
    assert part["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert part["PartsCount"] == 4 and part["ContentRange"] == f"bytes {5 * MIB}-{10 * MIB - 1}/{15 * MIB + 9}"
    assert part["Body"].read() == parts_data[1]
    expect_error(s3.get_object, "InvalidPartNumber", 416, Bucket=bucket, Key=key, PartNumber=5)
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    expect_error(s3.list_parts, "NoSuchUpload", 404, Bucket=bucket, Key=key, UploadId=upload_id)


def test_part_number_one_of_a_single_part_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="single", Body=b"0123456789")
    part = s3.get_object(Bucket=bucket, Key="single", PartNumber=1)
    assert part["ResponseMetadata"]["HTTPStatusCode"] == 206 and part["ContentRange"] == "bytes 0-9/10"
    expect_error(s3.get_object, "InvalidPartNumber", 416, Bucket=bucket, Key="single", PartNumber=2)


def test_multipart_errors(s3, bucket):
    key = "mp/errors"
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
    small = [s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=n, Body=b"tiny")["ETag"]
             for n in (1, 2)]
    response = expect_error(s3.complete_multipart_upload, "EntityTooSmall", 400, Bucket=bucket, Key=key,
                            UploadId=upload_id, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": small[0]},
                                                                           {"PartNumber": 2, "ETag": small[1]}]})
    assert response["Error"]["MinSizeAllowed"] == str(5 * MIB)
    expect_error(s3.complete_multipart_upload, "InvalidPart", 400, Bucket=bucket, Key=key, UploadId=upload_id,
                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": '"ffffffffffffffffffffffffffffffff"'}]})
    expect_error(s3.complete_multipart_upload, "InvalidPart", 400, Bucket=bucket, Key=key, UploadId=upload_id,
                 MultipartUpload={"Parts": [{"PartNumber": 3, "ETag": small[0]}]})
    expect_error(s3.complete_multipart_upload, "InvalidPartOrder", 400, Bucket=bucket, Key=key, UploadId=upload_id,
                 MultipartUpload={"Parts": [{"PartNumber": 2, "ETag": small[1]}, {"PartNumber": 1, "ETag": small[0]}]})
    expect_error(s3.upload_part, "InvalidArgument", 400, Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=10001,
                 Body=b"x")
    expect_error(s3.upload_part, "NoSuchUpload", 404, Bucket=bucket, Key=key, UploadId="not-an-upload",
                 PartNumber=1, Body=b"x")
    expect_error(s3.upload_part, "NoSuchUpload", 404, Bucket=bucket, Key="other-key", UploadId=upload_id,
                 PartNumber=1, Body=b"x")
    s3.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
    expect_error(s3.abort_multipart_upload, "NoSuchUpload", 404, Bucket=bucket, Key=key, UploadId=upload_id)
    expect_error(s3.complete_multipart_upload, "NoSuchUpload", 404, Bucket=bucket, Key=key, UploadId=upload_id,
                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": small[0]}]})


def test_complete_multipart_is_conditional(s3, bucket):
    s3.put_object(Bucket=bucket, Key="exists", Body=b"old")
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="exists")["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key="exists", UploadId=upload_id, PartNumber=1, Body=b"new")["ETag"]
    undo = with_headers(s3, "CompleteMultipartUpload", {"If-None-Match": "*"})
    try:
        expect_error(s3.complete_multipart_upload, "PreconditionFailed", 412, Bucket=bucket, Key="exists",
                     UploadId=upload_id, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    finally:
        undo()
    assert s3.get_object(Bucket=bucket, Key="exists")["Body"].read() == b"old"
    s3.complete_multipart_upload(Bucket=bucket, Key="exists", UploadId=upload_id,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert s3.get_object(Bucket=bucket, Key="exists")["Body"].read() == b"new"


def test_upload_part_copy_with_range(s3, bucket):
    source = bytes(range(256)) * (6 * 4096)  # 6 MiB
    s3.put_object(Bucket=bucket, Key="copy-source", Body=source)
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="assembled")["UploadId"]
    first = s3.upload_part_copy(Bucket=bucket, Key="assembled", UploadId=upload_id, PartNumber=1,
                                CopySource={"Bucket": bucket, "Key": "copy-source"},
                                CopySourceRange=f"bytes=0-{5 * MIB - 1}")
    second = s3.upload_part_copy(Bucket=bucket, Key="assembled", UploadId=upload_id, PartNumber=2,
                                 CopySource=f"{bucket}/copy-source", CopySourceRange="bytes=100-199")
    assert first["CopyPartResult"]["ETag"] == '"%s"' % hashlib.md5(source[:5 * MIB]).hexdigest()
    s3.complete_multipart_upload(Bucket=bucket, Key="assembled", UploadId=upload_id, MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": first["CopyPartResult"]["ETag"]},
        {"PartNumber": 2, "ETag": second["CopyPartResult"]["ETag"]}]})
    assert s3.get_object(Bucket=bucket, Key="assembled")["Body"].read() == source[:5 * MIB] + source[100:200]
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="bad-range")["UploadId"]
    expect_error(s3.upload_part_copy, "InvalidArgument", 400, Bucket=bucket, Key="bad-range", UploadId=upload_id,
                 PartNumber=1, CopySource=f"{bucket}/copy-source", CopySourceRange=f"bytes=0-{len(source)}")
    expect_error(s3.upload_part_copy, "PreconditionFailed", 412, Bucket=bucket, Key="bad-range", UploadId=upload_id,
                 PartNumber=1, CopySource=f"{bucket}/copy-source", CopySourceIfMatch='"abc"')
    s3.abort_multipart_upload(Bucket=bucket, Key="bad-range", UploadId=upload_id)


def test_list_multipart_uploads_grouping(s3, bucket):
    ids = {}
    for key in ["a/1", "a/2", "b", "b", "c/d/e"]:
        ids.setdefault(key, []).append(s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"])
    listing = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/")
    assert [(u["Key"], u["UploadId"]) for u in listing["Uploads"]] == [("b", ids["b"][0]), ("b", ids["b"][1])]
    assert [p["Prefix"] for p in listing["CommonPrefixes"]] == ["a/", "c/"]
    page = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=3)
    assert page["IsTruncated"] and page["NextKeyMarker"] == "b" and page["NextUploadIdMarker"] == ids["b"][0]
    rest = s3.list_multipart_uploads(Bucket=bucket, KeyMarker=page["NextKeyMarker"],
                                     UploadIdMarker=page["NextUploadIdMarker"])
    assert [u["UploadId"] for u in rest["Uploads"]] == [ids["b"][1], ids["c/d/e"][0]]
    for key, upload_ids in ids.items():
        for upload_id in upload_ids:
            s3.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)

# --- protocol errors ---


def test_method_not_allowed_and_unknown_subresources(server, bucket):
    status, _, body = raw_request(server, "POST", f"/{bucket}/key")
    assert status == 405 and error_code(body) == "MethodNotAllowed"
    status, _, body = raw_request(server, "PATCH", f"/{bucket}")
    assert status == 405 and error_code(body) == "MethodNotAllowed"
    status, _, body = raw_request(server, "GET", f"/{bucket}?inventory")
    assert status == 501 and error_code(body) == "NotImplemented"


def test_authentication_failures(server, bucket):
    status, _, body = raw_request(server, "GET", f"/{bucket}", sign=False)
    assert status == 403 and error_code(body) == "AccessDenied"
    status, _, body = raw_request(server, "GET", f"/{bucket}", secret_key="wrong-secret")
    assert status == 403 and error_code(body) == "SignatureDoesNotMatch"
    bad = server.client("s3", secret_key="wrong-secret")
    expect_error(bad.list_objects_v2, "SignatureDoesNotMatch", 403, Bucket=bucket)


def test_buckets_of_another_account(server, s3, bucket):
    import subprocess
    out = subprocess.run([server.binary, "keys", "--data-dir", server.data_dir, "create", "--user", "mallory",
                          "--account-id", "111111111111"], capture_output=True, text=True, check=True).stdout
    values = dict(line.split("=", 1) for line in out.strip().splitlines())
    time.sleep(2.5)  # the server reloads its keys every two seconds
    other = server.client("s3", access_key=values["AWS_ACCESS_KEY_ID"], secret_key=values["AWS_SECRET_ACCESS_KEY"])
    s3.put_object(Bucket=bucket, Key="mine", Body=b"private")
    expect_error(other.create_bucket, "BucketAlreadyExists", 409, Bucket=bucket)
    assert bucket not in [b["Name"] for b in other.list_buckets()["Buckets"]]
    for call, kwargs in [(other.get_object, {"Key": "mine"}), (other.put_object, {"Key": "theirs", "Body": b"x"}),
                         (other.delete_object, {"Key": "mine"}), (other.list_objects_v2, {}),
                         (other.delete_bucket, {}), (other.create_multipart_upload, {"Key": "theirs"}),
                         (other.copy_object, {"Key": "stolen", "CopySource": {"Bucket": bucket, "Key": "mine"}})]:
        target = bucket
        if call == other.copy_object:
            other.create_bucket(Bucket=bucket + "-x")
            target = bucket + "-x"
        expect_error(call, "AccessDenied", 403, Bucket=target, **kwargs)
    other.delete_bucket(Bucket=bucket + "-x")
    assert s3.get_object(Bucket=bucket, Key="mine")["Body"].read() == b"private"
    expect_error(s3.head_object, "404", 404, Bucket=bucket, Key="theirs")
    # x-amz-expected-bucket-owner guards the owner's own requests too.
    owner = s3.get_bucket_acl(Bucket=bucket)["Owner"]["DisplayName"]
    s3.list_objects_v2(Bucket=bucket, ExpectedBucketOwner=owner)
    expect_error(s3.list_objects_v2, "AccessDenied", 403, Bucket=bucket, ExpectedBucketOwner="111111111111")
    subprocess.run([server.binary, "keys", "--data-dir", server.data_dir, "delete", values["AWS_ACCESS_KEY_ID"]],
                   check=True)


def test_odd_keys_through_copy_part_copy_and_batch_delete(s3, bucket):
    keys = ["a b+c%25/日本?#x", "../x", "plus+", "sp ace", "q?versionId=1", "~/tilde"]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
        s3.copy_object(Bucket=bucket, Key="copy/" + key, CopySource={"Bucket": bucket, "Key": key})
        assert s3.get_object(Bucket=bucket, Key="copy/" + key)["Body"].read() == key.encode(), key
        upload_id = s3.create_multipart_upload(Bucket=bucket, Key="mp/" + key)["UploadId"]
        part = s3.upload_part_copy(Bucket=bucket, Key="mp/" + key, UploadId=upload_id, PartNumber=1,
                                   CopySource={"Bucket": bucket, "Key": key})
        s3.complete_multipart_upload(Bucket=bucket, Key="mp/" + key, UploadId=upload_id, MultipartUpload={
            "Parts": [{"PartNumber": 1, "ETag": part["CopyPartResult"]["ETag"]}]})
        assert s3.get_object(Bucket=bucket, Key="mp/" + key)["Body"].read() == key.encode(), key
    deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys]})["Deleted"]
    assert sorted(d["Key"] for d in deleted) == sorted(keys)
    for key in keys:
        expect_error(s3.head_object, "404", 404, Bucket=bucket, Key=key)
