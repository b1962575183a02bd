"""On the production shape, a worker renders the public pages after a change, before any visit."""

from __future__ import annotations

import pytest
import redis
import requests

from bishkek_ogp import warming
from tests.services.site import pages_cached_under, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

PUBLISH_PROGRESS = """
import datetime
from django.db.models import Max
from commitments.models import Commitment, Milestone
from commitments.services import record_progress
commitment = Commitment.objects.get(code="KGBSK0001")
last = commitment.milestones.aggregate(last=Max("order"))["last"] or 0
milestone = Milestone.objects.create(
    commitment=commitment, order=last + 1, title_en="Warming check",
    starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2026, 6, 30), is_demo=True,
)
record_progress(milestone=milestone, author=None, status="in_progress", progress=37, note="n",
                is_demo=True)
"""


@pytest.fixture
def worker(site):
    site.start_worker("warming")
    yield
    site.stop_workers()


def test_a_published_change_is_rendered_in_every_language_before_anyone_asks(site, worker):
    store = redis.Redis.from_url(site.redis.url)
    site.manage("shell", "-c", PUBLISH_PROGRESS)
    version = int(store.get(next(store.scan_iter(match=b"*public-content-version"))))
    expected = len(warming.PAGES) + 3  # and the three commitments' pages, in three languages
    wait_until(
        lambda: pages_cached_under(site.redis.url, version) == 3 * expected,
        "the pages rendered",
        60,
    )
    page = requests.get(f"{site.url}/en/commitments/KGBSK0001/", timeout=10)
    assert "Warming check" in page.text
