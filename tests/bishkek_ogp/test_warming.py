"""Public pages are rendered again by a worker after each change, before a citizen asks."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

from bishkek_ogp import tasks, warming
from bishkek_ogp.lib import public_cache
from commitments.models import Commitment, Milestone
from commitments.services import record_progress
from tests.factories import CommitmentFactory, FeedbackFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

PAGE = "/en/commitments/KGBSK0001/"


@pytest.fixture
def warming_on(settings, tasks_run_in_process):
    settings.PUBLIC_PAGE_WARMING = True


@pytest.fixture
def enqueued(monkeypatch):
    """The warming tasks handed to the broker, which is not reached."""
    calls = []
    monkeypatch.setattr(tasks.warm_public_pages, "apply_async", lambda *a, **k: calls.append(k))
    return calls


def cached(path: str, language: str = "en") -> HttpResponse | None:
    with translation.override(language):
        return cache.get(public_cache.page_key(path))


def forget_process_copies() -> None:
    """As seen from another web process: only the shared cache."""
    public_cache.local.clear()


def test_a_committed_change_has_its_pages_rendered_before_anyone_asks(
    client, plan, warming_on, django_capture_on_commit_callbacks, django_assert_num_queries
):
    milestone = MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0001"))
    with django_capture_on_commit_callbacks(execute=True):
        record_progress(
            milestone=milestone, author=None, status="in_progress", progress=64, note="n"
        )
    forget_process_copies()
    with django_assert_num_queries(0):
        page = client.get(PAGE)
    assert "64%" in page.content.decode()


def test_pages_are_rendered_in_every_language(plan, warming_on):
    warming.warm_pages()
    for language in ("en", "ru", "ky"):
        assert cached(f"/{language}/", language) is not None
        assert cached(f"/{language}/commitments/KGBSK0002/", language) is not None


def test_warmed_pages_are_the_main_pages_and_each_published_commitment(plan):
    CommitmentFactory(plan=plan, code="KGBSK0099", published=False)
    paths = warming.warmed_paths()
    assert {"/en/", "/ru/feedback/stats/", "/ky/monitoring/", "/en/commitments/KGBSK0003/"} <= set(
        paths
    )
    assert not [path for path in paths if "KGBSK0099" in path]
    assert len(paths) == len(set(paths)) == 3 * (len(warming.PAGES) + 3)


def test_pages_still_cached_are_not_rendered_again(plan, django_assert_num_queries):
    warming.warm_pages()
    with django_assert_num_queries(1):  # which commitments are published
        assert warming.warm_pages() == 0


def test_render_again_replaces_a_cached_copy(plan):
    with translation.override("en"):
        cache.set(public_cache.page_key("/en/"), HttpResponse("an hour old"))
    forget_process_copies()
    warming.warm_pages(render_again=True)
    assert b"an hour old" not in cached("/en/").content


@pytest.fixture
def fresh_middleware():
    """The middleware built anew, so that it reads the settings the test changed."""
    warming.handler.cache_clear()
    yield
    warming.handler.cache_clear()


def test_pages_are_rendered_behind_an_https_only_site(plan, settings, fresh_middleware):
    settings.SECURE_SSL_REDIRECT = True  # as HTTPS=1 sets them
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = [".bishkek.example"]
    assert warming.warm_pages() == 0
    assert cached("/en/").status_code == 200


def test_a_page_that_fails_is_counted_and_logged_and_the_others_are_rendered(
    plan, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("the committee page is broken")

    monkeypatch.setattr("commitments.views.Meeting.objects.published", broken)
    assert warming.warm_pages() == 3  # the committee page, in each language
    assert "Warming /en/committee/ answered 500" in caplog.text
    assert cached("/en/") is not None


def test_a_burst_of_changes_is_rendered_once(
    plan, settings, enqueued, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_WARMING = True
    commitment = Commitment.objects.get(code="KGBSK0001")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            MilestoneFactory(commitment=commitment)
    assert enqueued == [{"countdown": tasks.WARMING_DELAY}]


def test_a_change_after_the_rendering_started_schedules_another(
    plan, settings, enqueued, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_WARMING = True
    commitment = Commitment.objects.get(code="KGBSK0001")
    with django_capture_on_commit_callbacks(execute=True):
        MilestoneFactory(commitment=commitment)
    tasks.warm_public_pages()
    with django_capture_on_commit_callbacks(execute=True):
        MilestoneFactory(commitment=commitment)
    assert len(enqueued) == 2


def test_nothing_is_scheduled_when_warming_is_off(
    plan, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0001"))
    assert enqueued == []
    assert tasks.warm_public_pages() == 0
    assert cached("/en/") is None


def test_an_unreachable_broker_is_logged_and_the_save_stands(
    plan, settings, broker_down, django_capture_on_commit_callbacks, caplog
):
    settings.PUBLIC_PAGE_WARMING = True
    commitment = Commitment.objects.get(code="KGBSK0001")
    with (
        broker_down(tasks.warm_public_pages, "apply_async"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        milestone = MilestoneFactory(commitment=commitment)
    assert Milestone.objects.filter(pk=milestone.pk).exists()
    assert "broker unreachable" in caplog.text
    assert cache.get(tasks.WARMING_DUE) is None  # the next change schedules a rendering again


def test_cached_pages_are_rendered_again_before_they_expire(settings):
    from bishkek_ogp.celery import app

    refresh = settings.CELERY_BEAT_SCHEDULE["refresh-public-pages"]
    assert refresh["schedule"] < settings.PUBLIC_PAGE_CACHE_SECONDS
    assert refresh["kwargs"] == {"render_again": True}
    app.loader.import_default_modules()
    assert refresh["task"] in app.tasks


def test_new_feedback_schedules_no_rendering(
    plan, settings, enqueued, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_WARMING = True
    with django_capture_on_commit_callbacks(execute=True):
        FeedbackFactory()
    assert enqueued == []
