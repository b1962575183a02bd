"""Throwaway PostgreSQL and Redis servers on free loopback ports, removed afterwards.

Used by the test launcher (the suite runs on real services), by integration tests that need to
stop or restart a service, and by the benchmark.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def find_postgres_tool(tool: str) -> str | None:
    """The tool on PATH, else the newest one a Debian PostgreSQL package installed."""
    found = shutil.which(tool)
    if found:
        return found
    for directory in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (directory / tool).exists():
            return str(directory / tool)
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def celery_worker_command(name: str, loglevel: str = "info") -> list[str]:
    """A Celery worker on both queues, one task at a time, as docker-compose runs it."""
    return [
        sys.executable, "-m", "celery", "-A", "bishkek_ogp", "worker", "-Q", "pdf,celery",
        "-P", "solo", "-l", loglevel, "--without-gossip", "--without-mingle", "-n", f"{name}@%h",
    ]  # fmt: skip


def stop_process(process: subprocess.Popen | None, timeout: float = 20) -> None:
    """Ask a process to stop (SIGTERM); kill it if it has not within `timeout` seconds."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def missing_binaries() -> list[str]:
    missing = [name for name in ("initdb", "pg_ctl") if find_postgres_tool(name) is None]
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    return missing


def _wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answered on 127.0.0.1:{port} within {timeout:.0f}s")


def _unprivileged_user() -> pwd.struct_passwd | None:
    """PostgreSQL refuses to run as root; when we are root, run it as `postgres` or `nobody`."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise RuntimeError("running as root and no unprivileged user to run PostgreSQL as")


@dataclass
class PostgresServer:
    data_dir: Path
    port: int
    user: pwd.struct_passwd | None

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        def drop_privileges() -> None:
            if self.user is not None:
                os.setgid(self.user.pw_gid)
                os.setuid(self.user.pw_uid)

        subprocess.run(
            args,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=drop_privileges,  # safe: called before any thread starts
            cwd=self.data_dir.parent,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data_dir.parent} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            find_postgres_tool("pg_ctl"),
            "-D", str(self.data_dir), "-o", options, "-l", str(self.data_dir.parent / "log"),
            "-w", "-t", "60", "start",
        )  # fmt: skip
        _wait_for_port(self.port)

    def stop(self, mode: str = "fast") -> None:
        self._run(find_postgres_tool("pg_ctl"), "-D", str(self.data_dir), "-m", mode, "stop")


@contextlib.contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    root = Path(tempfile.mkdtemp(prefix="ogp-pg-"))
    user = _unprivileged_user()
    if user is not None:
        os.chown(root, user.pw_uid, user.pw_gid)
    server = PostgresServer(data_dir=root / "data", port=free_port(), user=user)
    try:
        server._run(
            find_postgres_tool("initdb"),
            "-D", str(server.data_dir), "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        server.start()
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class RedisServer:
    port: int
    directory: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_for_port(self.port)

    def stop(self) -> None:
        stop_process(self.process, timeout=10)


@contextlib.contextmanager
def redis_server() -> Iterator[RedisServer]:
    directory = Path(tempfile.mkdtemp(prefix="ogp-redis-"))
    server = RedisServer(port=free_port(), directory=directory)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)
