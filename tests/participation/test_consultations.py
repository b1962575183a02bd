"""Consultations: a citizen sends a proposal, a moderator publishes it, the answering body
answers with a reason and links what it became; the citizen's private link shows the answer."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from participation.models import Contribution, Moderation
from participation.selectors import MIN_CONTRIBUTIONS, consultation_figures
from tests.admin_forms import admin_form_data
from tests.factories import ConsultationFactory, UserFactory

from .helpers import contribute, latest, private_link

pytestmark = pytest.mark.django_db

REASON = "Lighting goes into the plan for the two largest parks first."


@pytest.fixture
def consultation(plan):
    return ConsultationFactory(plan=plan, title_en="Co-creation of the next plan")


@pytest.fixture
def moderator_client(client):
    client.force_login(UserFactory(groups=["Feedback moderators"], is_staff=True))
    return client


def admin_change(client, row, **changes):
    url = reverse(f"admin:participation_{row._meta.model_name}_change", args=[row.pk])
    return client.post(url, admin_form_data(client.get(url)) | changes)


def test_a_contribution_waits_for_moderation_before_it_is_public(client, consultation):
    response = contribute(client, consultation, text="Light the park paths.")
    assert response.status_code == 200
    assert "/my/" in response.content.decode()
    assert latest(Contribution).moderation == Moderation.PENDING
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Light the park paths." not in page


def test_the_same_contribution_sent_twice_is_stored_once(client, consultation):
    first = private_link(contribute(client, consultation))
    again = private_link(contribute(client, consultation))
    assert first == again
    assert Contribution.objects.count() == 1


def test_a_closed_consultation_takes_no_contribution(client, plan):
    closed = ConsultationFactory(
        plan=plan, opens_on=datetime.date(2025, 1, 1), closes_on=datetime.date(2025, 2, 1)
    )
    response = contribute(client, closed)
    assert "not open for contributions" in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_moderated_contribution_answered_with_its_milestone_reaches_every_page(
    client, consultation, committee_client, django_capture_on_commit_callbacks
):
    link = private_link(contribute(client, consultation, email="aida@example.org"))
    contribution = latest(Contribution)
    moderating = Client()
    moderating.force_login(UserFactory(groups=["Feedback moderators"], is_staff=True))
    assert admin_change(moderating, contribution, moderation="approved").status_code == 302
    milestone = consultation.plan.commitments.get(code="KGBSK0001").milestones.create(
        order=9, title_en="Park lighting", starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 1),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        answered = admin_change(
            committee_client, contribution, response="partly", response_reason=REASON,
            became_milestone=milestone.pk,
        )  # fmt: skip
    assert answered.status_code == 302, answered.content.decode()[:2000]

    mine = client.get(link).content.decode()
    assert "Partly accepted" in mine and REASON in mine
    public = client.get(consultation.get_absolute_url()).content.decode()
    assert "Light the park paths." in public and REASON in public
    assert "aida@example.org" not in public
    origin = client.get(milestone.get_absolute_url()).content.decode()
    assert "Where it came from" in origin and contribution.get_absolute_url() in origin
    [message] = mail.outbox
    assert message.to == ["aida@example.org"] and REASON in message.body


def test_an_answer_gives_its_reason(consultation, committee_client, client):
    contribute(client, consultation)
    contribution = latest(Contribution)
    Contribution.objects.filter(pk=contribution.pk).update(moderation="approved")
    response = admin_change(committee_client, contribution, response="not_accepted")
    assert response.status_code == 200
    assert "Every response gives its reason." in response.content.decode()


def test_a_moderator_cannot_answer_for_the_body(consultation, moderator_client, client):
    contribute(client, consultation)
    contribution = latest(Contribution)
    admin_change(moderator_client, contribution, moderation="approved", response="accepted",
                 response_reason="Yes.")  # fmt: skip
    contribution.refresh_from_db()
    assert contribution.moderation == "approved"
    assert contribution.response == ""  # the field was not editable for the moderator


def test_figures_are_suppressed_under_ten_contributions(consultation):
    for n in range(MIN_CONTRIBUTIONS - 1):
        Contribution.objects.create(
            consultation=consultation, kind="comment", text=f"Comment {n}", language="en",
            moderation="approved", tracking_digest=f"{n:064}",
        )  # fmt: skip
    assert consultation_figures(consultation).suppressed
    Contribution.objects.create(
        consultation=consultation, kind="comment", text="Tenth", language="en",
        moderation="approved", tracking_digest="f" * 64, response="accepted",
        response_reason="Taken up.", responded_at=consultation.created_at,
    )  # fmt: skip
    figures = consultation_figures(consultation)
    assert (figures.contributions, figures.answered, figures.share_accepted) == (10, 1, 100)


def test_no_email_or_address_is_in_the_api_or_the_open_data(client, consultation):
    contribute(client, consultation, email="aida@example.org")
    Contribution.objects.update(moderation="approved")
    for url in (
        "/api/v1/consultations/",
        "/en/data/contributions.csv",
        "/en/data/contributions.json",
    ):
        body = client.get(url).content.decode()
        assert "Light the park paths." in body, url
        assert "aida@example.org" not in body and "203.0.113.7" not in body, url


def test_search_and_the_feed_find_the_consultation(client, consultation):
    page = client.get("/en/search/?q=co-creation").content.decode()
    assert consultation.get_absolute_url() in page
    feed = client.get("/en/consultations/feed/").content.decode()
    assert "Co-creation of the next plan" in feed
