"""S3 on the wire, as current SDKs send it: checksums in headers and as aws-chunked trailers
(STREAMING-UNSIGNED-PAYLOAD-TRAILER and STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, encoded here
by hand and signed with botocore's SigV4 classes, because Debian's boto3 1.26 predates them),
Content-MD5, stored checksums returned with x-amz-checksum-mode: ENABLED, multipart composite
and full-object checksums, presigned URLs fetched with plain HTTP, and virtual-host style
addressing.

The helpers at the top (signed raw requests, aws-chunked encoders, reference CRC
implementations) are imported by the other test_s3_* modules.
"""
import base64
import hashlib
import hmac
import http.client
import socket
import time
import urllib.error
import urllib.request
import zlib
from urllib.parse import quote

import boto3
import botocore.config
import botocore.signers
import pytest
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from sluice_server import ACCESS_KEY, REGION, SECRET_KEY

# --- reference checksums (independent of the server's implementation) ---


def _reflected_table(poly, width):
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ poly if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC32C_TABLE = _reflected_table(0x82F63B78, 32)
_CRC64_TABLE = _reflected_table(0x9A6C9329AC4BC9B5, 64)


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc = _CRC32C_TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def crc64nvme(data):
    crc = 0xFFFFFFFFFFFFFFFF
    for b in data:
        crc = _CRC64_TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFFFFFFFFFF


def checksum_raw(algorithm, data):
    """Raw big-endian bytes of S3's checksum `algorithm` over `data`."""
    if algorithm == "CRC32":
        return (zlib.crc32(data) & 0xFFFFFFFF).to_bytes(4, "big")
    if algorithm == "CRC32C":
        return crc32c(data).to_bytes(4, "big")
    if algorithm == "CRC64NVME":
        return crc64nvme(data).to_bytes(8, "big")
    if algorithm == "SHA1":
        return hashlib.sha1(data).digest()
    if algorithm == "SHA256":
        return hashlib.sha256(data).digest()
    raise ValueError(algorithm)


def checksum_b64(algorithm, data):
    return base64.b64encode(checksum_raw(algorithm, data)).decode()


ALGORITHMS = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"]

# --- signed raw requests ---


class _FixedPayloadAuth(S3SigV4Auth):
    """S3 SigV4 that signs the given x-amz-content-sha256 value (STREAMING-..., UNSIGNED-PAYLOAD)."""

    def __init__(self, credentials, payload_hash):
        super().__init__(credentials, "s3", REGION)
        self._payload_hash = payload_hash

    def payload(self, request):
        return self._payload_hash if self._payload_hash is not None else super().payload(request)


def signed_headers(method, url, headers=None, body=b"", payload_hash=None, access_key=ACCESS_KEY,
                   secret_key=SECRET_KEY):
    """Headers (with Authorization) for a SigV4-signed request; `payload_hash` overrides the body hash."""
    request = AWSRequest(method=method, url=url, data=body, headers=dict(headers or {}))
    _FixedPayloadAuth(Credentials(access_key, secret_key), payload_hash).add_auth(request)
    return dict(request.headers.items())


def raw_request(server, method, path, headers=None, body=b"", sign=True, payload_hash=None, host=None,
                secret_key=SECRET_KEY, timeout=60):
    """Sends one request over a fresh connection; returns (status, headers dict lowercased, body bytes)."""
    host = host or f"127.0.0.1:{server.port}"
    headers = dict(headers or {})
    if sign:
        headers = signed_headers(method, f"http://{host}{path}", headers, body, payload_hash, secret_key=secret_key)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host)
        for name, value in headers.items():
            if name.lower() != "host":
                connection.putheader(name, value)
        if body and not any(name.lower() == "content-length" for name in headers):
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body if body else None)
        response = connection.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        connection.close()


def error_code(body):
    text = body.decode(errors="replace")
    start = text.find("<Code>")
    return text[start + 6:text.find("</Code>")] if start >= 0 else None

# --- aws-chunked bodies ---


def _hmac(key, message):
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def _signing_key(secret, date):
    key = _hmac(("AWS4" + secret).encode(), date)
    key = _hmac(key, REGION)
    key = _hmac(key, "s3")
    return _hmac(key, "aws4_request")


def unsigned_trailer_body(data, algorithm, chunk_size=64 * 1024, value=None):
    """STREAMING-UNSIGNED-PAYLOAD-TRAILER framing of `data` with the checksum trailer."""
    value = value if value is not None else checksum_b64(algorithm, data)
    out = b""
    for start in range(0, len(data), chunk_size):
        chunk = data[start:start + chunk_size]
        out += b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    out += b"0\r\n"
    out += f"x-amz-checksum-{algorithm.lower()}:{value}\r\n\r\n".encode()
    return out


def put_with_trailer(server, bucket, key, data, algorithm, signed=False, value=None, chunk_size=64 * 1024,
                     extra_headers=None, query=""):
    """PUTs `data` aws-chunked with a checksum trailer (none when `algorithm` is None: then
    STREAMING-AWS4-HMAC-SHA256-PAYLOAD), unsigned or with chunk signatures."""
    path = f"/{bucket}/{quote(key, safe='/~')}" + (f"?{query}" if query else "")
    url = f"http://127.0.0.1:{server.port}{path}"
    trailer_name = f"x-amz-checksum-{algorithm.lower()}" if algorithm else None
    headers = {"Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(data))}
    if algorithm:
        headers.update({"x-amz-trailer": trailer_name, "x-amz-sdk-checksum-algorithm": algorithm})
    headers.update(extra_headers or {})
    if not signed:
        body = unsigned_trailer_body(data, algorithm, chunk_size, value)
        headers["Content-Length"] = str(len(body))
        return raw_request(server, "PUT", path, headers, body, payload_hash="STREAMING-UNSIGNED-PAYLOAD-TRAILER")

    if algorithm:
        value = value if value is not None else checksum_b64(algorithm, data)
    chunks = [data[i:i + chunk_size] for i in range(0, len(data), chunk_size)] + [b""]
    # The encoded length must be known before signing: compute it with placeholder signatures.
    trailer = f"{trailer_name}:{value}\r\n".encode() if algorithm else b""
    length = sum(len(b"%x;chunk-signature=" % len(c)) + 64 + 2 + len(c) + 2 for c in chunks)
    if algorithm:
        length += len(trailer) + len(b"x-amz-trailer-signature:") + 64 + 2
    headers["Content-Length"] = str(length)
    payload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" + ("-TRAILER" if algorithm else "")
    request_headers = signed_headers("PUT", url, headers, payload_hash=payload)
    seed = request_headers["Authorization"].split("Signature=")[1].strip()
    amz_date = request_headers["X-Amz-Date"]
    scope = f"{amz_date[:8]}/{REGION}/s3/aws4_request"
    key = _signing_key(SECRET_KEY, amz_date[:8])
    previous = seed
    body = b""
    empty = hashlib.sha256(b"").hexdigest()
    for chunk in chunks:
        to_sign = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", amz_date, scope, previous, empty,
                             hashlib.sha256(chunk).hexdigest()])
        signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        body += b"%x;chunk-signature=%s\r\n" % (len(chunk), signature.encode()) + chunk + (b"\r\n" if chunk else b"")
        previous = signature
    if not algorithm:
        body += b"\r\n"
    else:
        body += _signed_trailer(trailer, trailer_name, value, amz_date, scope, key, previous)
    assert len(body) == length
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.putrequest("PUT", path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", f"127.0.0.1:{server.port}")
        for name, header_value in request_headers.items():
            connection.putheader(name, header_value)
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def _signed_trailer(trailer, trailer_name, value, amz_date, scope, key, previous):
    """The trailer section of a signed aws-chunked body: the checksum and its signature."""
    trailer_canonical = f"{trailer_name}:{value}\n".encode()
    to_sign = "\n".join(["AWS4-HMAC-SHA256-TRAILER", amz_date, scope, previous,
                         hashlib.sha256(trailer_canonical).hexdigest()])
    trailer_signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return trailer + b"x-amz-trailer-signature:" + trailer_signature.encode() + b"\r\n\r\n"

# --- fixtures ---


@pytest.fixture(scope="module")
def s3(server):
    return server.client("s3")


@pytest.fixture(scope="module")
def bucket(s3):
    s3.create_bucket(Bucket="wire")
    return "wire"


def get_checksums(s3, bucket, key, **kwargs):
    response = s3.head_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED", **kwargs)
    headers = response["ResponseMetadata"]["HTTPHeaders"]
    return {name: value for name, value in headers.items() if name.startswith("x-amz-checksum")}

# --- tests: reference implementations ---


def test_reference_crcs_match_their_check_values():
    assert crc32c(b"123456789") == 0xE3069283
    assert crc64nvme(b"123456789") == 0xAE8B14860A799888

# --- tests: trailers ---


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("signed", [False, True], ids=["unsigned", "signed"])
def test_trailer_checksum_is_verified_stored_and_returned(server, s3, bucket, algorithm, signed):
    data = bytes(range(256)) * 1000 + b"tail"
    key = f"trailer/{algorithm}/{signed}"
    status, headers, body = put_with_trailer(server, bucket, key, data, algorithm, signed=signed, chunk_size=50000)
    assert status == 200, body
    assert headers["etag"] == '"%s"' % hashlib.md5(data).hexdigest()
    assert headers[f"x-amz-checksum-{algorithm.lower()}"] == checksum_b64(algorithm, data)
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == data
    assert get_checksums(s3, bucket, key) == {f"x-amz-checksum-{algorithm.lower()}": checksum_b64(algorithm, data),
                                              "x-amz-checksum-type": "FULL_OBJECT"}
    # The stored Content-Encoding drops the aws-chunked transfer coding.
    assert "ContentEncoding" not in s3.head_object(Bucket=bucket, Key=key)


@pytest.mark.parametrize("signed", [False, True], ids=["unsigned", "signed"])
def test_wrong_trailer_checksum_is_bad_digest_and_stores_nothing(server, s3, bucket, signed):
    data = b"payload that will not match" * 100
    wrong = checksum_b64("CRC32", b"something else")
    status, _, body = put_with_trailer(server, bucket, "trailer/wrong", data, "CRC32", signed=signed, value=wrong)
    assert status == 400
    assert error_code(body) == "BadDigest"
    with pytest.raises(ClientError) as error:
        s3.head_object(Bucket=bucket, Key="trailer/wrong")
    assert error.value.response["Error"]["Code"] == "404"


def test_malformed_trailer_value_is_invalid_request(server, bucket):
    status, _, body = put_with_trailer(server, bucket, "trailer/malformed", b"abc", "SHA256", value="not-base64!")
    assert status == 400
    assert error_code(body) == "InvalidRequest"


def test_signed_chunks_without_trailer(server, s3, bucket):
    data = bytes(range(256)) * 300
    status, headers, body = put_with_trailer(server, bucket, "chunked/signed", data, None, signed=True,
                                             chunk_size=8192)
    assert status == 200, body
    assert s3.get_object(Bucket=bucket, Key="chunked/signed")["Body"].read() == data


def test_tampered_chunk_fails_its_signature(server, bucket):
    data = b"a" * 1000
    path = f"/{bucket}/trailer/tampered"
    url = f"http://127.0.0.1:{server.port}{path}"
    headers = {"Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": "1000"}
    body = (b"%x;chunk-signature=" % 1000) + b"0" * 64 + b"\r\n" + data + b"\r\n0;chunk-signature=" + b"0" * 64 + \
        b"\r\n\r\n"
    headers["Content-Length"] = str(len(body))
    signed = signed_headers("PUT", url, headers, payload_hash="STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
    status, _, response = raw_request(server, "PUT", path, signed, body, sign=False)
    assert status == 403
    assert error_code(response) == "SignatureDoesNotMatch"


def test_upload_part_with_trailer_checksum(server, s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="trailer/mp", ChecksumAlgorithm="CRC32")
    data = b"p" * (5 * 1024 * 1024)
    status, headers, body = put_with_trailer(server, bucket, "trailer/mp", data, "CRC32", signed=False,
                                             query=f"partNumber=1&uploadId={upload['UploadId']}")
    assert status == 200, body
    assert headers["x-amz-checksum-crc32"] == checksum_b64("CRC32", data)
    parts = s3.list_parts(Bucket=bucket, Key="trailer/mp", UploadId=upload["UploadId"])["Parts"]
    assert parts[0]["ChecksumCRC32"] == checksum_b64("CRC32", data)
    s3.abort_multipart_upload(Bucket=bucket, Key="trailer/mp", UploadId=upload["UploadId"])

# --- tests: header checksums and Content-MD5 ---


@pytest.mark.parametrize("algorithm", ["CRC32", "SHA1", "SHA256"])
def test_boto3_checksum_algorithm_header(s3, bucket, algorithm):
    data = b"checksummed by boto3 " * 1000
    response = s3.put_object(Bucket=bucket, Key=f"header/{algorithm}", Body=data, ChecksumAlgorithm=algorithm)
    assert response[f"Checksum{algorithm}"] == checksum_b64(algorithm, data)
    got = s3.get_object(Bucket=bucket, Key=f"header/{algorithm}", ChecksumMode="ENABLED")
    assert got[f"Checksum{algorithm}"] == checksum_b64(algorithm, data)
    assert got["Body"].read() == data


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_header_checksum_mismatch_is_bad_digest(server, bucket, algorithm):
    status, _, body = raw_request(server, "PUT", f"/{bucket}/header/bad-{algorithm}",
                                  {f"x-amz-checksum-{algorithm.lower()}": checksum_b64(algorithm, b"other")},
                                  b"actual bytes")
    assert status == 400
    assert error_code(body) == "BadDigest"


@pytest.mark.parametrize("algorithm", ["CRC32C", "CRC64NVME"])
def test_header_checksums_without_a_client_library(server, s3, bucket, algorithm):
    data = b"\x00\x01binary\xff" * 333
    status, headers, body = raw_request(server, "PUT", f"/{bucket}/header/{algorithm}",
                                        {f"x-amz-checksum-{algorithm.lower()}": checksum_b64(algorithm, data)}, data)
    assert status == 200, body
    assert get_checksums(s3, bucket, f"header/{algorithm}")[f"x-amz-checksum-{algorithm.lower()}"] == \
        checksum_b64(algorithm, data)


def test_two_checksum_headers_are_refused(server, bucket):
    data = b"x"
    status, _, body = raw_request(server, "PUT", f"/{bucket}/header/two",
                                  {"x-amz-checksum-crc32": checksum_b64("CRC32", data),
                                   "x-amz-checksum-sha1": checksum_b64("SHA1", data)}, data)
    assert status == 400 and error_code(body) == "InvalidRequest"


def test_objects_without_a_checksum_get_crc64nvme(s3, bucket):
    data = b"S3 stores a CRC64NVME for objects uploaded without a checksum"
    s3.put_object(Bucket=bucket, Key="default-checksum", Body=data)
    assert get_checksums(s3, bucket, "default-checksum") == {
        "x-amz-checksum-crc64nvme": checksum_b64("CRC64NVME", data), "x-amz-checksum-type": "FULL_OBJECT"}
    # Without the checksum mode no checksum is returned, and a range never carries the whole-object one.
    assert not any(k.startswith("x-amz-checksum") for k in
                   s3.head_object(Bucket=bucket, Key="default-checksum")["ResponseMetadata"]["HTTPHeaders"])
    ranged = s3.get_object(Bucket=bucket, Key="default-checksum", Range="bytes=0-3", ChecksumMode="ENABLED")
    assert "ChecksumCRC64NVME" not in ranged


def test_content_md5(server, s3, bucket):
    data = b"md5 checked"
    good = base64.b64encode(hashlib.md5(data).digest()).decode()
    s3.put_object(Bucket=bucket, Key="md5/good", Body=data, ContentMD5=good)
    status, _, body = raw_request(server, "PUT", f"/{bucket}/md5/bad",
                                  {"Content-MD5": base64.b64encode(hashlib.md5(b"x").digest()).decode()}, data)
    assert status == 400 and error_code(body) == "BadDigest"
    status, _, body = raw_request(server, "PUT", f"/{bucket}/md5/invalid", {"Content-MD5": "not an md5"}, data)
    assert status == 400 and error_code(body) == "InvalidDigest"

# --- tests: multipart checksums ---


def test_multipart_composite_sha256(s3, bucket):
    key = "mp/composite"
    upload = s3.create_multipart_upload(Bucket=bucket, Key=key, ChecksumAlgorithm="SHA256")
    parts_data = [b"a" * (5 * 1024 * 1024), b"b" * 1000]
    parts = []
    for number, data in enumerate(parts_data, start=1):
        response = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload["UploadId"], PartNumber=number, Body=data,
                                  ChecksumAlgorithm="SHA256")
        assert response["ChecksumSHA256"] == checksum_b64("SHA256", data)
        parts.append({"PartNumber": number, "ETag": response["ETag"], "ChecksumSHA256": response["ChecksumSHA256"]})
    done = s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload["UploadId"],
                                        MultipartUpload={"Parts": parts})
    expected = base64.b64encode(hashlib.sha256(b"".join(checksum_raw("SHA256", d) for d in parts_data)).digest())
    assert done["ChecksumSHA256"] == expected.decode() + "-2"
    assert get_checksums(s3, bucket, key) == {"x-amz-checksum-sha256": expected.decode() + "-2",
                                              "x-amz-checksum-type": "COMPOSITE"}
    # A part's own checksum, when it is read as a part.
    part_etag = '"%s-2"' % hashlib.md5(b"".join(hashlib.md5(d).digest() for d in parts_data)).hexdigest()
    assert done["ETag"] == part_etag


def test_multipart_part_checksum_mismatch_on_complete(s3, bucket):
    key = "mp/mismatch"
    upload = s3.create_multipart_upload(Bucket=bucket, Key=key, ChecksumAlgorithm="SHA1")
    response = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload["UploadId"], PartNumber=1, Body=b"x",
                              ChecksumAlgorithm="SHA1")
    with pytest.raises(ClientError) as error:
        s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload["UploadId"], MultipartUpload={"Parts": [
            {"PartNumber": 1, "ETag": response["ETag"], "ChecksumSHA1": checksum_b64("SHA1", b"y")}]})
    assert error.value.response["Error"]["Code"] == "InvalidPart"


def test_multipart_full_object_crc32(server, s3, bucket):
    key = "mp/full"

    def full_object_type(request, **_):
        request.headers["x-amz-checksum-type"] = "FULL_OBJECT"
    s3.meta.events.register("before-sign.s3.CreateMultipartUpload", full_object_type)
    try:
        upload = s3.create_multipart_upload(Bucket=bucket, Key=key, ChecksumAlgorithm="CRC32")
    finally:
        s3.meta.events.unregister("before-sign.s3.CreateMultipartUpload", full_object_type)
    assert upload["ResponseMetadata"]["HTTPHeaders"]["x-amz-checksum-type"] == "FULL_OBJECT"
    parts_data = [bytes([i]) * (5 * 1024 * 1024 + i) for i in range(1, 4)] + [b"end"]
    parts = []
    for number, data in enumerate(parts_data, start=1):
        response = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload["UploadId"], PartNumber=number, Body=data,
                                  ChecksumAlgorithm="CRC32")
        parts.append({"PartNumber": number, "ETag": response["ETag"], "ChecksumCRC32": response["ChecksumCRC32"]})
    whole = b"".join(parts_data)

    def claim(request, **_):
        request.headers["x-amz-checksum-crc32"] = checksum_b64("CRC32", whole)
        request.headers["x-amz-checksum-type"] = "FULL_OBJECT"
    s3.meta.events.register("before-sign.s3.CompleteMultipartUpload", claim)
    try:
        done = s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload["UploadId"],
                                            MultipartUpload={"Parts": parts})
    finally:
        s3.meta.events.unregister("before-sign.s3.CompleteMultipartUpload", claim)
    assert done["ChecksumCRC32"] == checksum_b64("CRC32", whole)
    assert get_checksums(s3, bucket, key) == {"x-amz-checksum-crc32": checksum_b64("CRC32", whole),
                                              "x-amz-checksum-type": "FULL_OBJECT"}


def test_multipart_without_checksum_gets_full_object_crc64nvme(server, s3, bucket):
    key = "mp/default"
    upload = s3.create_multipart_upload(Bucket=bucket, Key=key)
    parts_data = [b"q" * (5 * 1024 * 1024), b"r" * 77]
    parts = [(n, s3.upload_part(Bucket=bucket, Key=key, UploadId=upload["UploadId"], PartNumber=n, Body=d)["ETag"])
             for n, d in enumerate(parts_data, start=1)]
    # Debian's botocore predates ChecksumCRC64NVME in the response: read the XML itself.
    body = "<CompleteMultipartUpload>" + "".join(
        f"<Part><PartNumber>{n}</PartNumber><ETag>{etag}</ETag></Part>" for n, etag in parts) + "</CompleteMultipartUpload>"
    status, _, response = raw_request(server, "POST", f"/{bucket}/{key}?uploadId={upload['UploadId']}", {},
                                      body.encode())
    whole = b"".join(parts_data)
    assert status == 200
    assert f"<ChecksumCRC64NVME>{checksum_b64('CRC64NVME', whole)}</ChecksumCRC64NVME>".encode() in response
    assert b"<ChecksumType>FULL_OBJECT</ChecksumType>" in response
    assert get_checksums(s3, bucket, key)["x-amz-checksum-crc64nvme"] == checksum_b64("CRC64NVME", whole)


def test_wrong_whole_object_checksum_on_complete_is_bad_digest(s3, bucket):
    key = "mp/claim"
    upload = s3.create_multipart_upload(Bucket=bucket, Key=key, ChecksumAlgorithm="CRC32")
    response = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload["UploadId"], PartNumber=1, Body=b"abc",
                              ChecksumAlgorithm="CRC32")

    def claim(request, **_):
        request.headers["x-amz-checksum-crc32"] = checksum_b64("CRC32", b"not it") + "-1"
    s3.meta.events.register("before-sign.s3.CompleteMultipartUpload", claim)
    try:
        with pytest.raises(ClientError) as error:
            s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload["UploadId"], MultipartUpload={
                "Parts": [{"PartNumber": 1, "ETag": response["ETag"], "ChecksumCRC32": response["ChecksumCRC32"]}]})
    finally:
        s3.meta.events.unregister("before-sign.s3.CompleteMultipartUpload", claim)
    assert error.value.response["Error"]["Code"] == "BadDigest"

# --- tests: presigned URLs ---


def test_presigned_get_and_put_over_plain_http(s3, bucket):
    put_url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "presigned/a b+c.txt"},
                                        ExpiresIn=300)
    request = urllib.request.Request(put_url, data=b"uploaded with a presigned URL", method="PUT")
    with urllib.request.urlopen(request) as response:
        assert response.status == 200
    get_url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "presigned/a b+c.txt"},
                                        ExpiresIn=300)
    with urllib.request.urlopen(get_url) as response:
        assert response.read() == b"uploaded with a presigned URL"
    # Tampering with the URL breaks the signature; an expired URL is refused.
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(get_url.replace("presigned/", "presigned/x"))
    assert error.value.code == 403 and error_code(error.value.read()) == "SignatureDoesNotMatch"


def test_expired_presigned_url_is_access_denied(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="presigned/old", Body=b"x")
    signer = botocore.signers.RequestSigner(s3.meta.service_model.service_id, REGION, "s3", "s3v4",
                                            s3._request_signer._credentials, s3.meta.events)
    url = signer.generate_presigned_url({"method": "GET", "url": f"{server.endpoint}/{bucket}/presigned/old",
                                         "headers": {}, "body": b"", "context": {}, "url_path": "",
                                         "query_string": {}}, region_name=REGION, expires_in=1,
                                        operation_name="GetObject")
    time.sleep(2.1)
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(url)
    assert error.value.code == 403 and error_code(error.value.read()) == "AccessDenied"

# --- tests: virtual-host style ---


@pytest.fixture
def localhost_subdomains(monkeypatch):
    """Resolves <anything>.localhost to 127.0.0.1 in this process, as many systems do."""
    original = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".localhost"):
            host = "127.0.0.1"
        return original(host, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", resolve)


def test_virtual_host_style_requests(server, s3, localhost_subdomains):
    session = boto3.session.Session(aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                                    region_name=REGION)
    virtual = session.client("s3", endpoint_url=f"http://localhost:{server.port}", config=botocore.config.Config(
        s3={"addressing_style": "virtual"}, signature_version="s3v4", retries={"max_attempts": 1}))
    virtual.create_bucket(Bucket="vhost")
    virtual.put_object(Bucket="vhost", Key="dir/file.txt", Body=b"virtual")
    assert virtual.get_object(Bucket="vhost", Key="dir/file.txt")["Body"].read() == b"virtual"
    assert [o["Key"] for o in virtual.list_objects_v2(Bucket="vhost")["Contents"]] == ["dir/file.txt"]
    # The same object through path style.
    assert s3.get_object(Bucket="vhost", Key="dir/file.txt")["Body"].read() == b"virtual"
    url = virtual.generate_presigned_url("get_object", Params={"Bucket": "vhost", "Key": "dir/file.txt"})
    assert url.startswith(f"http://vhost.localhost:{server.port}/dir/file.txt?")
    status, _, body = raw_request(server, "GET", url[url.index("/dir"):], sign=False,
                                  host=f"vhost.localhost:{server.port}")
    assert status == 200 and body == b"virtual"
    upload = virtual.create_multipart_upload(Bucket="vhost", Key="mp")
    etag = virtual.upload_part(Bucket="vhost", Key="mp", UploadId=upload["UploadId"], PartNumber=1, Body=b"z")["ETag"]
    done = virtual.complete_multipart_upload(Bucket="vhost", Key="mp", UploadId=upload["UploadId"],
                                             MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert done["Location"] == f"http://vhost.localhost:{server.port}/mp"


def test_virtual_host_style_on_a_configured_public_host(tmp_path):
    from sluice_server import SluiceServer
    instance = SluiceServer(data_dir=str(tmp_path / "data"), extra_args=["--public-host", "objects.example.test"]).start()
    try:
        # Clients resolve <bucket>.objects.example.test themselves; here the Host header carries it.
        host = f"lake.objects.example.test:{instance.port}"
        status, _, body = raw_request(instance, "PUT", "/", host=host)
        assert status == 200, body
        status, _, body = raw_request(instance, "PUT", "/dir/a%20b.txt", {"Content-Type": "text/plain"}, b"on the lake",
                                      host=host)
        assert status == 200, body
        status, headers, body = raw_request(instance, "GET", "/dir/a%20b.txt", host=host)
        assert status == 200 and body == b"on the lake" and headers["content-type"] == "text/plain"
        status, _, body = raw_request(instance, "GET", "/?list-type=2", host=f"lake.s3.objects.example.test:{instance.port}")
        assert status == 200 and b"<Key>dir/a b.txt</Key>" in body
        # The path-style view of the same bucket, and no bucket taken from a host that is not ours.
        assert instance.client("s3").get_object(Bucket="lake", Key="dir/a b.txt")["Body"].read() == b"on the lake"
        status, _, body = raw_request(instance, "GET", "/lake/dir/a%20b.txt", host=f"lake.elsewhere.test:{instance.port}")
        assert status == 200 and body == b"on the lake"
        # Presigned virtual-host URLs, as boto3 generates them for that endpoint.
        session = boto3.session.Session(aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                                        region_name=REGION)
        virtual = session.client("s3", endpoint_url=f"http://objects.example.test:{instance.port}",
                                 config=botocore.config.Config(s3={"addressing_style": "virtual"},
                                                               signature_version="s3v4"))
        put_url = virtual.generate_presigned_url("put_object", Params={"Bucket": "lake", "Key": "signed/put"})
        assert put_url.startswith(f"http://{host}/signed/put?")
        status, _, body = raw_request(instance, "PUT", put_url[put_url.index("/signed"):], {}, b"presigned put",
                                      sign=False, host=host)
        assert status == 200, body
        get_url = virtual.generate_presigned_url("get_object", Params={"Bucket": "lake", "Key": "signed/put"})
        status, _, body = raw_request(instance, "GET", get_url[get_url.index("/signed"):], sign=False, host=host)
        assert status == 200 and body == b"presigned put"
        # The signature covers the host: the same URL sent for another bucket fails.
        status, _, body = raw_request(instance, "GET", get_url[get_url.index("/signed"):], sign=False,
                                      host=f"other.objects.example.test:{instance.port}")
        assert status == 403 and error_code(body) == "SignatureDoesNotMatch"
    finally:
        instance.stop()


def default_presigning_client(endpoint, **config):
    """A client as users create it, with no signature_version: boto3 and the aws CLI then presign
    S3 URLs with Signature Version 2 (AWSAccessKeyId, Expires, Signature) in us-east-1."""
    session = boto3.session.Session(aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                                    region_name=REGION)
    return session.client("s3", endpoint_url=endpoint, config=botocore.config.Config(**config))


def http_send(server, method, url, body=None, host=None):
    """Sends `url` as it is (no signing, no added Content-Type); returns (status, body)."""
    split = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.putrequest(method, split.path + "?" + split.query, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host or split.netloc)
        connection.putheader("Content-Length", str(len(body or b"")))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_default_sigv2_presigned_urls(server, s3, bucket):
    client = default_presigning_client(server.endpoint)
    key = "presigned-v2/a b+c~d%e.txt"
    put_url = client.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": key})
    assert "AWSAccessKeyId=" in put_url and "X-Amz-Signature" not in put_url
    assert http_send(server, "PUT", put_url, b"sigv2 upload")[0] == 200
    get_url = client.generate_presigned_url("get_object", Params={
        "Bucket": bucket, "Key": key, "ResponseContentType": "text/plain", "ResponseContentDisposition": "inline"})
    status, body = http_send(server, "GET", get_url)
    assert status == 200 and body == b"sigv2 upload"
    with urllib.request.urlopen(get_url) as response:
        assert response.headers["Content-Type"] == "text/plain"
    # The signature covers the method, the key and the signed subresources.
    status, body = http_send(server, "PUT", get_url, b"overwrite")
    assert status == 403 and error_code(body) == "SignatureDoesNotMatch"
    status, body = http_send(server, "GET", get_url.replace("presigned-v2/", "presigned-v2/x"))
    assert status == 403 and error_code(body) == "SignatureDoesNotMatch"
    status, body = http_send(server, "GET", get_url.replace("response-content-type=text%2Fplain",
                                                            "response-content-type=text%2Fhtml"))
    assert status == 403 and error_code(body) == "SignatureDoesNotMatch"
    signature = urllib.parse.parse_qs(urllib.parse.urlsplit(get_url).query)["Signature"][0]
    status, body = http_send(server, "GET", get_url.replace(urllib.parse.quote(signature, safe=""),
                                                            urllib.parse.quote("A" + signature[1:], safe="")))
    assert status == 403 and error_code(body) == "SignatureDoesNotMatch"
    unknown = default_presigning_client(server.endpoint)
    unknown._request_signer._credentials = Credentials("AKIANOSUCHKEY0000000", SECRET_KEY)
    status, body = http_send(server, "GET", unknown.generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key}))
    assert status == 403 and error_code(body) == "InvalidAccessKeyId"
    expired = client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=1)
    time.sleep(2.1)
    status, body = http_send(server, "GET", expired)
    assert status == 403 and error_code(body) == "AccessDenied"
    # Multipart parts through presigned URLs (the signed resource carries partNumber and uploadId).
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="presigned-v2/mp")["UploadId"]
    part_url = client.generate_presigned_url("upload_part", Params={
        "Bucket": bucket, "Key": "presigned-v2/mp", "UploadId": upload_id, "PartNumber": 1})
    assert http_send(server, "PUT", part_url, b"part one")[0] == 200
    assert [p["PartNumber"] for p in s3.list_parts(Bucket=bucket, Key="presigned-v2/mp", UploadId=upload_id)["Parts"]] == [1]
    s3.abort_multipart_upload(Bucket=bucket, Key="presigned-v2/mp", UploadId=upload_id)
    # SigV2 in the Authorization header stays refused, as S3 refuses it for new buckets.
    status, _, body = raw_request(server, "GET", f"/{bucket}/{urllib.parse.quote(key)}", {
        "Authorization": "AWS " + ACCESS_KEY + ":c2lnbmF0dXJl", "Date": "Tue, 24 Nov 2026 10:00:00 GMT"}, sign=False)
    assert status == 400 and error_code(body) == "InvalidRequest"


def test_aws_cli_presign_default(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="cli/presigned.txt", Body=b"from aws s3 presign")
    url = server.aws("s3", "presign", f"s3://{bucket}/cli/presigned.txt").stdout.strip()
    with urllib.request.urlopen(url) as response:
        assert response.read() == b"from aws s3 presign"


def test_sigv2_presigned_virtual_host_urls(server, s3, localhost_subdomains):
    s3.create_bucket(Bucket="vhost-v2")
    client = default_presigning_client(f"http://localhost:{server.port}", s3={"addressing_style": "virtual"})
    url = client.generate_presigned_url("put_object", Params={"Bucket": "vhost-v2", "Key": "dir/v2"})
    assert url.startswith(f"http://vhost-v2.localhost:{server.port}/dir/v2?") and "AWSAccessKeyId=" in url
    assert http_send(server, "PUT", url, b"virtual v2")[0] == 200
    url = client.generate_presigned_url("get_object", Params={"Bucket": "vhost-v2", "Key": "dir/v2"})
    assert http_send(server, "GET", url) == (200, b"virtual v2")
    # Sent to another bucket's host, the same path and signature fail.
    s3.create_bucket(Bucket="vhost-v2b")
    status, body = http_send(server, "GET", url, host=f"vhost-v2b.localhost:{server.port}")
    assert status == 403 and error_code(body) == "SignatureDoesNotMatch"
    s3.delete_object(Bucket="vhost-v2", Key="dir/v2")
    s3.delete_bucket(Bucket="vhost-v2")
    s3.delete_bucket(Bucket="vhost-v2b")


def test_composite_uploads_need_every_part_checksum(server, s3, bucket):
    key = "mp/needs-checksums"
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key=key, ChecksumAlgorithm="SHA256")["UploadId"]
    # A part without the upload's checksum is refused, as S3 refuses it.
    status, _, body = raw_request(server, "PUT", f"/{bucket}/{key}?partNumber=1&uploadId={upload_id}", {}, b"part")
    assert status == 400 and error_code(body) == "InvalidRequest"
    assert b"expected checksum Type: sha256, actual checksum Type: null" in body
    part = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=1, Body=b"part",
                          ChecksumAlgorithm="SHA256")
    # So is a completion that leaves a part's checksum out.
    expect = {"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]}
    with pytest.raises(ClientError) as error:
        s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload=expect)
    assert error.value.response["Error"]["Code"] == "InvalidRequest"
    assert "missing for part 1" in error.value.response["Error"]["Message"]
    expect["Parts"][0]["ChecksumSHA256"] = part["ChecksumSHA256"]
    s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload=expect)
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"part"
