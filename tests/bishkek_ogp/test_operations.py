"""Operations: request ids on responses and log lines, JSON logs, optional error reporting."""

import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A request through the whole middleware stack that Django logs: one for a host the site does not
# serve (the test client's "testserver"), which needs no database.
LOGGED_REQUEST = (
    "from django.test import Client; "
    "r = Client().get('/en/', headers={'x-request-id': 'probe-123456'}); "
    "print('ANSWER', r.status_code, r['X-Request-ID'])"
)


def manage_shell(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    environment.update(DJANGO_SETTINGS_MODULE="tests.settings", SECRET_KEY="test-only",
                       VAR_DIR=tempfile.mkdtemp(prefix="ogp-test-var-"), **env)  # fmt: skip
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_every_response_carries_a_request_id(client):
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) == 32


def test_the_proxys_request_id_is_kept(client):
    response = client.get("/healthz", headers={"x-request-id": "edge-4f2a9c01"})
    assert response["X-Request-ID"] == "edge-4f2a9c01"


def test_a_request_id_that_could_forge_log_lines_is_replaced(client):
    response = client.get("/healthz", headers={"x-request-id": "x\nlevel=ERROR fake"})
    assert response["X-Request-ID"] != "x\nlevel=ERROR fake"
    assert len(response["X-Request-ID"]) == 32


def test_json_log_lines_carry_the_request_id():
    done = manage_shell(LOGGED_REQUEST, LOG_FORMAT="json")
    assert "ANSWER 400 probe-123456" in done.stdout
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    logged = [line for line in lines if line["logger"] == "django.security.DisallowedHost"]
    assert logged, done.stderr
    assert logged[0]["request_id"] == "probe-123456"
    assert logged[0]["level"] == "ERROR" and "testserver" in logged[0]["message"]


def test_text_logs_are_the_default_and_carry_the_request_id_too():
    done = manage_shell(LOGGED_REQUEST)
    assert "ERROR django.security.DisallowedHost [probe-123456] Invalid HTTP_HOST" in done.stderr


class EnvelopeCatcher(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        # Sentry compresses with Brotli when that module is installed, else with gzip.
        decompress = {
            "br": lambda b: import_module("brotli").decompress(b),
            "gzip": gzip.decompress,
        }.get(self.headers.get("Content-Encoding", ""), bytes)
        self.received.append(decompress(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_errors_are_reported_when_sentry_dsn_is_set():
    server = HTTPServer(("127.0.0.1", 0), EnvelopeCatcher)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        dsn = f"http://publickey@127.0.0.1:{server.server_port}/1"
        code = "import logging; logging.getLogger('feedback').error('probe failure 42')"
        done = manage_shell(code, SENTRY_DSN=dsn)
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr
    reports = b"".join(EnvelopeCatcher.received)
    assert b"probe failure 42" in reports
    assert b'"environment":"production"' in reports


def test_nothing_is_reported_without_sentry_dsn():
    done = manage_shell("import sentry_sdk; print('CLIENT', sentry_sdk.get_client().is_active())")
    assert "CLIENT False" in done.stdout
