"""The moderators' tools: answer templates, the overdue list, Open311 keys."""

import datetime

import pytest
from django.utils import timezone

from feedback.models import District, Feedback, Open311Key, ResponseTemplate, Service
from tests.admin_forms import admin_form_data
from tests.factories import FeedbackFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client):
    client.force_login(UserFactory(groups=["Feedback moderators"], is_staff=True))
    return client


def change(client, feedback, **data):
    url = f"/admin/feedback/feedback/{feedback.pk}/change/"
    return client.post(url, admin_form_data(client.get(url)) | data)


def test_starting_templates_exist_for_each_answer_status():
    assert set(ResponseTemplate.objects.values_list("status", flat=True)) >= {
        "received",
        "in_progress",
        "resolved",
        "rejected",
        "duplicate",
    }


def test_template_fills_an_empty_answer_in_the_citizens_language(moderator):
    feedback = FeedbackFactory(language="ru")
    template = ResponseTemplate.objects.get(status="resolved")
    response = change(moderator, feedback, status="resolved", response_template=template.pk)
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.public_answer == template.text_ru
    assert feedback.first_answered_at is not None


def test_template_does_not_overwrite_an_answer_the_moderator_wrote(moderator):
    feedback = FeedbackFactory()
    template = ResponseTemplate.objects.get(status="in_progress")
    change(
        moderator,
        feedback,
        status="in_progress",
        response_template=template.pk,
        public_answer="Crew sent on Monday.",
    )
    feedback.refresh_from_db()
    assert feedback.public_answer == "Crew sent on Monday."


def test_template_for_another_status_is_refused(moderator):
    feedback = FeedbackFactory()
    template = ResponseTemplate.objects.get(status="resolved")
    response = change(moderator, feedback, status="in_progress", response_template=template.pk)
    assert response.status_code == 200
    assert "This template is for the status" in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == "received" and feedback.public_answer == ""


def test_moderators_keep_their_own_templates(moderator):
    response = moderator.post(
        "/admin/feedback/responsetemplate/add/",
        {"status": "received", "name": "Thanks", "text_ru": "Спасибо!", "active": "on"},
    )
    assert response.status_code == 302
    assert ResponseTemplate.objects.filter(name="Thanks").exists()


def test_overdue_filter_lists_open_unanswered_feedback_past_its_deadline(moderator):
    late = FeedbackFactory(description="late one")
    answered = FeedbackFactory(description="answered one", first_answered_at=timezone.now())
    recent = FeedbackFactory(description="recent one")
    past = timezone.now() - datetime.timedelta(days=1)
    Feedback.objects.filter(pk__in=[late.pk, answered.pk]).update(answer_due_at=past)
    assert list(Feedback.objects.overdue()) == [late]
    html = moderator.get("/admin/feedback/feedback/?overdue=yes").content.decode()
    assert f"/admin/feedback/feedback/{late.pk}/change/" in html
    assert f"/admin/feedback/feedback/{recent.pk}/change/" not in html
    assert f"/admin/feedback/feedback/{answered.pk}/change/" not in html


def test_deadline_is_the_one_in_force_when_the_feedback_was_submitted():
    feedback = FeedbackFactory()
    service = feedback.service
    service.response_days = 3
    service.save()
    feedback.save()
    feedback.refresh_from_db()
    assert (feedback.answer_due_at - feedback.created_at).days == 14


def test_admin_creates_an_open311_key_and_shows_it_once(admin_client):
    response = admin_client.post(
        "/admin/feedback/open311key/add/",
        {"name": "My City app", "active": "on", "hourly_limit": "600"},
        follow=True,
        headers={"accept-language": "en"},
    )
    key = Open311Key.objects.get(name="My City app")
    html = response.content.decode()
    assert "Copy it now" in html
    shown = html.split("is ", 1)[1]
    assert key.prefix in shown
    assert key.digest not in html
    again = admin_client.get(
        f"/admin/feedback/open311key/{key.pk}/change/", headers={"accept-language": "en"}
    ).content.decode()
    assert "Copy it now" not in again


def test_moderators_cannot_manage_open311_keys(moderator):
    assert moderator.get("/admin/feedback/open311key/").status_code == 403


def test_a_moderator_cannot_rewrite_what_the_citizen_sent(moderator):
    feedback = FeedbackFactory(description="Their own words", address="Their street")
    response = change(
        moderator,
        feedback,
        description="Other words",
        address="Another street",
        service=Service.objects.get(code="heating").pk,
        district=District.objects.get(slug="oktyabrsky").pk,
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.description, feedback.address) == ("Their own words", "Their street")
    assert (feedback.service.code, feedback.district.slug) == ("roads", "leninsky")


def test_a_public_version_of_the_text_is_shown_and_the_citizens_words_are_kept(moderator):
    feedback = FeedbackFactory(description="Call me on 0555 123 456, Aida")
    change(moderator, feedback, moderation="approved", moderated_description="Call the citizen")
    feedback.refresh_from_db()
    assert feedback.description == "Call me on 0555 123 456, Aida"
    page = moderator.get(f"/en/feedback/requests/{feedback.public_id}/").content.decode()
    assert "Call the citizen" in page and "0555" not in page


def test_a_moderator_finds_feedback_by_its_reference_number(moderator):
    wanted, other = FeedbackFactory(), FeedbackFactory()
    for quoted in [wanted.reference, wanted.reference.replace("-", "").lower()]:
        page = moderator.get("/admin/feedback/feedback/", {"q": quoted}).content.decode()
        assert f"/admin/feedback/feedback/{wanted.pk}/change/" in page
        assert f"/admin/feedback/feedback/{other.pk}/change/" not in page
