"""The public list of requests: ratings and answers at once, citizens' text after moderation."""

import pytest

from feedback.models import District, Feedback, Service
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db

LIST = "/en/feedback/requests/"


def test_pending_text_is_not_public_but_the_request_and_its_rating_are(client):
    feedback = FeedbackFactory(description="Call me on 0555 123 456", rating=2)
    html = client.get(LIST).content.decode()
    assert "Rated 2 / 5" in html
    assert "0555 123 456" not in html
    detail = client.get(feedback.get_absolute_url()).content.decode()
    assert "0555 123 456" not in detail
    assert "published after moderation" in detail


def test_approved_text_and_the_city_answer_are_public(client):
    feedback = FeedbackFactory(
        description="Potholes on Chui avenue",
        moderation=Feedback.Moderation.APPROVED,
        public_answer="Repairs are scheduled for May.",
        address="Chui avenue 120",
    )
    detail = client.get(feedback.get_absolute_url()).content.decode()
    assert "Potholes on Chui avenue" in detail
    assert "Repairs are scheduled for May." in detail
    assert "Chui avenue 120" in detail
    assert "Potholes on Chui avenue" in client.get(LIST).content.decode()


def test_hidden_feedback_is_neither_listed_nor_shown(client):
    feedback = FeedbackFactory(
        description="Abusive text", moderation=Feedback.Moderation.HIDDEN, rating=1
    )
    assert "Rated 1 / 5" not in client.get(LIST).content.decode()
    assert client.get(feedback.get_absolute_url()).status_code == 404


def test_email_never_appears_publicly(client):
    feedback = FeedbackFactory(
        email="resident@example.org", moderation=Feedback.Moderation.APPROVED
    )
    for url in (LIST, feedback.get_absolute_url(), "/en/feedback/stats/", "/en/feedback/stats.csv"):
        assert b"resident@example.org" not in client.get(url).content


def test_links_in_citizens_text_are_not_rendered(client):
    feedback = FeedbackFactory(
        description='See <a href="https://spam.example">this</a> and https://spam.example',
        moderation=Feedback.Moderation.APPROVED,
    )
    html = client.get(feedback.get_absolute_url()).content.decode()
    assert 'href="https://spam.example"' not in html
    assert "&lt;a href=" in html


def test_list_filters_by_service_district_and_state(client):
    FeedbackFactory(service=Service.objects.get(code="heating"), rating=1)
    FeedbackFactory(
        district=District.objects.get(slug="pervomaisky"),
        status=Feedback.Status.RESOLVED,
        rating=5,
    )
    assert "Rated 1 / 5" in client.get(LIST, {"service": "heating"}).content.decode()
    assert "Rated 5 / 5" not in client.get(LIST, {"service": "heating"}).content.decode()
    by_district = client.get(LIST, {"district": "pervomaisky"}).content.decode()
    assert "Rated 5 / 5" in by_district and "Rated 1 / 5" not in by_district
    closed = client.get(LIST, {"state": "closed"}).content.decode()
    assert "Rated 5 / 5" in closed and "Rated 1 / 5" not in closed


def test_unknown_filter_value_is_refused_with_a_message_not_a_crash(client):
    response = client.get(LIST, {"service": "no-such-service", "state": "sideways"})
    assert response.status_code == 400
    assert "Some filters were not understood" in response.content.decode()


def test_pagination_keeps_the_filters(client):
    FeedbackFactory.create_batch(21, service=Service.objects.get(code="heating"))
    html = client.get(LIST, {"service": "heating"}).content.decode()
    assert 'href="?service=heating&amp;page=2"' in html


def test_empty_list_says_so(client):
    assert "No feedback matches these filters yet." in client.get(LIST).content.decode()
