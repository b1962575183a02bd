"""The production shape on loopback: PostgreSQL, Redis, gunicorn and Celery workers, as in
docker-compose (3 sync gunicorn workers; one worker for the default queue, one for PDFs).

Everything is started in a temporary folder and removed afterwards. This process joins the same
environment and sets Django up on it, so that it can load data and measure requests in-process.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tools.servers import (
    PostgresServer,
    RedisServer,
    free_port,
    missing_binaries,
    postgres_server,
    redis_server,
    stop_process,
)

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
GUNICORN_WORKERS = 3  # as the Dockerfile runs it
# docker-compose's two workers: the default queue (emails, reminders) and PDFs, so that a report
# never waits behind a batch of emails.
CELERY_WORKERS = {"worker": "celery", "pdf-worker": "pdf"}


@dataclass
class Stack:
    postgres: PostgresServer
    redis: RedisServer
    var_dir: Path
    port: int = 0
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def server_pids(self) -> list[int]:
        """gunicorn's workers, Redis and PostgreSQL's processes: what serves a request."""
        pids = [*children(self.processes["gunicorn"].pid), self.redis.process.pid]
        postmaster = int((self.postgres.data_dir / "postmaster.pid").read_text().split()[0])
        return [*pids, postmaster, *children(postmaster)]


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in found.read_text().split()] if found.exists() else []


def environment(postgres: PostgresServer, redis: RedisServer, var_dir: Path) -> dict[str, str]:
    """Production's settings (DEBUG off, real services), with the bare view and no API limits."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis.url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "VAR_DIR": str(var_dir),
        "EMAIL_URL": "dummy:",
        "API_ANONYMOUS_RATE": "10000000/min",
        "LOG_LEVEL": "WARNING",
    }


@contextlib.contextmanager
def running_stack() -> Iterator[Stack]:
    if missing := missing_binaries():
        raise SystemExit(f"make bench needs PostgreSQL and Redis: missing {', '.join(missing)}.")
    var_dir = Path(tempfile.mkdtemp(prefix="ogp-bench-"))
    try:
        with postgres_server() as postgres, redis_server() as redis:
            os.environ.update(environment(postgres, redis, var_dir))
            import django

            django.setup()
            stack = Stack(postgres=postgres, redis=redis, var_dir=var_dir)
            try:
                yield stack
            finally:
                for process in stack.processes.values():
                    stop_process(process)
                from django.db import connections

                connections.close_all()
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def start(stack: Stack, name: str, command: list[str]) -> None:
    with (stack.var_dir / f"{name}.log").open("wb") as log:
        stack.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT
        )


def start_servers(stack: Stack) -> None:
    """gunicorn and the Celery workers, started once the database holds the data."""
    stack.port = free_port()
    start(stack, "gunicorn", [
        sys.executable, "-m", "gunicorn", "bishkek_ogp.wsgi:application",
        "--bind", f"{HOST}:{stack.port}", "--workers", str(GUNICORN_WORKERS),
        "--worker-tmp-dir", "/dev/shm", "--backlog", "2048",
    ])  # fmt: skip
    for name, queue in CELERY_WORKERS.items():
        start(stack, name, [
            sys.executable, "-m", "celery", "-A", "bishkek_ogp", "worker", "-Q", queue,
            "-c", "1", "-l", "warning", "--without-gossip", "--without-mingle", "-n", f"{name}@%h",
        ])  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(stack.url("/readyz")) as answer:
            if answer.status == 200:
                return
        time.sleep(0.2)
    log = (stack.var_dir / "gunicorn.log").read_text(errors="replace")
    raise RuntimeError(f"gunicorn was not ready within 60 s:\n{log[-3000:]}")
