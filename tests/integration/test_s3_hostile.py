"""Hostile and broken requests: malformed and abusive XML, absurd Content-Length values, bodies cut
short, wrong payload hashes and checksums, huge header sections, keys S3 cannot carry. Each gets
a clear S3 error, nothing partial is stored, and the server keeps serving.
"""
import base64
import hashlib
import socket
import threading
import time
import urllib.parse
import zlib

import pytest

from test_s3_wire import error_code, raw_request, signed_headers


@pytest.fixture(scope="module")
def s3(server):
    client = server.client("s3")
    client.create_bucket(Bucket="hostile")
    return client


def md5_header(body):
    return {"Content-MD5": base64.b64encode(hashlib.md5(body).digest()).decode()}


def assert_still_serving(server, s3):
    assert server.process.poll() is None, server.stderr()
    s3.put_object(Bucket="hostile", Key="canary", Body=b"alive")
    assert s3.get_object(Bucket="hostile", Key="canary")["Body"].read() == b"alive"


def send_raw(server, data, read_timeout=10):
    """Writes raw bytes on a fresh connection and returns what the server answers before closing.
    A reader runs while the bytes go out, so an answer sent before the server stops reading (and
    resets the connection) is still seen."""
    chunks = []
    with socket.create_connection(("127.0.0.1", server.port), timeout=read_timeout) as connection:
        def read():
            try:
                while True:
                    chunk = connection.recv(65536)
                    if not chunk:
                        return
                    chunks.append(chunk)
            except OSError:
                return
        reader = threading.Thread(target=read)
        reader.start()
        try:
            connection.sendall(data)
            connection.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered and closed before taking everything
        reader.join(read_timeout + 5)
    return b"".join(chunks)


@pytest.mark.parametrize("body", [
    b"not xml at all",
    b"<Delete><Object><Key>unterminated",
    b"<?xml version='1.0'?><Wrong><Object><Key>a</Key></Object></Wrong>",
    b"<Delete></Delete>",
    b"<Delete><Object></Object></Delete>",
    b"<Delete>" + b"<a>" * 50000 + b"</a>" * 50000 + b"</Delete>",
    b"<?xml version='1.0'?><!DOCTYPE d [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
    b"<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'><!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'>]>"
    b"<Delete><Object><Key>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</Key></Object></Delete>",
], ids=["garbage", "truncated", "wrong-root", "no-objects", "no-key", "deep-nesting", "entity-expansion"])
def test_malformed_delete_xml(server, s3, body):
    status, _, response = raw_request(server, "POST", "/hostile?delete", md5_header(body), body)
    if status == 200:
        # An XML parser that does not expand DTD entities sees a literal key: nothing existed.
        assert b"<Deleted>" in response and len(response) < 10000
    else:
        assert status == 400 and error_code(response) == "MalformedXML", response
    assert_still_serving(server, s3)


def test_malformed_complete_multipart_xml(server, s3):
    upload_id = s3.create_multipart_upload(Bucket="hostile", Key="mp")["UploadId"]
    for body in [b"<CompleteMultipartUpload><Part><PartNumber>x</PartNumber></Part></CompleteMultipartUpload>",
                 b"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>",
                 b"<CompleteMultipartUpload/>", b"\x00\xff\xfe"]:
        status, _, response = raw_request(server, "POST", f"/hostile/mp?uploadId={upload_id}", {}, body)
        assert status == 400 and error_code(response) == "MalformedXML", response
    status, _, response = raw_request(server, "PUT", "/hostile-config", {}, b"<CreateBucketConfiguration><Location")
    assert status == 400 and error_code(response) == "MalformedXML"
    s3.abort_multipart_upload(Bucket="hostile", Key="mp", UploadId=upload_id)


def test_xml_body_over_the_limit(server, s3):
    body = b"<Delete>" + b"<Object><Key>k</Key></Object>" * 200000 + b"</Delete>"
    status, _, response = raw_request(server, "POST", "/hostile?delete", md5_header(body), body)
    assert status == 400 and error_code(response) == "MaxMessageLengthExceeded"
    assert_still_serving(server, s3)


def test_delete_objects_requires_an_integrity_header(server, s3):
    body = b"<Delete><Object><Key>a</Key></Object></Delete>"
    status, _, response = raw_request(server, "POST", "/hostile?delete", {}, body)
    assert status == 400 and error_code(response) == "InvalidRequest"
    status, _, response = raw_request(server, "POST", "/hostile?delete", md5_header(b"other"), body)
    assert status == 400 and error_code(response) == "BadDigest"


@pytest.mark.parametrize("length", [str(6 * 1024 ** 3), str(10 ** 18), "99999999999999999999999"])
def test_absurd_content_length_is_refused_without_reading(server, s3, length):
    path = "/hostile/absurd"
    headers = signed_headers("PUT", f"http://127.0.0.1:{server.port}{path}", {"Content-Length": length},
                             payload_hash="UNSIGNED-PAYLOAD")
    request = f"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    started = time.time()
    answer = send_raw(server, request.encode() + b"only a few bytes")
    assert time.time() - started < 10
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert b"EntityTooLarge" in answer or b"BadRequest" in answer
    assert_still_serving(server, s3)


def test_body_cut_short_stores_nothing(server, s3):
    path = "/hostile/truncated"
    headers = signed_headers("PUT", f"http://127.0.0.1:{server.port}{path}", {"Content-Length": "100000"},
                             payload_hash="UNSIGNED-PAYLOAD")
    request = f"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    send_raw(server, request.encode() + b"x" * 5000)
    time.sleep(0.2)
    status, _, _ = raw_request(server, "HEAD", path)
    assert status == 404
    assert_still_serving(server, s3)


def test_payload_hash_mismatch_stores_nothing(server, s3):
    body = b"the real body"
    status, _, response = raw_request(server, "PUT", "/hostile/sha", {}, body,
                                      payload_hash=hashlib.sha256(b"another body").hexdigest())
    assert status == 400 and error_code(response) == "XAmzContentSHA256Mismatch"
    assert raw_request(server, "HEAD", "/hostile/sha")[0] == 404


def test_wrong_checksums(server, s3):
    body = b"data" * 1000
    for name, value in [("x-amz-checksum-crc32", base64.b64encode(b"\x00\x00\x00\x00").decode()),
                        ("x-amz-checksum-sha256", base64.b64encode(hashlib.sha256(b"x").digest()).decode()),
                        ("Content-MD5", base64.b64encode(hashlib.md5(b"x").digest()).decode())]:
        status, _, response = raw_request(server, "PUT", "/hostile/checksum", {name: value}, body)
        assert status == 400 and error_code(response) == "BadDigest", (name, response)
    for name, value in [("x-amz-checksum-crc32", "AAAA"), ("x-amz-checksum-crc64nvme", "@@@@")]:
        status, _, response = raw_request(server, "PUT", "/hostile/checksum", {name: value}, body)
        assert status == 400 and error_code(response) == "InvalidRequest", (name, response)
    assert raw_request(server, "HEAD", "/hostile/checksum")[0] == 404


def test_broken_aws_chunked_framing(server, s3):
    for body in [b"zz\r\nabc\r\n0\r\n\r\n", b"3\r\nabcdef\r\n0\r\n\r\n", b"ffffffffff\r\nabc", b"3\r\nab"]:
        status, _, response = raw_request(server, "PUT", "/hostile/chunked", {
            "Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": "3"}, body,
            payload_hash="STREAMING-UNSIGNED-PAYLOAD-TRAILER")
        assert status == 400 and error_code(response) == "IncompleteBody", response
    assert raw_request(server, "HEAD", "/hostile/chunked")[0] == 404
    assert_still_serving(server, s3)


def test_huge_header_sections(server, s3):
    many = "".join(f"x-junk-{i}: {'v' * 40}\r\n" for i in range(3000))
    answer = send_raw(server, f"GET /hostile HTTP/1.1\r\nHost: x\r\n{many}\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 400") and b"RequestHeaderSectionTooLarge" in answer
    metadata = {f"x-amz-meta-field{i}": "v" * 10 for i in range(300)}
    status, _, response = raw_request(server, "PUT", "/hostile/meta", metadata, b"x")
    assert status == 400 and error_code(response) == "MetadataTooLarge"
    assert_still_serving(server, s3)


@pytest.mark.parametrize("encoded_key", ["a%00b", "a%01b", "bell%07", "esc%1B", "bad-utf8-%FF%FE", "%C0%AF"])
def test_keys_s3_cannot_carry(server, s3, encoded_key):
    status, _, response = raw_request(server, "PUT", f"/hostile/{encoded_key}", {}, b"x")
    assert status == 400 and error_code(response) == "InvalidArgument", response
    status, _, response = raw_request(server, "GET", f"/hostile/{encoded_key}")
    assert status == 400


def test_garbage_requests(server, s3):
    assert send_raw(server, b"GARBAGE\r\n\r\n").startswith(b"HTTP/1.1 400")
    status, _, response = raw_request(server, "GET", "/hostile/%zz")
    assert status == 400 and error_code(response) == "InvalidURI"
    status, _, response = raw_request(server, "GET", "/hostile?list-type=2&max-keys=abc")
    assert status == 400 and error_code(response) == "InvalidArgument"
    status, _, response = raw_request(server, "GET", "/hostile?list-type=2&encoding-type=base64")
    assert status == 400 and error_code(response) == "InvalidArgument"
    status, _, response = raw_request(server, "PUT", "/hostile/copy", {"x-amz-copy-source": "no-slash"})
    assert status == 400 and error_code(response) == "InvalidArgument"
    status, _, response = raw_request(server, "PUT", "/hostile/x?partNumber=0&uploadId=abc", {}, b"x")
    assert status == 400 and error_code(response) == "InvalidArgument"
    path = "/hostile/missing-length"
    headers = signed_headers("PUT", f"http://127.0.0.1:{server.port}{path}", {"Transfer-Encoding": "chunked"},
                             payload_hash="UNSIGNED-PAYLOAD")
    request = f"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    answer = send_raw(server, request.encode() + b"3\r\nabc\r\n0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 411") and b"MissingContentLength" in answer
    assert_still_serving(server, s3)


# --- ranges S3 cannot serve ---


@pytest.fixture(scope="module")
def hundred_bytes(s3):
    body = bytes(range(100))
    s3.put_object(Bucket="hostile", Key="hundred", Body=body)
    s3.put_object(Bucket="hostile", Key="empty", Body=b"")
    return body


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=200-300", "bytes=-0", "bytes=99999999999-"])
def test_unsatisfiable_ranges_are_416_with_the_object_size(server, s3, hundred_bytes, header):
    status, headers, response = raw_request(server, "GET", "/hostile/hundred", {"Range": header})
    assert status == 416 and error_code(response) == "InvalidRange", response
    assert headers["content-range"] == "bytes */100"
    status, headers, response = raw_request(server, "HEAD", "/hostile/hundred", {"Range": header})
    assert status == 416 and response == b"" and headers["content-range"] == "bytes */100"


def test_any_range_of_an_empty_object_is_416(server, s3, hundred_bytes):
    for header in ["bytes=0-", "bytes=0-0", "bytes=-1"]:
        status, headers, response = raw_request(server, "GET", "/hostile/empty", {"Range": header})
        assert status == 416 and error_code(response) == "InvalidRange"
        assert headers["content-range"] == "bytes */0"


@pytest.mark.parametrize("header", ["bytes=5-2", "bytes=0-1,5-6", "bytes=abc", "items=0-3", "bytes=", "bytes=-",
                                    "bytes=--5", "bytes=1-2-3", "bytes=99999999999999999999999-"])
def test_ranges_s3_cannot_read_return_the_whole_object(server, s3, hundred_bytes, header):
    status, headers, response = raw_request(server, "GET", "/hostile/hundred", {"Range": header})
    assert status == 200 and response == hundred_bytes, (status, response[:200])
    assert "content-range" not in headers


def test_part_number_past_the_parts_is_416(server, s3, hundred_bytes):
    status, _, response = raw_request(server, "GET", "/hostile/hundred?partNumber=2")
    assert status == 416 and error_code(response) == "InvalidPartNumber"
    for bad in ["0", "10001", "x", "-1"]:
        status, _, response = raw_request(server, "GET", f"/hostile/hundred?partNumber={bad}")
        assert status == 400 and error_code(response) == "InvalidArgument", (bad, response)


@pytest.mark.parametrize("header", ["bytes=0-", "bytes=-10", "0-5", "bytes=5-2", "bytes=0-1,3-4", "bytes=0-100",
                                    "bytes=100-100"])
def test_bad_copy_source_ranges_are_invalid_argument(server, s3, hundred_bytes, header):
    upload_id = s3.create_multipart_upload(Bucket="hostile", Key="range-copy")["UploadId"]
    status, _, response = raw_request(server, "PUT", f"/hostile/range-copy?partNumber=1&uploadId={upload_id}", {
        "x-amz-copy-source": "hostile/hundred", "x-amz-copy-source-range": header})
    assert status == 400 and error_code(response) == "InvalidArgument", response
    assert s3.list_parts(Bucket="hostile", Key="range-copy", UploadId=upload_id).get("Parts", []) == []
    s3.abort_multipart_upload(Bucket="hostile", Key="range-copy", UploadId=upload_id)


# --- signatures ---


def test_bad_signatures_get_aws_codes(server, s3, hundred_bytes):
    url = f"http://127.0.0.1:{server.port}/hostile/hundred"
    headers = signed_headers("GET", url, access_key="AKIANOSUCHKEY0000000")
    status, _, response = raw_request(server, "GET", "/hostile/hundred", headers, sign=False)
    assert status == 403 and error_code(response) == "InvalidAccessKeyId"
    headers = signed_headers("GET", url, {"x-amz-meta-signed": "1"})
    headers["x-amz-meta-signed"] = "2"  # changed after signing
    status, _, response = raw_request(server, "GET", "/hostile/hundred", headers, sign=False)
    assert status == 403 and error_code(response) == "SignatureDoesNotMatch"
    headers = signed_headers("GET", url)
    status, _, response = raw_request(server, "GET", "/hostile/empty", headers, sign=False)  # signed for another key
    assert status == 403 and error_code(response) == "SignatureDoesNotMatch"
    for authorization in ["AWS4-HMAC-SHA256 garbage", "AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host",
                          "AWS4-HMAC-SHA256 Credential=AKIA/2020/us-east-1/s3/aws4_request, SignedHeaders=, Signature=0"]:
        headers = signed_headers("GET", url)
        headers["Authorization"] = authorization
        status, _, response = raw_request(server, "GET", "/hostile/hundred", headers, sign=False)
        assert status == 400 and error_code(response) == "AuthorizationHeaderMalformed", (authorization, response)
    assert_still_serving(server, s3)


def test_bad_presigned_urls_get_aws_codes(server, s3, hundred_bytes):
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "hostile", "Key": "hundred"})
    path = url[len(server.endpoint):]
    assert raw_request(server, "GET", path, sign=False)[2] == hundred_bytes
    signature = path.rsplit("X-Amz-Signature=", 1)[1][:64]
    tampered = path.replace(signature, ("0" if signature[0] != "0" else "1") + signature[1:])
    status, _, response = raw_request(server, "GET", tampered, sign=False)
    assert status == 403 and error_code(response) == "SignatureDoesNotMatch"
    status, _, response = raw_request(server, "GET", path.replace("/hostile/hundred", "/hostile/empty"), sign=False)
    assert status == 403 and error_code(response) == "SignatureDoesNotMatch"
    too_long = s3.generate_presigned_url("get_object", Params={"Bucket": "hostile", "Key": "hundred"}, ExpiresIn=604801)
    status, _, response = raw_request(server, "GET", too_long[len(server.endpoint):], sign=False)
    assert status == 400 and error_code(response) == "AuthorizationQueryParametersError"
    # A presigned PUT URL does not let its holder write another key.
    put_url = s3.generate_presigned_url("put_object", Params={"Bucket": "hostile", "Key": "granted"})
    status, _, response = raw_request(server, "PUT", put_url[len(server.endpoint):].replace("granted", "other"),
                                      {}, b"x", sign=False)
    assert status == 403 and error_code(response) == "SignatureDoesNotMatch"
    assert raw_request(server, "HEAD", "/hostile/other")[0] == 404


# --- keys that look like paths, and long keys ---


ESCAPE_PATHS = ["../../../../etc/passwd", "..", ".", "./x", "a/../../b", "../hostile-escape/..", "..\\..\\win",
                "%2e%2e/encoded"]


def test_path_like_keys_are_opaque_and_stay_inside_the_data_dir(server, s3):
    import os
    outside = os.path.dirname(os.path.realpath(server.data_dir))
    # Names a key could create next to the data dir if it escaped (other processes share /tmp).
    candidates = {"etc", "passwd", "hostile-escape", "..\\..\\win", "encoded", "%2e%2e", "x", "b"}
    before = candidates & set(os.listdir(outside))
    for key in ESCAPE_PATHS:
        # Sent as SDKs send them: '/' and '.' unescaped, so nothing normalises the path on the way.
        status, _, response = raw_request(server, "PUT", "/hostile/" + urllib.parse.quote(key, safe="/~"), {},
                                          key.encode())
        assert status == 200, (key, response)
    for key in ESCAPE_PATHS:
        assert s3.get_object(Bucket="hostile", Key=key)["Body"].read() == key.encode(), key
    listed = {o["Key"] for o in s3.list_objects_v2(Bucket="hostile")["Contents"]}
    assert set(ESCAPE_PATHS) <= listed
    assert candidates & set(os.listdir(outside)) == before
    for root, dirs, files in os.walk(server.data_dir):
        for name in dirs + files:
            assert os.path.realpath(os.path.join(root, name)).startswith(os.path.realpath(server.data_dir))
            assert name not in ("passwd", "win", "encoded", "b")
    # A path that climbs out of the bucket names another bucket, which does not exist.
    status, _, response = raw_request(server, "GET", "/../hostile/x")
    assert status == 404 and error_code(response) == "NoSuchBucket"
    s3.delete_objects(Bucket="hostile", Delete={"Objects": [{"Key": k} for k in ESCAPE_PATHS]})


def test_key_length_is_counted_in_utf8_bytes(server, s3):
    smile = "\U0001F642"  # four bytes in UTF-8
    s3.put_object(Bucket="hostile", Key=smile * 256, Body=b"1024 bytes")
    assert s3.get_object(Bucket="hostile", Key=smile * 256)["Body"].read() == b"1024 bytes"
    for key in [smile * 257, "k" * 1025, "k" * 8000]:
        status, _, response = raw_request(server, "PUT", "/hostile/" + urllib.parse.quote(key), {}, b"x")
        assert status == 400 and error_code(response) == "KeyTooLongError", response
        status, _, response = raw_request(server, "POST", "/hostile/" + urllib.parse.quote(key) + "?uploads")
        assert status == 400 and error_code(response) == "KeyTooLongError"
    s3.delete_object(Bucket="hostile", Key=smile * 256)


def test_a_request_line_past_every_limit_is_refused(server, s3):
    answer = send_raw(server, b"GET /hostile/" + b"k" * 200000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400") and b"RequestHeaderSectionTooLarge" in answer, answer[:200]
    assert_still_serving(server, s3)


# --- bucket names ---


@pytest.mark.parametrize("name", ["..", ".", "a..b", "bucket.", ".bucket", "sthree-bucket", "amzn-s3-demo-x",
                                  "name--ol-s3", "name.mrap", "name--x-s3", "with space", "ünïcode", "a" * 300])
def test_more_invalid_bucket_names(server, s3, name):
    status, _, response = raw_request(server, "PUT", "/" + urllib.parse.quote(name, safe=""))
    assert status == 400 and error_code(response) == "InvalidBucketName", (name, response)
    assert name not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


# --- oversized header values and bodies ---


def test_one_huge_header_value(server, s3):
    answer = send_raw(server, b"GET /hostile HTTP/1.1\r\nHost: x\r\nx-big: " + b"v" * 200000 + b"\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400") and b"RequestHeaderSectionTooLarge" in answer
    status, _, response = raw_request(server, "PUT", "/hostile/meta", {"x-amz-meta-one": "v" * 3000}, b"x")
    assert status == 400 and error_code(response) == "MetadataTooLarge"
    assert_still_serving(server, s3)


def test_upload_part_over_five_gib_is_entity_too_large(server, s3):
    upload_id = s3.create_multipart_upload(Bucket="hostile", Key="big-part")["UploadId"]
    path = f"/hostile/big-part?partNumber=1&uploadId={upload_id}"
    headers = signed_headers("PUT", f"http://127.0.0.1:{server.port}{path}", {"Content-Length": str(5 * 1024 ** 3 + 1)},
                             payload_hash="UNSIGNED-PAYLOAD")
    request = f"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    answer = send_raw(server, request.encode() + b"x" * 1000)
    assert answer.startswith(b"HTTP/1.1 400") and b"EntityTooLarge" in answer, answer[:300]
    s3.abort_multipart_upload(Bucket="hostile", Key="big-part", UploadId=upload_id)
    assert_still_serving(server, s3)


# --- aws-chunked bodies that do not add up ---


def chunked_put(server, key, body, headers):
    return raw_request(server, "PUT", f"/hostile/{key}", {"Content-Encoding": "aws-chunked", **headers}, body,
                       payload_hash="STREAMING-UNSIGNED-PAYLOAD-TRAILER")


def test_decoded_length_must_match_the_chunks(server, s3):
    for declared in ["10", "2"]:
        status, _, response = chunked_put(server, "decoded", b"3\r\nabc\r\n0\r\n\r\n",
                                          {"x-amz-decoded-content-length": declared})
        assert status == 400 and error_code(response) == "IncompleteBody", (declared, response)
    for declared in ["abc", "-1", ""]:
        status, _, response = chunked_put(server, "decoded", b"3\r\nabc\r\n0\r\n\r\n",
                                          {"x-amz-decoded-content-length": declared})
        assert status == 411 and error_code(response) == "MissingContentLength", (declared, response)
    assert raw_request(server, "HEAD", "/hostile/decoded")[0] == 404


def test_trailers_that_do_not_match_x_amz_trailer(server, s3):
    crc = base64.b64encode(zlib.crc32(b"abc").to_bytes(4, "big")).decode()
    cases = [
        ({"x-amz-trailer": "x-amz-checksum-crc32"}, b"0\r\n\r\n"),  # announced, never sent
        ({"x-amz-trailer": "x-amz-checksum-crc32"}, b"0\r\nx-amz-checksum-sha1:" + crc.encode() + b"\r\n\r\n"),
        ({"x-amz-trailer": "x-amz-checksum-crc32"}, b"0\r\nno colon here\r\n\r\n"),
        ({}, b"0\r\nx-amz-checksum-crc32:" + crc.encode() + b"\r\n\r\n"),  # sent, never announced
    ]
    for headers, tail in cases:
        status, _, response = chunked_put(server, "trailer", b"3\r\nabc\r\n" + tail,
                                          {"x-amz-decoded-content-length": "3", **headers})
        assert status == 400 and error_code(response) == "MalformedTrailerError", (headers, tail, response)
    assert raw_request(server, "HEAD", "/hostile/trailer")[0] == 404
    assert_still_serving(server, s3)
