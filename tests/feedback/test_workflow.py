"""Moderators' access and privacy housekeeping."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from feedback.models import District, Feedback, Service
from feedback.services import submit_feedback
from feedback.tasks import forget_submitter_ips
from tests.admin_forms import admin_form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def feedback(**kwargs) -> Feedback:
    return Feedback.objects.create(
        service=Service.objects.get(code="roads"),
        district=District.objects.get(slug="sverdlovsky"),
        rating=2,
        description="Pothole",
        tracking_digest=kwargs.pop("tracking_digest", "x" * 64),
        **kwargs,
    )


def test_submitter_ip_is_forgotten_after_30_days():
    old = feedback(submitter_ip="203.0.113.9", tracking_digest="a" * 64)
    Feedback.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = feedback(submitter_ip="203.0.113.10", tracking_digest="b" * 64)
    assert forget_submitter_ips() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.submitter_ip is None
    assert recent.submitter_ip == "203.0.113.10"


def test_moderator_sees_the_moderation_queue_without_personal_data(client):
    feedback(email="private@example.org", submitter_ip="203.0.113.9")
    client.force_login(UserFactory(groups=["Feedback moderators"], is_staff=True))
    page = client.get("/admin/feedback/feedback/?moderation__exact=pending")
    assert page.status_code == 200
    change = client.get(f"/admin/feedback/feedback/{Feedback.objects.get().pk}/change/")
    assert "203.0.113.9" not in change.content.decode()


def test_committee_member_cannot_see_feedback_admin(committee_client):
    assert committee_client.get("/admin/feedback/feedback/").status_code == 403


def test_kgbsk0003_page_links_to_the_feedback_tool(client, plan):
    page = client.get("/en/commitments/KGBSK0003/").content.decode()
    assert 'href="/en/feedback/"' in page


def submitted(client) -> tuple[Feedback, str]:
    """Feedback submitted through the service, with the citizen's tracking path."""
    feedback = submit_feedback(
        service=Service.objects.get(code="heating"),
        district=District.objects.get(slug="leninsky"),
        rating=1,
        description="No heating in block 12 since Monday.",
        language="en",
    )
    return feedback, f"/en/feedback/track/{feedback.tracking_token}/"


def moderator_answers(client, feedback, **data):
    client.force_login(UserFactory(groups=["Feedback moderators"], is_staff=True))
    url = f"/admin/feedback/feedback/{feedback.pk}/change/"
    form = admin_form_data(client.get(url))
    response = client.post(url, form | data)
    client.logout()
    return response


def test_moderator_answer_starts_the_clock_and_citizen_sees_it(client):
    feedback, track = submitted(client)
    response = moderator_answers(
        client, feedback, status="resolved", public_answer="Heating restored on Thursday."
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.first_answered_at is not None and feedback.resolved_at is not None
    assert "Heating restored on Thursday." in client.get(track).content.decode()


def test_rejection_needs_a_reason(client):
    feedback, _track = submitted(client)
    response = moderator_answers(client, feedback, status="rejected")
    assert response.status_code == 200
    assert "Give the reason for rejecting this feedback." in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == "received"


def test_citizen_confirms_resolution_and_rates_the_answer(client):
    feedback, track = submitted(client)
    moderator_answers(client, feedback, status="resolved", public_answer="Fixed.")
    response = client.post(track, {"resolved": "yes", "answer_rating": "5"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.citizen_confirmed, feedback.answer_rating) == (True, 5)


def test_not_resolved_reopens_the_feedback(client):
    feedback, track = submitted(client)
    moderator_answers(client, feedback, status="resolved", public_answer="Fixed.")
    client.post(track, {"resolved": "no", "answer_rating": "1"})
    feedback.refresh_from_db()
    assert feedback.status == "in_progress"
    assert feedback.resolved_at is None
    assert feedback.citizen_confirmed is False


def test_confirmation_after_30_days_is_refused(client):
    feedback, track = submitted(client)
    moderator_answers(client, feedback, status="resolved", public_answer="Fixed.")
    Feedback.objects.filter(pk=feedback.pk).update(
        resolved_at=timezone.now() - datetime.timedelta(days=31)
    )
    response = client.post(track, {"resolved": "no", "answer_rating": "2"})
    assert response.status_code == 400
    assert "More than 30 days have passed" in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == "resolved"


def test_unresolved_feedback_cannot_be_confirmed(client):
    feedback, track = submitted(client)
    response = client.post(track, {"resolved": "yes", "answer_rating": "5"})
    assert response.status_code == 400
    feedback.refresh_from_db()
    assert feedback.citizen_confirmed is None


@pytest.mark.parametrize("rating", ["0", "6", "x"])
def test_answer_rating_outside_1_to_5_is_refused(client, rating):
    feedback, track = submitted(client)
    moderator_answers(client, feedback, status="resolved", public_answer="Fixed.")
    assert client.post(track, {"resolved": "yes", "answer_rating": rating}).status_code == 400
    feedback.refresh_from_db()
    assert feedback.answer_rating is None


@pytest.mark.django_db(transaction=True)
def test_catalogue_comes_back_after_the_database_is_flushed():
    call_command("flush", interactive=False, verbosity=0)
    assert District.objects.count() == 4
    assert Service.objects.filter(code="street-lighting").exists()


def test_a_resolution_is_confirmed_once(client):
    feedback, track = submitted(client)
    moderator_answers(client, feedback, status="resolved", public_answer="Fixed.")
    client.post(track, {"resolved": "yes", "answer_rating": "5"})
    again = client.post(track, {"resolved": "yes", "answer_rating": "1"})
    assert again.status_code == 400
    assert "You have already said whether it was resolved." in again.content.decode()
    feedback.refresh_from_db()
    assert feedback.answer_rating == 5
