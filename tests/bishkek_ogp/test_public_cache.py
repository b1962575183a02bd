"""The page cache's in-process layer: hits without a round trip, changes seen within a second."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

from bishkek_ogp.lib import public_cache
from commitments.models import Commitment, Milestone
from commitments.services import record_progress
from tests.factories import FeedbackFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

PAGE = "/en/commitments/KGBSK0001/"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(public_cache.time, "monotonic", clock)
    return clock


def another_process_changes_content() -> None:
    """What a save in another web process or a worker does: only the shared version moves."""
    cache.incr(public_cache.VERSION_KEYS[public_cache.CONTENT])


def test_a_hit_in_process_memory_needs_neither_database_nor_shared_cache(
    client, plan, django_assert_num_queries, monkeypatch
):
    client.get(PAGE)
    monkeypatch.setattr(public_cache.cache, "get", lambda *a, **k: pytest.fail("shared cache"))
    with django_assert_num_queries(0):
        assert client.get(PAGE).status_code == 200


def test_each_hit_is_a_new_response(client, plan):
    client.get(PAGE)
    first, second = client.get(PAGE), client.get(PAGE)
    assert first is not second
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert first.content == second.content


def test_another_process_change_shows_once_the_held_version_is_a_second_old(client, plan, clock):
    milestone = MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0001"))
    client.get(PAGE)
    Milestone.objects.filter(pk=milestone.pk).update(title_en="Renamed elsewhere")  # no signal
    another_process_changes_content()
    clock.now += 0.5
    assert "Renamed elsewhere" not in client.get(PAGE).content.decode()
    clock.now += 0.6
    assert "Renamed elsewhere" in client.get(PAGE).content.decode()


def test_a_change_made_in_this_process_shows_at_once(client, plan, clock):
    milestone = MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0001"))
    client.get(PAGE)
    record_progress(milestone=milestone, author=None, status="in_progress", progress=64, note="n")
    assert "64%" in client.get(PAGE).content.decode()


def test_process_memory_keeps_only_the_most_recent_pages(monkeypatch):
    pages = public_cache.LocalPages(size=2)
    for key in ("a", "b", "c"):
        pages.put(key, public_cache.HttpResponse(key), 60)
    assert pages.get("a") is None
    assert pages.get("c").content == b"c"


def test_pages_expire_from_process_memory(clock):
    pages = public_cache.LocalPages(size=5)
    pages.put("a", public_cache.HttpResponse("a"), 60)
    clock.now += 61
    assert pages.get("a") is None


def test_new_feedback_keeps_pages_that_do_not_show_feedback_cached(
    client, plan, django_assert_num_queries
):
    client.get("/en/")
    FeedbackFactory()
    with django_assert_num_queries(0):
        assert client.get("/en/").status_code == 200


def test_new_feedback_shows_at_once_on_the_pages_that_show_feedback(client, plan):
    client.get("/en/feedback/requests/")
    FeedbackFactory()
    listing = client.get("/en/feedback/requests/")
    assert listing.context is not None, "the list was served from the cache"  # no render


def test_content_changes_drop_the_feedback_pages_too(client, plan):
    client.get("/en/feedback/stats/")
    MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0003"))
    assert client.get("/en/feedback/stats/").context is not None


def test_new_feedback_refreshes_only_the_feedback_commitments_page(client, plan):
    client.get("/en/commitments/KGBSK0001/")
    client.get("/en/commitments/KGBSK0003/")
    FeedbackFactory()
    assert client.get("/en/commitments/KGBSK0001/").context is None  # still cached
    assert client.get("/en/commitments/KGBSK0003/").context is not None  # rendered again


def test_a_page_cached_from_the_rows_before_a_change_is_dropped_when_the_change_commits(
    client, plan, django_capture_on_commit_callbacks
):
    milestone = MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0001"))
    with django_capture_on_commit_callbacks(execute=True):
        milestone.title_en = "Renamed and committed"
        milestone.save()
        # Meanwhile another process, still reading the uncommitted rows, caches the page as it
        # was, under the version the save has just moved.
        with translation.override("en"):
            cache.set(public_cache.page_key(PAGE), HttpResponse("the page before the change"))
    assert "Renamed and committed" in client.get(PAGE).content.decode()


def test_a_change_made_while_the_shared_cache_was_unreachable_shows_once_it_is_back(
    client, plan, clock, monkeypatch
):
    milestone = MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0001"))
    client.get(PAGE)
    with monkeypatch.context() as outage:
        # What django-redis answers while Redis is down: its errors are ignored (settings).
        outage.setattr(public_cache.cache, "incr", lambda *args, **kwargs: None)
        outage.setattr(public_cache.cache, "add", lambda *args, **kwargs: None)
        milestone.title_en = "Renamed during the outage"
        milestone.save()
    clock.now += 2
    assert "Renamed during the outage" in client.get(PAGE).content.decode()
