"""Monitors own assessments; committee members read them; both may request PDF reports."""

import pytest
from django.urls import reverse

from monitoring.models import CommitmentAssessment, ReportJob
from tests.admin_forms import admin_form_data
from tests.factories import CommitmentAssessmentFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitor_client(client):
    client.force_login(UserFactory(groups=["Monitors"], is_staff=True))
    return client


def assessment_url(assessment, view="change"):
    return reverse(f"admin:monitoring_commitmentassessment_{view}", args=[assessment.pk])


def test_monitor_changes_an_assessment(monitor_client):
    assessment = CommitmentAssessmentFactory(completion="limited")
    data = admin_form_data(monitor_client.get(assessment_url(assessment)))
    response = monitor_client.post(
        assessment_url(assessment),
        data | {"completion": "substantial", "revision_reason": "New evidence arrived."},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.completion == "substantial"
    assert assessment.history.count() == 2


def test_committee_member_cannot_change_an_assessment(committee_client):
    assessment = CommitmentAssessmentFactory(completion="limited")
    data = admin_form_data(committee_client.get(assessment_url(assessment)))
    response = committee_client.post(assessment_url(assessment), data | {"completion": "complete"})
    assert response.status_code == 403
    assert CommitmentAssessment.objects.get().completion == "limited"


def test_monitor_cannot_change_a_milestone(monitor_client):
    milestone = MilestoneFactory()
    url = reverse("admin:commitments_milestone_change", args=[milestone.pk])
    data = admin_form_data(monitor_client.get(url))
    assert monitor_client.post(url, data | {"progress": "90"}).status_code == 403


def test_anonymous_visitor_cannot_reach_the_assessments_admin(client):
    assert client.get("/admin/monitoring/commitmentassessment/").status_code == 302


@pytest.mark.parametrize("group", ["Monitors", "Committee members"])
def test_monitors_and_committee_members_may_request_reports(
    client, plan, group, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(groups=[group], is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/reports/request/", {"report": "plan", "language": "en"})
    assert response.status_code == 302
    assert ReportJob.objects.get().status == ReportJob.Status.READY


def test_anonymous_visitor_cannot_request_a_report(client, plan):
    response = client.post("/en/reports/request/", {"report": "plan", "language": "en"})
    assert response.status_code == 302
    assert "/login/" in response.url
    assert not ReportJob.objects.exists()


def test_user_without_a_role_cannot_request_a_report(client, plan):
    client.force_login(UserFactory(is_staff=True))
    response = client.post("/en/reports/request/", {"report": "plan", "language": "en"})
    assert response.status_code == 403
    assert not ReportJob.objects.exists()


def test_bad_report_request_gets_a_message_not_an_error(client, plan):
    client.force_login(UserFactory(groups=["Monitors"], is_staff=True))
    response = client.post("/en/reports/request/", {"report": "commitment:NOPE"}, follow=True)
    assert response.status_code == 200
    assert "There is no published commitment NOPE." in response.content.decode()
