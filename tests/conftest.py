import contextlib
import datetime
import io
import os

import pytest
from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from commitments.models import ActionPlan
from tests import factories


def pytest_collection_modifyitems(config, items):
    """The tests sharing a slow setup (an xdist_group: the production-shaped site, the query
    counts' large data) run first. Each group runs on one worker; collected last, as they are
    by their paths, they kept that worker busy for minutes after the other had finished."""
    items.sort(key=lambda item: item.get_closest_marker("xdist_group") is None)


def pytest_runtest_setup(item):
    """Tests that need a real service fail without it under REQUIRE_SERVICES=1, else skip."""
    needs = []
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        needs.append("PostgreSQL (DATABASE_URL)")
    if item.get_closest_marker("redis") and not settings.REDIS_URL:
        needs.append("Redis (REDIS_URL)")
    if needs:
        message = f"needs {' and '.join(needs)}; run `make test`, which starts them"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def plan(db):
    """The official 2025 plan, loaded from the repository's data file."""
    call_command("load_action_plan", stdout=io.StringIO())
    return ActionPlan.objects.get(slug="bishkek-2025")


@pytest.fixture
def client():
    """A browser that prefers English, so that assertions read English messages."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def committee_user(db):
    return factories.UserFactory(groups=["Committee members"], is_staff=True)


@pytest.fixture
def committee_client(client, committee_user):
    client.force_login(committee_user)
    return client


@pytest.fixture
def superuser_client(client, admin_user):
    """The English-reading `client`, signed in as a superuser (pytest-django's admin_client
    reads the back office in the default language, Russian)."""
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def english():
    """Tests read messages in English unless they switch language themselves."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tasks_run_in_process():
    """Run Celery tasks in the test process, as on the embedded default.

    In the PostgreSQL/Redis pass Celery would otherwise publish to a Redis that no worker reads;
    the real worker is covered by tests/services/.
    """
    previous = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = True
    yield
    current_app.conf.task_always_eager = previous


@pytest.fixture
def broker_down(monkeypatch):
    """`with broker_down(task):` publishing the task fails as it does while Redis is down."""

    def refuse(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    @contextlib.contextmanager
    def down(task, method: str = "delay"):
        with monkeypatch.context() as patch:
            patch.setattr(task, method, refuse)
            yield

    return down


@pytest.fixture
def clock(monkeypatch):
    """Set the site's calendar day (Bishkek's date, as `today()` reads it)."""
    real = timezone.localdate

    def set_day(day: datetime.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda value=None, *a, **k: real(value, *a, **k)
                            if value is not None else day)  # fmt: skip
        cache.clear()  # pages rendered on another day

    return set_day
