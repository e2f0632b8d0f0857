"""The S3 API through a third independent client, Debian's s3cmd: bucket creation, uploads
(single and multipart), listing, downloads, sync, deletion.
"""
import hashlib
import os
import subprocess

import pytest

from sluice_server import ACCESS_KEY, SECRET_KEY


@pytest.fixture(scope="module")
def s3cmd(server, tmp_path_factory):
    home = tmp_path_factory.mktemp("s3cmd")
    config = home / "s3cfg"
    host = f"127.0.0.1:{server.port}"
    config.write_text("\n".join([
        "[default]",
        f"access_key = {ACCESS_KEY}",
        f"secret_key = {SECRET_KEY}",
        f"host_base = {host}",
        f"host_bucket = {host}",
        "use_https = False",
        "signature_v2 = False",
        "bucket_location = us-east-1",
        "multipart_chunk_size_mb = 5",
        "check_ssl_certificate = False",
        "",
    ]))

    def run(*args, check=True):
        result = subprocess.run(["/usr/bin/s3cmd", "-c", str(config), *args], capture_output=True, text=True,
                                timeout=300, env={"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin")})
        if check and result.returncode != 0:
            raise AssertionError(f"s3cmd {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n"
                                 f"{result.stderr}")
        return result
    return run


def test_s3cmd_round_trip(server, s3cmd, tmp_path):
    s3cmd("mb", "s3://s3cmd-bucket")
    assert "s3://s3cmd-bucket" in s3cmd("ls").stdout
    small = tmp_path / "small.txt"
    small.write_bytes(b"from s3cmd\n")
    s3cmd("put", str(small), "s3://s3cmd-bucket/dir/small.txt")
    large = tmp_path / "large.bin"
    data = os.urandom(12 * 1024 * 1024 + 5)
    large.write_bytes(data)
    s3cmd("put", str(large), "s3://s3cmd-bucket/large.bin")
    # s3cmd sent it in 5 MiB parts.
    assert server.client("s3").head_object(Bucket="s3cmd-bucket", Key="large.bin")["ETag"].endswith('-3"')
    listing = s3cmd("ls", "-r", "s3://s3cmd-bucket").stdout
    assert "s3://s3cmd-bucket/dir/small.txt" in listing and "s3://s3cmd-bucket/large.bin" in listing
    back = tmp_path / "back.bin"
    s3cmd("get", "s3://s3cmd-bucket/large.bin", str(back))
    assert hashlib.md5(back.read_bytes()).digest() == hashlib.md5(data).digest()
    info = s3cmd("info", "s3://s3cmd-bucket/dir/small.txt").stdout
    assert "MD5 sum:   %s" % hashlib.md5(b"from s3cmd\n").hexdigest() in info
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.txt").write_text("a")
    (tree / "sub" / "b.txt").write_text("b")
    s3cmd("sync", str(tree) + "/", "s3://s3cmd-bucket/synced/")
    listing = s3cmd("ls", "-r", "s3://s3cmd-bucket/synced/").stdout
    assert "synced/a.txt" in listing and "synced/sub/b.txt" in listing
    failed = s3cmd("rb", "s3://s3cmd-bucket", check=False)
    assert failed.returncode != 0 and "BucketNotEmpty" in failed.stderr
    s3cmd("del", "--recursive", "--force", "s3://s3cmd-bucket")
    s3cmd("rb", "s3://s3cmd-bucket")
    assert "s3://s3cmd-bucket" not in s3cmd("ls").stdout
