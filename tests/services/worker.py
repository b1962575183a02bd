"""A real Celery worker process for integration tests, on the test database and a given Redis."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import kombu.pools
from celery import current_app
from django.conf import settings
from django.db import connection

from tools.servers import celery_worker_command, stop_process

ROOT = Path(__file__).resolve().parents[2]


def test_database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@contextlib.contextmanager
def celery_worker(
    redis_url: str, log_path: Path, extra_env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen]:
    # Not PYTEST_XDIST_WORKER: the worker takes `redis_url` as given, not the test worker's own.
    inherited = {k: v for k, v in os.environ.items() if k != "PYTEST_XDIST_WORKER"}
    env = {
        **inherited,
        **(extra_env or {}),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": redis_url,
        "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    command = celery_worker_command(f"test-{os.getpid()}")
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            yield process
        finally:
            stop_process(process)


def reset_publisher() -> None:
    # Celery caches its connection and producer pools, and kombu keeps them in process-wide
    # registries keyed by broker URL; drop them all so the next publish reconnects from scratch.
    # Closing only the app's pool would leave a closed pool registered under its URL.
    kombu.pools.reset()
    current_app._pool = None
    current_app.amqp._producer_pool = None


@contextlib.contextmanager
def broker(url: str):
    """Point this process's Celery publisher at another Redis for the duration."""
    previous = current_app.conf.broker_url
    current_app.conf.broker_url = url
    reset_publisher()
    try:
        yield
    finally:
        current_app.conf.broker_url = previous
        reset_publisher()
