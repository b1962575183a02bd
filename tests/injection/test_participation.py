"""Consultations and questions: what citizens send is stored exactly or refused clearly, and
the consultation page, the commitment page, the private link, the API and the open data show it
only as text; the body's answer likewise."""

import pytest

from participation.models import TEXT_MAX_LENGTH, Contribution, Question
from participation.services import review
from tests.factories import ConsultationFactory, UserFactory
from tests.participation.helpers import ask, contribute, private_link

from .corpus import (
    CORPUS,
    SHORT,
    assert_shown_as_text,
    assert_spreadsheet_safe,
    csv_rows,
    refusal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(plan):
    return ConsultationFactory(plan=plan)


@pytest.mark.parametrize("payload", CORPUS)
def test_a_contribution_is_stored_exactly_or_refused_clearly(client, consultation, payload):
    response = contribute(client, consultation, text=payload)
    refused = refusal(payload, TEXT_MAX_LENGTH)
    if refused is None:
        assert response.status_code == 200
        assert Contribution.objects.get().text == payload
    else:
        assert response.status_code == 400
        page = response.content.decode()
        assert refused in page
        assert not Contribution.objects.exists()
        assert_shown_as_text(page, payload)


@pytest.mark.parametrize("payload", CORPUS)
def test_a_question_is_stored_exactly_or_refused_clearly(client, plan, payload):
    response = ask(client, plan.commitments.get(code="KGBSK0001"), text=payload)
    refused = refusal(payload, TEXT_MAX_LENGTH)
    if refused is None:
        assert Question.objects.get().text == payload
    else:
        assert response.status_code == 400 and refused in response.content.decode()
        assert not Question.objects.exists()


@pytest.mark.parametrize("payload", SHORT)  # the 100 kB one is refused above
def test_contribution_and_answer_are_shown_only_as_text(client, consultation, payload):
    link = private_link(contribute(client, consultation, text=payload))
    contribution = Contribution.objects.get()
    Contribution.objects.update(moderation="approved")
    contribution.refresh_from_db()
    contribution.response, contribution.response_reason = "partly", payload
    review(row=contribution, by=UserFactory(groups=["Committee members"], is_staff=True))
    for url in (consultation.get_absolute_url(), link):
        assert_shown_as_text(client.get(url).content.decode(), payload)
    assert (
        client.get("/api/v1/consultations/").json()["results"][0]["contributions"][0]["text"]
        == payload
    )
    [row] = csv_rows(client.get("/en/data/contributions.csv").content)
    assert_spreadsheet_safe(row["text"], payload)
    assert_spreadsheet_safe(row["response_reason"], payload)
