"""`hackathon serve` runs the production server; each worker warms the scoring libraries."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from hackathon.cli import cli
from hackathon.serving.server import default_workers

ROOT = Path(__file__).resolve().parents[2]
HACKATHON = str(Path(sys.executable).parent / "hackathon")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_is_documented_with_dev_as_explicit_option():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--dev" in result.output and "Granian" in result.output


def test_serve_rejects_a_port_out_of_range():
    result = CliRunner().invoke(cli, ["serve", "--port", "70000"])
    assert result.exit_code == 2
    assert "70000" in result.output


def test_default_workers_use_both_cores_and_stay_bounded():
    assert 2 <= default_workers() <= 4


def test_serve_answers_and_stops_on_sigterm(tmp_path):
    env = os.environ | {"HACKATHON_INSTANCE_PATH": str(tmp_path), "HACKATHON_WARM_SCORING": "0"}
    env.pop("HACKATHON_DATABASE_URL", None)
    subprocess.run([HACKATHON, "db", "upgrade"], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    port = _free_port()
    proc = subprocess.Popen(
        [HACKATHON, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        body = b""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:  # nosec B310
                    body = r.read()
                    status = r.status
                break
            except OSError:
                time.sleep(0.3)
        assert body, "the server did not answer within 90 s"
        assert status == 200
        assert b"<html" in body
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            output = proc.communicate(timeout=60)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            output = proc.communicate()[0].decode(errors="replace")
            raise AssertionError(f"no stop within 60 s of SIGTERM:\n{output}") from None
    assert "shutdown completed" in output
    assert "Traceback" not in output


def test_wsgi_module_warms_scoring_off_the_request_path(tmp_path):
    code = (
        "import sys, threading\n"
        "import hackathon.wsgi\n"
        "[t.join(60) for t in threading.enumerate() if t.name == 'warm-scoring']\n"
        "print('skcriteria' in sys.modules)\n"
    )
    env = os.environ | {"HACKATHON_INSTANCE_PATH": str(tmp_path)}
    env.pop("HACKATHON_DATABASE_URL", None)
    env.pop("HACKATHON_WARM_SCORING", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "True"


def test_create_app_alone_does_not_load_scoring_libraries(tmp_path):
    code = "import sys, hackathon\nhackathon.create_app()\nprint('skcriteria' in sys.modules)\n"
    env = os.environ | {"HACKATHON_INSTANCE_PATH": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "False"
