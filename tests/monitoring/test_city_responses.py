"""The city answers the monitor's recommendations: committee members in the admin, with a
reason; the monitor's words stay the monitor's; the public sees the answer."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring.models import CoCreationCheck, Recommendation
from monitoring.services import answer_recommendation, prefill_cocreation
from participation.models import Contribution
from tests.admin_forms import admin_form_data
from tests.factories import ConsultationFactory, MonitoringReportFactory, UserFactory

pytestmark = pytest.mark.django_db

REASON = "The register opens in two districts first."


@pytest.fixture
def recommendation(plan):
    report = MonitoringReportFactory(plan=plan, title_en="Results report 2025")
    return report.recommendations.create(
        text_en="Open the land register to the public.",
        commitment=plan.commitments.get(code="KGBSK0002"),
    )


def answer(client, recommendation, **data):
    url = reverse("admin:monitoring_recommendation_change", args=[recommendation.pk])
    return client.post(url, admin_form_data(client.get(url)) | data)


def test_committee_member_answers_and_the_report_page_shows_it(
    client, committee_client, recommendation
):
    response = answer(
        committee_client, recommendation, response="partly", response_reason_en=REASON
    )
    assert response.status_code == 302
    page = client.get(recommendation.report.get_absolute_url()).content.decode()
    assert "The city's response: Partly accepted" in page
    assert REASON in page


def test_an_answer_needs_its_reason(committee_client, recommendation):
    response = answer(committee_client, recommendation, response="not_accepted")
    assert response.status_code == 200
    assert "Write this text in at least one language." in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.response == ""


def test_an_answer_is_dated_the_day_it_is_given(committee_client, recommendation, clock):
    clock(datetime.date(2026, 3, 2))
    answer(committee_client, recommendation, response="accepted", response_reason_en=REASON)
    recommendation.refresh_from_db()
    assert str(recommendation.responded_on) == "2026-03-02"


def test_the_city_cannot_change_the_monitors_words(committee_user, recommendation):
    recommendation.text_en = "Keep the register closed."
    recommendation.response = "accepted"
    recommendation.response_reason_en = REASON
    with pytest.raises(ValidationError, match="its words are the monitoring body"):
        answer_recommendation(recommendation=recommendation, by=committee_user)


def test_a_draft_reports_recommendations_are_not_answered(committee_user, plan):
    draft = MonitoringReportFactory(plan=plan, status="draft", published_on=None)
    recommendation = draft.recommendations.create(text_en="Publish the minutes.")
    recommendation.response = "accepted"
    recommendation.response_reason_en = REASON
    with pytest.raises(ValidationError, match="Only the recommendations of a published report"):
        answer_recommendation(recommendation=recommendation, by=committee_user)


def test_monitors_read_the_answers_but_do_not_give_them(client, recommendation):
    client.force_login(UserFactory(groups=["Monitors"], is_staff=True))
    url = reverse("admin:monitoring_recommendation_change", args=[recommendation.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"response": "accepted"}).status_code == 403
    assert Recommendation.objects.get().response == ""


def test_recommendations_awaiting_an_answer_are_listed_for_the_committee(
    committee_client, recommendation
):
    page = committee_client.get(
        reverse("admin:monitoring_recommendation_changelist") + "?answered=no"
    ).content.decode()
    assert "Open the land register to the public." in page


def test_the_checklist_is_prefilled_from_the_portals_records_for_the_monitor_to_confirm(plan):
    report = MonitoringReportFactory(plan=plan)
    checks = prefill_cocreation(report=report)
    assert [c.standard for c in checks] == list(CoCreationCheck.Standard)
    assert all(check.rating == "" for check in checks)
    parity = report.cocreation_checks.get(standard="forum_parity")
    assert "3 from civil society" in parity.evidence_en
    assert "гражданского общества" in parity.evidence_ru
    assert prefill_cocreation(report=report) == []  # nothing added twice


def test_the_checklist_counts_the_answers_given_to_the_public(plan):
    consultation = ConsultationFactory(plan=plan)
    for n, response in enumerate(["accepted", ""]):
        Contribution.objects.create(
            consultation=consultation, kind="comment", text="A comment.", language="en",
            moderation="approved", tracking_digest=f"{n:064}", response=response,
            response_reason="Taken up." if response else "",
            responded_at=consultation.created_at if response else None,
        )  # fmt: skip
    report = MonitoringReportFactory(plan=plan)
    prefill_cocreation(report=report)
    answered = report.cocreation_checks.get(standard="reasoned_response")
    assert "1 of 2 published contributions have a response with its reason" in answered.evidence_en
