"""Hostile and broken requests: malformed and abusive XML, absurd Content-Length values, bodies cut
short, wrong payload hashes and checksums, huge header sections, keys S3 cannot carry. Each gets
a clear S3 error, nothing partial is stored, and the server keeps serving.
"""
import base64
import hashlib
import socket
import threading
import time

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
        assert status == 400, response
        assert error_code(response) in ("InvalidRequest", "IncompleteBody"), response
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
