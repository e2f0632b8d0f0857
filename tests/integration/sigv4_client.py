"""A small, independent SigV4 signer and raw HTTP client for tests that need control over
what botocore would not let them change (the signing time, a broken body, partial sends)."""
import datetime
import hashlib
import hmac
import http.client
import urllib.parse


def _hmac(key, message):
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def sign(method, host, path, query, headers, body, service, access_key, secret_key, region="us-east-1",
         when=None, s3=False):
    """Returns headers with x-amz-date, (x-amz-content-sha256 for S3) and Authorization added."""
    when = when or datetime.datetime.now(datetime.timezone.utc)
    amz_date = when.strftime("%Y%m%dT%H%M%SZ")
    date = amz_date[:8]
    payload_hash = hashlib.sha256(body).hexdigest()
    headers = dict(headers)
    headers["Host"] = host
    headers["X-Amz-Date"] = amz_date
    if s3:
        headers["X-Amz-Content-Sha256"] = payload_hash
    canonical_headers = sorted((k.lower(), " ".join(str(v).split())) for k, v in headers.items())
    signed = ";".join(k for k, _ in canonical_headers)
    pairs = sorted((urllib.parse.quote(k, safe="-_.~"), urllib.parse.quote(v, safe="-_.~"))
                   for k, v in urllib.parse.parse_qsl(query, keep_blank_values=True))
    canonical_query = "&".join(f"{k}={v}" for k, v in pairs)
    canonical_uri = urllib.parse.quote(path, safe="/-_.~")
    canonical_request = "\n".join([method, canonical_uri, canonical_query,
                                   "".join(f"{k}:{v}\n" for k, v in canonical_headers), signed, payload_hash])
    scope = f"{date}/{region}/{service}/aws4_request"
    string_to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                                hashlib.sha256(canonical_request.encode()).hexdigest()])
    key = _hmac(_hmac(_hmac(_hmac(("AWS4" + secret_key).encode(), date), region), service), "aws4_request")
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    headers["Authorization"] = (f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, SignedHeaders={signed}, "
                                f"Signature={signature}")
    return headers


def request(endpoint, method, path, headers=None, body=b"", query=""):
    """Sends one request; returns (status, lowercase headers dict, body bytes)."""
    parsed = urllib.parse.urlparse(endpoint)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    target = path + ("?" + query if query else "")
    connection.request(method, target, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    result = (response.status, {k.lower(): v for k, v in response.getheaders()}, data)
    connection.close()
    return result


def json_call(server, target, body, content_type="application/x-amz-json-1.1", service="logs",
              access_key="sluice", secret_key="sluicesecret", when=None):
    """A signed AWS JSON call; returns (status, headers, body bytes)."""
    payload = body if isinstance(body, bytes) else body.encode()
    host = f"127.0.0.1:{server.port}"
    headers = sign("POST", host, "/", "", {"X-Amz-Target": target, "Content-Type": content_type}, payload,
                   service, access_key, secret_key, when=when)
    return request(server.endpoint, "POST", "/", headers, payload)
