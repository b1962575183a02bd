"""Questions to the committee: asked on a commitment, answered publicly within the promised
days; a late one is on the committee's attention list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.models import ANSWER_WITHIN_DAYS, Question
from participation.services import review

from .helpers import ask, latest, private_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(client, plan):
    link = private_link(ask(client, plan.commitments.get(code="KGBSK0002")))
    question = latest(Question)
    Question.objects.filter(pk=question.pk).update(moderation="approved")
    question.refresh_from_db()
    question.link = link
    return question


def test_a_question_unanswered_past_its_date_is_on_the_attention_list(committee_client, question):
    late = timezone.now() - datetime.timedelta(days=ANSWER_WITHIN_DAYS + 2)
    Question.objects.filter(pk=question.pk).update(created_at=late)
    page = committee_client.get("/admin/").content.decode()
    panel = page.split('id="questions-attention"')[1].split("</div>")[0]
    assert "Past their answer date (1)" in panel
    assert reverse("admin:participation_question_change", args=[question.pk]) in panel


def test_a_question_within_its_days_is_not_late(committee_client, question):
    panel = committee_client.get("/admin/").content.decode().split('id="questions-attention"')[1]
    assert "Past their answer date (0)" in panel


def test_an_answered_question_shows_on_the_commitment_page_and_the_private_link(
    client, committee_user, question
):
    question.answer = "The register opens in March in two districts."
    review(row=question, by=committee_user)
    page = client.get("/en/commitments/KGBSK0002/").content.decode()
    assert "When is the land register opened?" in page
    assert "The register opens in March in two districts." in page
    assert "The register opens in March" in client.get(question.link).content.decode()
    assert not Question.objects.past_their_answer_date().exists()


def test_a_question_waiting_for_moderation_is_not_public(client, plan):
    ask(client, plan.commitments.get(code="KGBSK0002"), text="Is the map public?")
    assert "Is the map public?" not in client.get("/en/commitments/KGBSK0002/").content.decode()


def test_the_citizens_words_cannot_be_changed_in_review(committee_user, question):
    question.text = "Something else."
    with pytest.raises(Exception, match="the citizen's words stay"):
        review(row=question, by=committee_user)
