"""The README's main command works: `scripts/demo` runs the whole pipeline (upload, crawl,
visual job, state machine) against a real server and checks the curated table's figures
against its own computation in Python."""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_demo_pipeline_runs_and_its_figures_match():
    binary = os.environ.get("SLUICE_BINARY") or os.path.join(ROOT, "build", "sluice")
    with tempfile.TemporaryDirectory(prefix="sluice-demo-") as data_dir:
        result = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "demo"), "--rows", "20000",
                                 "--binary", binary, "--data-dir", os.path.join(data_dir, "data")],
                                capture_output=True, text=True, timeout=600)
    sys.stdout.write(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCEEDED" in result.stdout
    assert "groups match" in result.stdout
    for state in ("StartCrawler", "GetCrawler", "RunJob", "ReadTable"):
        assert state in result.stdout
