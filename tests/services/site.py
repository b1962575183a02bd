"""The production shape in miniature: gunicorn + PostgreSQL + Redis (+ Celery workers), throwaway.

Fault tests stop and restart these services under a running web process, so the site gets its own
servers rather than the test database: nothing a test breaks here can touch the rest of the suite.
The site runs the production settings (DEBUG off, collected static files), with the official plan.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import requests

from bishkek_ogp.lib.human_check import form_stamp
from tools.servers import (
    PostgresServer,
    RedisServer,
    celery_worker_command,
    free_port,
    postgres_server,
    redis_server,
    stop_process,
)

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
# The committee member tests/services/conftest.py creates on the site.
MEMBER_PASSWORD = "a long password for the fault tests"


PUBLISH_PROGRESS = """
import datetime
from django.db.models import Max
from django.utils import timezone
from commitments.models import Commitment, Milestone, Subscription
from commitments.services import record_progress
commitment = Commitment.objects.get(code={code!r})
if {follower!r}:
    Subscription.objects.create(
        email={follower!r}, plan=commitment.plan, commitment=commitment, language="en",
        confirmed_at=timezone.now() - datetime.timedelta(days=1),
    )
last = commitment.milestones.aggregate(last=Max("order"))["last"] or 0
milestone = Milestone.objects.create(
    commitment=commitment, order=last + 1, title_en={title!r},
    starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2026, 6, 30),
)
record_progress(milestone=milestone, author=None, status="in_progress", progress=20, note={note!r})
"""


@dataclass
class Site:
    postgres: PostgresServer
    redis: RedisServer
    directory: Path
    static_root: Path  # collected once per test run (tests/collected_static.py)
    port: int = field(default_factory=free_port)
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))
    web: subprocess.Popen | None = None
    workers: list[subprocess.Popen] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def media_root(self) -> Path:
        return self.directory / "media"

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bishkek_ogp.settings",
            "DATABASE_URL": self.postgres.url,
            "REDIS_URL": self.redis.url,
            "SECRET_KEY": self.secret_key,
            "DEBUG": "0",
            "ALLOWED_HOSTS": HOST,
            "VAR_DIR": str(self.directory),
            "MEDIA_ROOT": str(self.media_root),
            "STATIC_ROOT": str(self.static_root),
            "LOG_LEVEL": "WARNING",
            **extra,
        }

    def manage(self, *args: str, **env: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(**env),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Read the site's database directly, as an operator would."""
        with psycopg.connect(self.postgres.url.replace("postgres://", "postgresql://")) as db:
            return db.execute(sql, params).fetchall()

    def execute(self, sql: str, params: tuple = ()) -> None:
        with psycopg.connect(self.postgres.url.replace("postgres://", "postgresql://")) as db:
            db.execute(sql, params)

    def count(self, table: str) -> int:
        return self.query(f"SELECT count(*) FROM {table}")[0][0]  # our own table names

    def start_web(self) -> None:
        log = open(self.directory / "gunicorn.log", "a")  # noqa: SIM115 (closed with the process)
        self.web = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "bishkek_ogp.wsgi:application",
                "--bind", f"{HOST}:{self.port}", "--workers", "2", "--timeout", "30",
            ],
            cwd=ROOT, env=self.env(), stdout=log, stderr=log,
        )  # fmt: skip
        wait_until(lambda: requests.get(f"{self.url}/healthz", timeout=2).ok, "gunicorn")

    def start_worker(self, name: str, **env: str) -> subprocess.Popen:
        log = open(self.directory / f"worker-{name}.log", "a")  # noqa: SIM115
        worker = subprocess.Popen(
            celery_worker_command(name), cwd=ROOT, env=self.env(**env), stdout=log, stderr=log
        )
        self.workers.append(worker)
        return worker

    def form_started(self) -> str:
        """A public form's signed start stamp, as if opened long enough ago to pass the check."""
        return form_stamp(time.time() - 30, key=self.secret_key)

    def feedback_form(self, description: str, **fields: str) -> dict[str, str]:
        """What a citizen's browser posts from the feedback form."""
        service, district = self.query(
            "SELECT (SELECT min(id) FROM feedback_service), (SELECT min(id) FROM feedback_district)"
        )[0]
        return {
            "service": str(service),
            "district": str(district),
            "rating": "4",
            "description": description,
            "idempotency_key": secrets.token_hex(16),
            "started": self.form_started(),
            "website": "",
            **fields,
        }

    def publish_progress(self, code: str, title: str, note: str, *, follower: str = "") -> None:
        """From another process, as the admin would: a new milestone and progress published on it.

        `follower`: an address that has followed the commitment (confirmed) since the day before.
        """
        self.manage("shell", "-c", PUBLISH_PROGRESS.format(
            code=code, title=title, note=note, follower=follower
        ))  # fmt: skip

    def stop_workers(self) -> None:
        for worker in self.workers:
            stop_process(worker)
        self.workers.clear()

    def stop(self) -> None:
        self.stop_workers()
        stop_process(self.web)


def wait_until(check, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException, psycopg.Error):
            if check():
                return
        time.sleep(0.2)
    raise AssertionError(f"{what} not ready within {timeout:.0f}s")


def csrf_session(url: str) -> tuple[requests.Session, str]:
    """A browser session holding the CSRF cookie that the site's forms set."""
    session = requests.Session()
    session.get(url, timeout=10).raise_for_status()
    return session, session.cookies["csrftoken"]


@contextlib.contextmanager
def running_site(directory: Path, static_root: Path) -> Iterator[Site]:
    with postgres_server() as postgres, redis_server() as redis:
        site = Site(postgres=postgres, redis=redis, directory=directory, static_root=static_root)
        site.manage("migrate", "--noinput")
        site.manage("load_action_plan")
        try:
            site.start_web()
            yield site
        finally:
            site.stop()
