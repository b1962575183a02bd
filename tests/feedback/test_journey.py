"""After sending feedback: a reference number, the answer's due date, the address given shown
back, a link that can be copied, and an acknowledgement email with that link."""

import re

import pytest
from django.core import mail

from feedback.models import Feedback
from tests.feedback.test_submit import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture(autouse=True)
def in_process(tasks_run_in_process):
    """The acknowledgement is sent by a task: run it here."""


def send(client, django_capture_on_commit_callbacks, language="en", **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/{language}/feedback/", form_data(**overrides), REMOTE_ADDR="203.0.113.7"
        )
    assert response.status_code == 200, response.content.decode()[:300]
    return response.content.decode()


def tracking_path(page: str, language="en") -> str:
    return re.search(rf'href="http://testserver(/{language}/feedback/track/\w+/)"', page)[1]


def test_thanks_page_gives_a_short_reference_and_the_answers_due_date(
    client, django_capture_on_commit_callbacks
):
    page = send(client, django_capture_on_commit_callbacks)
    feedback = Feedback.objects.get()
    assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}", feedback.reference)
    assert f'<strong class="reference">{feedback.reference}</strong>' in page
    due = feedback.answer_due_at.astimezone(feedback.answer_due_at.tzinfo)
    assert "Answer due by" in page and str(due.year) in page


def test_thanks_page_shows_the_address_given_back(client, django_capture_on_commit_callbacks):
    page = send(client, django_capture_on_commit_callbacks, email="citizen@example.org")
    assert "We will write to citizen@example.org" in page


def test_thanks_page_says_when_no_address_was_given(client, django_capture_on_commit_callbacks):
    page = send(client, django_capture_on_commit_callbacks)
    assert "None given: only this link will tell you of the answer." in page
    assert mail.outbox == []


def test_copy_button_is_an_enhancement_over_a_selectable_link(
    client, django_capture_on_commit_callbacks
):
    page = send(client, django_capture_on_commit_callbacks)
    assert re.search(
        r'<a id="tracking-link" href="[^"]+">http://testserver/en/feedback/track/', page
    )
    assert re.search(
        r'<button type="button" class="copy-button[^"]*" data-copy="#tracking-link"[^>]* hidden>',
        page,
    )
    assert '<script src="/static/js/copy.js" defer></script>' in page


def test_acknowledgement_email_carries_the_reference_and_the_private_link(
    client, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://open.bishkek.example"
    page = send(client, django_capture_on_commit_callbacks, email="citizen@example.org")
    feedback = Feedback.objects.get()
    [message] = mail.outbox
    assert message.to == ["citizen@example.org"]
    assert feedback.reference in message.subject
    link = "https://open.bishkek.example" + tracking_path(page)
    assert link in message.body
    assert link in message.alternatives[0][0]
    assert "emptied two days late" in client.get(tracking_path(page)).content.decode()


def test_acknowledgement_is_written_in_the_citizens_language(
    client, django_capture_on_commit_callbacks
):
    send(client, django_capture_on_commit_callbacks, language="ru", email="citizen@example.org")
    [message] = mail.outbox
    assert "/ru/feedback/track/" in message.body
    assert "has been received" not in message.subject


def test_a_repeated_send_is_acknowledged_once(client, django_capture_on_commit_callbacks):
    send(client, django_capture_on_commit_callbacks, email="citizen@example.org")
    send(client, django_capture_on_commit_callbacks, email="citizen@example.org")
    assert Feedback.objects.count() == 1
    assert len(mail.outbox) == 1
