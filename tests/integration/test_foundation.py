"""The foundation, end to end: one port routes every service, SigV4 failures get AWS's codes,
metrics count everything, data survives kill -9, and SIGTERM drains in-flight requests."""
import datetime
import json
import signal
import socket
import time
import urllib.error
import urllib.request

import botocore.exceptions
import pytest

import sigv4_client
from sluice_server import SluiceServer, metric_value


def client_error(call):
    with pytest.raises(botocore.exceptions.ClientError) as info:
        call()
    return info.value.response


def test_ready_line_and_health(server):
    assert f"http://127.0.0.1:{server.port}" in server.ready_line
    assert "AWS_ACCESS_KEY_ID=sluice" in server.ready_line
    with urllib.request.urlopen(server.endpoint + "/_sluice/health") as response:
        body = json.load(response)
    assert body["status"] == "ok"


def test_cloudwatch_logs_with_cli_and_boto3(server):
    server.aws("logs", "create-log-group", "--log-group-name", "/test/foundation")
    server.aws("logs", "create-log-stream", "--log-group-name", "/test/foundation", "--log-stream-name", "s1")
    now = int(time.time() * 1000)
    logs = server.client("logs")
    logs.put_log_events(logGroupName="/test/foundation", logStreamName="s1",
                        logEvents=[{"timestamp": now, "message": "first"}, {"timestamp": now + 1, "message": "second"}])
    out = json.loads(server.aws("logs", "get-log-events", "--log-group-name", "/test/foundation",
                                "--log-stream-name", "s1", "--start-from-head").stdout)
    assert [e["message"] for e in out["events"]] == ["first", "second"]
    groups = logs.describe_log_groups(logGroupNamePrefix="/test/")["logGroups"]
    assert [g["logGroupName"] for g in groups] == ["/test/foundation"]
    error = client_error(lambda: logs.create_log_group(logGroupName="/test/foundation"))
    assert error["Error"]["Code"] == "ResourceAlreadyExistsException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    error = client_error(lambda: logs.get_log_events(logGroupName="/nope", logStreamName="s1"))
    assert error["Error"]["Code"] == "ResourceNotFoundException"


def test_every_service_prefix_is_routed_and_answered_in_its_protocol(server):
    """A correctly signed request reaches each service and comes back in that protocol's shape:
    a parsed result, or an error botocore decodes (so the shape is right) that is not an
    authentication failure."""
    calls = {
        "glue": lambda c: c.get_databases(),
        "stepfunctions": lambda c: c.list_state_machines(),
        "s3": lambda c: c.list_buckets(),
        "logs": lambda c: c.describe_log_groups(),
    }
    for service, call in calls.items():
        client = server.client(service)
        try:
            response = call(client)
        except botocore.exceptions.ClientError as error:
            response = error.response
            assert error.response["Error"]["Code"] not in (
                "AccessDenied", "SignatureDoesNotMatch", "InvalidSignatureException", "UnrecognizedClientException")
            assert error.response["Error"]["Code"]  # decoded from JSON or XML
        assert response["ResponseMetadata"]["RequestId"], service
    # The aws CLI takes the same routes.
    server.aws("logs", "describe-log-groups")
    for args in (["glue", "get-databases"], ["stepfunctions", "list-state-machines"], ["s3api", "list-buckets"]):
        result = server.aws(*args, check=False)
        assert "SignatureDoesNotMatch" not in result.stderr and "InvalidSignature" not in result.stderr


def test_unknown_operation_and_malformed_bodies(server):
    status, headers, body = sigv4_client.json_call(server, "Logs_20140328.NoSuchOperation", "{}")
    assert status == 400
    assert json.loads(body)["__type"] == "UnknownOperationException"
    assert headers["content-type"] == "application/x-amz-json-1.1"
    assert headers["x-amzn-requestid"]
    status, _, body = sigv4_client.json_call(server, "Logs_20140328.DescribeLogGroups", "{not json")
    assert status == 400 and json.loads(body)["__type"] == "SerializationException"
    status, _, body = sigv4_client.json_call(server, "Logs_20140328.DescribeLogGroups", "[1,2]")
    assert status == 400 and json.loads(body)["__type"] == "SerializationException"
    status, _, body = sigv4_client.json_call(server, "NoSuchService_20990101.Anything", "{}",
                                              content_type="application/x-amz-json-1.0")
    assert status == 400 and json.loads(body)["__type"] == "UnknownOperationException"


def test_wrong_secret_is_refused_with_aws_codes(server):
    logs = server.client("logs", secret_key="wrong-secret")
    error = client_error(logs.describe_log_groups)
    assert error["Error"]["Code"] == "InvalidSignatureException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    s3 = server.client("s3", secret_key="wrong-secret")
    error = client_error(s3.list_buckets)
    assert error["Error"]["Code"] == "SignatureDoesNotMatch"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 403
    result = server.aws("s3api", "list-buckets", check=False, secret_key="wrong-secret")
    assert result.returncode != 0 and "SignatureDoesNotMatch" in result.stderr


def test_unknown_access_key_is_refused_with_aws_codes(server):
    error = client_error(server.client("logs", access_key="AKIDNOBODY").describe_log_groups)
    assert error["Error"]["Code"] == "UnrecognizedClientException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    error = client_error(server.client("s3", access_key="AKIDNOBODY").list_buckets)
    assert error["Error"]["Code"] == "InvalidAccessKeyId"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 403
    result = server.aws("logs", "describe-log-groups", check=False, access_key="AKIDNOBODY")
    assert "UnrecognizedClientException" in result.stderr


def test_missing_authentication(server):
    status, _, body = sigv4_client.request(server.endpoint, "GET", "/")
    assert status == 403 and b"<Code>AccessDenied</Code>" in body
    status, _, body = sigv4_client.request(server.endpoint, "POST", "/",
                                           {"X-Amz-Target": "Logs_20140328.DescribeLogGroups"}, b"{}")
    assert status == 400 and json.loads(body)["__type"] == "MissingAuthenticationTokenException"


def test_expired_presigned_url_is_access_denied(server):
    s3 = server.client("s3")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "some-bucket", "Key": "k"}, ExpiresIn=1)
    time.sleep(2.1)
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(url)
    assert info.value.code == 403
    body = info.value.read().decode()
    assert "<Code>AccessDenied</Code>" in body and "Request has expired" in body
    # A week is the longest a URL may live.
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "some-bucket", "Key": "k"}, ExpiresIn=604801)
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(url)
    assert info.value.code == 400
    assert "AuthorizationQueryParametersError" in info.value.read().decode()


def test_skewed_clock_is_refused(server):
    skewed = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=20)
    status, _, body = sigv4_client.json_call(server, "Logs_20140328.DescribeLogGroups", "{}", when=skewed)
    assert status == 400
    error = json.loads(body)
    assert error["__type"] == "InvalidSignatureException" and "Signature expired" in error["message"]
    host = f"127.0.0.1:{server.port}"
    headers = sigv4_client.sign("GET", host, "/", "", {}, b"", "s3", "sluice", "sluicesecret", when=skewed, s3=True)
    status, _, body = sigv4_client.request(server.endpoint, "GET", "/", headers)
    assert status == 403 and b"<Code>RequestTimeTooSkewed</Code>" in body
    # Within the 15-minute window it is fine.
    close = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=10)
    status, _, _ = sigv4_client.json_call(server, "Logs_20140328.DescribeLogGroups", "{}", when=close)
    assert status == 200


def test_oversized_json_body_is_refused(server):
    status, _, body = sigv4_client.json_call(server, "Logs_20140328.DescribeLogGroups",
                                             '{"x":"' + "a" * (9 << 20) + '"}')
    assert status == 413 and json.loads(body)["__type"] == "SerializationException"


def test_metrics_count_requests_and_auth_failures(server):
    # Runs after the tests above in this module.
    text = server.metrics()
    for service in ("logs", "s3", "glue", "states"):
        total = sum(metric_value(text, "sluice_http_requests_total", service=service, status=code)
                    for code in ("200", "400", "403", "413", "501"))
        assert total > 0, service
    for code in ("InvalidSignatureException", "SignatureDoesNotMatch", "UnrecognizedClientException",
                 "InvalidAccessKeyId", "RequestTimeTooSkewed", "AccessDenied", "MissingAuthenticationTokenException"):
        assert metric_value(text, "sluice_auth_failures_total", code=code) >= 1, code
    assert metric_value(text, "sluice_http_request_duration_seconds_count", service="logs") > 0
    assert metric_value(text, "sluice_http_received_bytes_total", service="logs") > 0


def test_acknowledged_log_events_survive_kill_9():
    server = SluiceServer().start()
    try:
        logs = server.client("logs")
        logs.create_log_group(logGroupName="/durable")
        logs.create_log_stream(logGroupName="/durable", logStreamName="s")
        logs.put_log_events(logGroupName="/durable", logStreamName="s",
                            logEvents=[{"timestamp": 1, "message": "kept"}])
        server.kill()
        server.start()
        events = server.client("logs").get_log_events(logGroupName="/durable", logStreamName="s",
                                                      startFromHead=True)["events"]
        assert [e["message"] for e in events] == ["kept"]
    finally:
        server.cleanup()


def test_sigterm_finishes_in_flight_requests_then_exits_zero():
    server = SluiceServer().start()
    try:
        body = json.dumps({"logGroupName": "/after-sigterm"}).encode()
        host = f"127.0.0.1:{server.port}"
        headers = sigv4_client.sign("POST", host, "/", "", {"X-Amz-Target": "Logs_20140328.CreateLogGroup",
                                                            "Content-Type": "application/x-amz-json-1.1",
                                                            "Content-Length": str(len(body))},
                                    body, "logs", "sluice", "sluicesecret")
        head = "POST / HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        connection = socket.create_connection(("127.0.0.1", server.port))
        connection.sendall(head.encode() + body[:10])  # the request is in flight
        time.sleep(0.3)
        server.process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        assert server.process.poll() is None  # still serving the in-flight request
        connection.sendall(body[10:])
        response = connection.recv(65536).decode()
        assert response.startswith("HTTP/1.1 200"), response
        assert "Connection: close" in response
        assert server.process.wait(timeout=15) == 0
    finally:
        server.cleanup()


def test_keys_created_with_the_cli_work_on_a_running_server(server):
    import subprocess
    out = subprocess.run([server.binary, "keys", "--data-dir", server.data_dir, "create", "--user", "alice"],
                         capture_output=True, text=True, check=True).stdout
    values = dict(line.split("=", 1) for line in out.strip().splitlines())
    time.sleep(2.5)  # the server reloads its key cache every two seconds
    logs = server.client("logs", access_key=values["AWS_ACCESS_KEY_ID"], secret_key=values["AWS_SECRET_ACCESS_KEY"])
    assert "logGroups" in logs.describe_log_groups()
    subprocess.run([server.binary, "keys", "--data-dir", server.data_dir, "delete", values["AWS_ACCESS_KEY_ID"]],
                   check=True)
    time.sleep(2.5)
    error = client_error(logs.describe_log_groups)
    assert error["Error"]["Code"] == "UnrecognizedClientException"
