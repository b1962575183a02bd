"""The API: public contributions and questions for all; answers from the answering body alone,
through the same rule as the admin."""

import pytest
from rest_framework.test import APIClient

from participation.models import Contribution, Question
from tests.factories import ConsultationFactory, UserFactory

pytestmark = pytest.mark.django_db


def api_as(group: str) -> APIClient:
    api = APIClient()
    api.force_authenticate(UserFactory(groups=[group], is_staff=True))
    return api


@pytest.fixture
def contribution(plan):
    return Contribution.objects.create(
        consultation=ConsultationFactory(plan=plan), kind="proposal", text="Light the paths.",
        language="en", moderation="approved", tracking_digest="c" * 64, email="a@example.org",
    )  # fmt: skip


def test_committee_member_answers_a_contribution_through_the_api(contribution):
    body = {"response": "partly", "response_reason": "Two parks first."}
    answer = api_as("Committee members").post(
        f"/api/v1/contributions/{contribution.pk}/answer/", body, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["response"] == "partly"
    assert "email" not in answer.json()
    contribution.refresh_from_db()
    assert contribution.responded_at is not None


def test_an_answer_without_its_reason_is_refused_clearly(contribution):
    answer = api_as("Committee members").post(
        f"/api/v1/contributions/{contribution.pk}/answer/",
        {"response": "not_accepted", "response_reason": ""},
        format="json",
    )
    assert answer.status_code == 400
    assert "response_reason" in answer.json()


def test_a_moderator_may_not_answer_through_the_api(contribution):
    answer = api_as("Feedback moderators").post(
        f"/api/v1/contributions/{contribution.pk}/answer/",
        {"response": "accepted", "response_reason": "Yes."},
        format="json",
    )
    assert answer.status_code == 403
    assert Contribution.objects.get().response == ""


def test_a_question_waiting_for_moderation_cannot_be_answered(plan):
    question = Question.objects.create(
        commitment=plan.commitments.first(), text="When?", language="en",
        tracking_digest="d" * 64,
    )  # fmt: skip
    answer = api_as("Committee members").post(
        f"/api/v1/questions/{question.pk}/answer/", {"answer": "Soon."}, format="json"
    )
    assert answer.status_code == 404
