"""Questions to the committee: asked on a commitment, answered publicly within the promised
days; a late one is marked on the responsible members' start page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from participation.models import ANSWER_WITHIN_DAYS, Question
from participation.services import review
from tests.admin_forms import admin_form_data
from tests.factories import make_responsible

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


@pytest.fixture
def answering(committee_user, question):
    """The committee member is responsible for the question's commitment."""
    make_responsible(committee_user, question.commitment)
    return committee_user


def questions_panel(client) -> str:
    page = client.get("/admin/").content.decode()
    return page.split('id="questions-work"')[1].split("</section>")[0]


def test_a_question_unanswered_past_its_date_is_marked_on_the_start_page(
    committee_client, answering, question
):
    late = timezone.now() - datetime.timedelta(days=ANSWER_WITHIN_DAYS + 2)
    Question.objects.filter(pk=question.pk).update(created_at=late)
    panel = questions_panel(committee_client)
    assert "Questions to answer (1)" in panel
    assert "1 question is past its answer date." in panel
    assert 'class="overdue-marker"' in panel
    assert reverse("admin:participation_question_change", args=[question.pk]) in panel


def test_a_question_within_its_days_is_not_late(committee_client, answering, question):
    panel = questions_panel(committee_client)
    assert "Questions to answer (1)" in panel
    assert "0 questions are past their answer date." in panel
    assert "overdue-marker" not in panel


def test_the_start_page_lists_only_the_questions_on_the_members_commitments(
    committee_client, question
):
    assert "Questions to answer (0)" in questions_panel(committee_client)


def test_a_member_not_responsible_for_the_commitment_may_not_answer_its_question(
    committee_client, committee_user, question
):
    url = reverse("admin:participation_question_change", args=[question.pk])
    page = committee_client.get(url).content.decode()
    assert 'name="answer"' not in page
    assert "Only the committee members responsible for KGBSK0002 may change it." in page
    question.answer = "An answer from the wrong member."
    with pytest.raises(PermissionDenied, match="responsible for KGBSK0002"):
        review(row=question, by=committee_user)
    question.refresh_from_db()
    assert question.answer == ""


def test_the_responsible_member_answers_in_the_admin(committee_client, answering, question):
    url = reverse("admin:participation_question_change", args=[question.pk])
    data = admin_form_data(committee_client.get(url)) | {"answer": "In March."}
    assert committee_client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.answer == "In March." and question.answered_by == answering


def test_an_answered_question_shows_on_the_commitment_page_and_the_private_link(
    client, answering, question
):
    question.answer = "The register opens in March in two districts."
    review(row=question, by=answering)
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
