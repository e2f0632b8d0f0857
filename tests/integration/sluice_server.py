"""Starts the real `sluice serve` for integration tests and gives clients pointed at it.

Every test module gets a server on a free loopback port with a fresh temporary data dir
(see conftest.py). Clients are real: boto3 (Debian's python3-boto3) and the `aws` CLI
(Debian's awscli), configured only through environment variables so that no ~/.aws file
on the machine can interfere.
"""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import boto3
import botocore.config

ACCESS_KEY = "sluice"
SECRET_KEY = "sluicesecret"
REGION = "us-east-1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SluiceServer:
    """One server process. `start()` waits for the ready line; `stop()` sends SIGTERM."""

    def __init__(self, binary=None, data_dir=None, extra_args=(), env=None):
        self.binary = binary or os.environ.get("SLUICE_BINARY") or os.path.join(
            os.path.dirname(__file__), "..", "..", "build", "sluice")
        self.owns_data_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="sluice-test-")
        self.extra_args = list(extra_args)
        self.extra_env = dict(env or {})
        self.port = None
        self.process = None
        self.ready_line = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=30):
        self.port = free_port()
        env = dict(os.environ)
        env.update(self.extra_env)
        self.log_path = os.path.join(self.data_dir, "server-stderr.log")
        os.makedirs(self.data_dir, exist_ok=True)
        self._stderr = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--data-dir", self.data_dir, "--listen", f"127.0.0.1:{self.port}",
             "--log-level", "warn", *self.extra_args],
            stdout=subprocess.PIPE, stderr=self._stderr, env=env)
        deadline = time.time() + timeout
        line = self.process.stdout.readline().decode()
        if "ready on" not in line:
            self.process.kill()
            raise RuntimeError(f"server did not start: {line!r}\n{self.stderr()}")
        self.ready_line = line
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not accept connections")

    def stderr(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Sends `sig` and returns the exit code."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=timeout)
        finally:
            self.process.stdout.close()
            self._stderr.close()
        self.process = None
        return code

    def kill(self):
        return self.stop(signal.SIGKILL)

    def cleanup(self):
        self.stop()
        if self.owns_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    # --- clients ---

    def client_env(self, access_key=ACCESS_KEY, secret_key=SECRET_KEY):
        """Environment for the aws CLI and boto3, isolated from any local AWS configuration."""
        env = dict(os.environ)
        for name in list(env):
            if name.startswith("AWS_"):
                del env[name]
        env.update({
            "AWS_ACCESS_KEY_ID": access_key,
            "AWS_SECRET_ACCESS_KEY": secret_key,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_CONFIG_FILE": "/nonexistent/sluice-aws-config",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/sluice-aws-credentials",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_PAGER": "",
        })
        return env

    def client(self, service, access_key=ACCESS_KEY, secret_key=SECRET_KEY, **config):
        """A boto3 client for `service` pointed at this server."""
        session = boto3.session.Session(aws_access_key_id=access_key, aws_secret_access_key=secret_key,
                                        region_name=REGION)
        options = {"retries": {"max_attempts": 1}, "inject_host_prefix": False}
        if service == "s3":
            options["signature_version"] = "s3v4"  # what current SDKs use; Debian's boto3 presigns with SigV2
        options.update(config)
        cfg = botocore.config.Config(**options)
        return session.client(service, endpoint_url=self.endpoint, config=cfg)

    def aws(self, *args, check=True, access_key=ACCESS_KEY, secret_key=SECRET_KEY, input=None):
        """Runs the Debian `aws` CLI against this server; returns CompletedProcess (text)."""
        result = subprocess.run(["/usr/bin/aws", "--endpoint-url", self.endpoint, *args],
                                env=self.client_env(access_key, secret_key), capture_output=True, text=True,
                                input=input, timeout=300)
        if check and result.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
        return result

    def metrics(self):
        import urllib.request
        with urllib.request.urlopen(self.endpoint + "/_sluice/metrics") as response:
            return response.read().decode()


def metric_value(text, name, **labels):
    """The value of one Prometheus sample (0 when absent)."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        head, _, value = line.rpartition(" ")
        if not head.startswith(name + "{") and head != name:
            continue
        if all(f'{k}="{v}"' in head for k, v in labels.items()):
            return float(value)
    return 0.0
