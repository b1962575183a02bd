"""The public page cache: Django's cache under one content version that an explicit list moves."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from bishkek_ogp.lib import page_cache
from commitments.models import Commitment, Milestone, Subscription
from commitments.services import record_progress
from monitoring.models import ReportJob
from tests.factories import FeedbackFactory, MilestoneFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

PAGE = "/en/commitments/KGBSK0001/"


def rendered(response) -> bool:
    """Whether the view rendered the page (a copy from the cache renders no template)."""
    return response.context is not None


@pytest.fixture
def milestone(plan):
    return MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0001"))


def rename_without_signals(milestone, title: str) -> None:
    """Change a row behind the cache's back, so that a stale copy would show the old title."""
    Milestone.objects.filter(pk=milestone.pk).update(title_en=title)


def test_a_second_visit_is_served_from_the_cache_without_queries(
    client, milestone, django_assert_num_queries
):
    assert rendered(client.get(PAGE))
    with django_assert_num_queries(0):
        response = client.get(PAGE)
    assert response.status_code == 200 and not rendered(response)


def test_a_change_to_a_public_model_shows_on_the_next_anonymous_request(
    client, milestone, django_capture_on_commit_callbacks
):
    client.get(PAGE)
    with django_capture_on_commit_callbacks(execute=True):
        record_progress(
            milestone=milestone, author=None, status="in_progress", progress=64, note="n"
        )
    assert "64%" in client.get(PAGE).content.decode()


def test_the_version_moves_once_the_change_commits_not_before(
    milestone, django_capture_on_commit_callbacks
):
    before = page_cache.content_version()
    with django_capture_on_commit_callbacks() as callbacks:
        milestone.title_en = "Renamed"
        milestone.save()
        assert page_cache.content_version() == before  # other processes still read the old rows
    for callback in callbacks:
        callback()
    assert page_cache.content_version() > before


def test_a_many_to_many_change_of_a_public_model_moves_the_version(
    plan, django_capture_on_commit_callbacks
):
    before = page_cache.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        Commitment.objects.get(code="KGBSK0001").ogp_values.clear()
    assert page_cache.content_version() > before


def save_subscription(plan) -> None:
    Subscription.objects.create(email="a@example.org", plan=plan, language="en")


def save_report_job(plan) -> None:
    ReportJob.objects.create(kind=ReportJob.Kind.PLAN, plan=plan, language="en")


def save_feedback(plan) -> None:
    FeedbackFactory()


def change_an_accounts_groups(plan) -> None:
    UserFactory().groups.add(Group.objects.get(name="Monitors"))


@pytest.mark.parametrize(
    "back_office_save",
    [save_subscription, save_report_job, save_feedback, change_an_accounts_groups],
)
def test_a_back_office_save_does_not_move_the_version(
    plan, back_office_save, django_capture_on_commit_callbacks
):
    before = page_cache.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        back_office_save(plan)
    assert page_cache.content_version() == before


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "csrftoken"])
def test_a_request_with_a_personal_cookie_never_reads_the_shared_copy(client, milestone, cookie):
    client.get(PAGE)
    rename_without_signals(milestone, "Only a fresh render shows this")
    client.cookies[cookie] = "anything"
    response = client.get(PAGE)
    assert "Only a fresh render shows this" in response.content.decode()
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "csrftoken"])
def test_a_request_with_a_personal_cookie_never_writes_a_shared_copy(client, plan, cookie):
    visitor = client.__class__(headers={"accept-language": "en"})
    visitor.cookies[cookie] = "anything"
    visitor.get(PAGE)
    assert rendered(client.get(PAGE)), "an anonymous visitor was served the personal page"


def test_a_signed_in_members_page_is_neither_shared_nor_reused(client, plan):
    member = client.__class__(headers={"accept-language": "en"})
    member.force_login(UserFactory(is_staff=True))
    assert rendered(member.get(PAGE))
    assert rendered(member.get(PAGE))
    assert rendered(client.get(PAGE))


@pytest.mark.urls("tests.bishkek_ogp.page_cache_urls")
def test_a_page_that_showed_a_message_is_never_served_to_another_visitor(client, plan):
    first = client.get("/greeting/")
    assert "A message for this visitor only" in first.content.decode()
    assert "private" in first["Cache-Control"]
    someone_else = client.__class__(headers={"accept-language": "en"})
    assert rendered(someone_else.get("/greeting/"))


def test_unknown_query_parameters_are_dropped_by_a_redirect(client, plan):
    response = client.get("/en/updates/?utm_source=x&page=1&fbclid=y")
    assert response.status_code == 301
    assert response["Location"] == "/en/updates/?page=1"
    assert client.get("/en/commitments/?junk=1")["Location"] == "/en/commitments/"


def test_junk_query_strings_neither_render_nor_store_pages(client, plan, monkeypatch):
    client.get(PAGE)
    stored = []
    monkeypatch.setattr(cache, "set", lambda *args, **kwargs: stored.append(args))
    for junk in range(20):
        assert not rendered(client.get(f"{PAGE}?r={junk}"))
    assert stored == []


def test_the_order_of_known_parameters_shares_one_copy(client, plan):
    assert rendered(client.get("/en/commitments/?status=limited&overdue=false"))
    assert not rendered(client.get("/en/commitments/?overdue=false&status=limited"))


@pytest.mark.parametrize(
    "address", ["/en/commitments/?status=bogus", "/en/updates/?page=99", "/en/updates/?page=x"]
)
def test_addresses_outside_the_pages_links_are_refused_and_never_stored(client, plan, address):
    first = client.get(address)
    assert first.status_code in (400, 404)
    assert rendered(client.get(address))


def test_each_language_has_its_own_copy(client, plan):
    client.get("/en/about/")
    assert '<html lang="ru">' in client.get("/ru/about/").content.decode()


def test_pages_render_while_the_cache_is_unreachable(client, milestone, monkeypatch):
    # What django-redis answers while Redis is down: its errors are ignored (settings).
    monkeypatch.setattr(cache, "get", lambda key, default=None, **kwargs: default)
    for method in ("set", "add", "incr"):
        monkeypatch.setattr(cache, method, lambda *args, **kwargs: None)
    rename_without_signals(milestone, "Seen while the cache is down")
    assert "Seen while the cache is down" in client.get(PAGE).content.decode()


def test_pages_set_no_cookies_and_may_be_kept_briefly_by_browsers(client, plan):
    response = client.get(PAGE)
    assert not response.cookies
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
