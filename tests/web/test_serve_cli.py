"""``presslens serve --workers 2``: a real server on loopback, two processes, each answering."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_with_two_workers_answers_analyze_from_both(tmp_path: Path):
    port = _free_port()
    env = {**os.environ, "PRESSLENS_CONFIG": str(tmp_path / "none.toml")}
    exe = Path(sys.executable).with_name("presslens")
    proc = subprocess.Popen([str(exe), "serve", "--workers", "2", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/openapi.json", timeout=5) as resp:
                    assert resp.status == 200
                    break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode(errors="replace")
                assert time.monotonic() < deadline, "the server did not start in 120 s"
                time.sleep(0.5)
        sample = (Path(__file__).resolve().parents[2] / "src/presslens/data/sample-article.md").read_text()
        body = json.dumps({"markdown": sample}).encode()
        for _ in range(4):
            req = urllib.request.Request(base + "/analyze", data=body, headers={"content-type": "application/json"})
            with urllib.request.urlopen(req, timeout=60) as resp:
                record = json.load(resp)
            assert record["title"] and record["text"]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        out = proc.communicate(timeout=60)[0].decode(errors="replace")
    # uvicorn's supervisor logs one "Started server process [pid]" line per worker.
    assert out.count("Started server process") >= 2, out
