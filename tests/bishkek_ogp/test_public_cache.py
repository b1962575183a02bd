"""The page cache's in-process layer: hits without a round trip, changes seen within a second."""

import contextlib

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

from bishkek_ogp.lib import public_cache
from commitments.models import Commitment, Milestone
from commitments.services import record_progress
from tests.factories import FeedbackFactory, MilestoneFactory, UserFactory

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


@contextlib.contextmanager
def shared_cache_down(monkeypatch):
    """What django-redis answers while Redis is down: its errors are ignored (settings)."""
    with monkeypatch.context() as outage:
        outage.setattr(public_cache.cache, "get", lambda key, default=None, **kwargs: default)
        for method in ("set", "add", "incr"):
            outage.setattr(public_cache.cache, method, lambda *args, **kwargs: None)
        yield
    public_cache.local.versions.clear()  # the versions held during the outage are let go


def rename_milestone(milestone, title: str) -> None:
    milestone.title_en = title
    milestone.save()


def test_a_change_made_while_the_shared_cache_was_down_shows_once_it_is_back_with_its_data(
    client, plan, monkeypatch
):
    milestone = MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0001"))
    client.get(PAGE)  # cached in Redis and in this process before the outage
    with shared_cache_down(monkeypatch):
        rename_milestone(milestone, "Renamed during the outage")
    assert "Renamed during the outage" in client.get(PAGE).content.decode()


def test_pages_rendered_while_the_shared_cache_is_down_are_not_kept_for_after_it(
    client, plan, monkeypatch
):
    milestone = MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0001"))
    with shared_cache_down(monkeypatch):
        client.get(PAGE)
        rename_milestone(milestone, "Renamed during the outage")
        assert "Renamed during the outage" in client.get(PAGE).content.decode()
    cache.clear()  # Redis restarted without its data
    assert "Renamed during the outage" in client.get(PAGE).content.decode()


def test_an_emptied_shared_cache_starts_its_versions_above_any_used_before(monkeypatch):
    first = public_cache.content_version()
    for _ in range(3):
        public_cache.bump_version(public_cache.CONTENT)
    before_restart = public_cache.content_version()
    later = public_cache.time.time_ns() + 1_000_000_000  # Redis restarts a second later
    monkeypatch.setattr(public_cache.time, "time_ns", lambda: later)
    cache.clear()
    public_cache.local.clear()
    assert public_cache.content_version() > before_restart > first


def test_group_changes_of_an_account_keep_the_public_pages(plan):
    user = UserFactory()
    before = public_cache.content_version()
    user.groups.add(Group.objects.create(name="Anyone"))
    public_cache.local.versions.clear()
    assert public_cache.content_version() == before


def test_a_commitments_ogp_values_changing_drops_the_public_pages(plan):
    commitment = Commitment.objects.get(code="KGBSK0001")
    before = public_cache.content_version()
    commitment.ogp_values.clear()
    public_cache.local.versions.clear()
    assert public_cache.content_version() > before
