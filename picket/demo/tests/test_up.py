"""`picket up` really starts the web server and the worker (a subprocess on a free loopback port)."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="uses its own SQLite file")
def test_picket_up_serves_pages_and_runs_the_worker(tmp_path: Path):
    port = _free_port()
    environment = {
        **os.environ,
        "PICKET_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'up.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "picket", "up", "--port", str(port), "--web-workers", "1"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    try:
        deadline = time.monotonic() + 90
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            output.append(line)
            text = "".join(output)
            if "Picket is running at" in text and "Starting worker" in text:
                break
        text = "".join(output)
        assert f"Picket is running at http://127.0.0.1:{port}/" in text, text
        assert "demo-district-coordinator" in text
        assert "Starting worker" in text
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as response:
            assert response.status == 200
            assert b"Sign in to Picket" in response.read()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    assert process.returncode == 0
