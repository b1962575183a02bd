"""Published assessments are immutable: a change is a revision with a reason, the earlier version
stays readable, the public pages and the API say so; unpublishing leaves a public notice."""

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from monitoring.models import CommitmentAssessment, MonitoringReport
from tests.admin_forms import admin_form_data, inline_rows
from tests.factories import CommitmentAssessmentFactory, MonitoringReportFactory, UserFactory

pytestmark = pytest.mark.django_db

REASON = "The city published the land register after our report."


@pytest.fixture
def monitor_client(client):
    client.force_login(UserFactory(groups=["Monitors"], is_staff=True))
    return client


@pytest.fixture
def published(plan):
    report = MonitoringReportFactory(plan=plan, title_en="Mid-term review 2025")
    commitment = plan.commitments.get(code="KGBSK0002")
    return CommitmentAssessmentFactory(report=report, commitment=commitment, completion="limited")


def change(client, obj, **data):
    url = reverse(f"admin:monitoring_{obj._meta.model_name}_change", args=[obj.pk])
    page = client.get(url)
    return client.post(url, admin_form_data(page) | inline_rows(page) | data)


def test_a_published_verdict_changes_only_with_a_reason(monitor_client, published):
    response = change(monitor_client, published, completion="substantial")
    assert response.status_code == 200
    assert "say why it is revised" in response.content.decode()
    assert CommitmentAssessment.objects.get().completion == "limited"


def test_a_revision_leaves_the_earlier_version_readable_and_a_public_note(
    client, monitor_client, published
):
    response = change(monitor_client, published, completion="substantial", revision_reason=REASON)
    assert response.status_code == 302
    today = formats.date_format(timezone.localdate())
    page = client.get("/en/commitments/KGBSK0002/").content.decode()
    assert f"Revised on {today}: {REASON}" in page
    versions_url = f"/en/monitoring/assessments/{published.pk}/versions/"
    assert versions_url in page
    versions = client.get(versions_url).content.decode()
    now, earlier = versions.split("The version replaced on")
    assert "Substantial" in now and "Limited" in earlier
    api = client.get(f"/api/v1/assessments/{published.pk}/").json()
    assert api["completion"] == "substantial"
    assert [(r["reason"], r["earlier"]["completion"]) for r in api["revisions"]] == [
        (REASON, "limited")
    ]


def test_unpublishing_a_report_needs_a_reason_and_leaves_a_public_notice(
    client, monitor_client, published
):
    report = published.report
    refused = change(monitor_client, report, status="draft")
    assert refused.status_code == 200
    assert MonitoringReport.objects.get().status == "published"
    change(monitor_client, report, status="draft", revision_reason="Figures to be checked again.")
    assert MonitoringReport.objects.get().status == "draft"
    page = client.get("/en/monitoring/").content.decode()
    assert "The report “Mid-term review 2025” was withdrawn on" in page
    assert "Figures to be checked again." in page


def test_assessments_of_a_draft_report_change_freely(monitor_client, plan):
    draft = CommitmentAssessmentFactory(
        report=MonitoringReportFactory(plan=plan, status="draft", published_on=None),
        commitment=plan.commitments.get(code="KGBSK0001"),
    )
    assert change(monitor_client, draft, completion="complete").status_code == 302
    assert CommitmentAssessment.objects.get().completion == "complete"


def test_saving_a_published_report_unchanged_needs_no_reason(monitor_client, published):
    assert change(monitor_client, published.report).status_code == 302
    assert change(monitor_client, published).status_code == 302


def test_a_published_report_or_verdict_is_not_deleted_but_unpublished_with_a_reason(
    client, published
):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))  # may delete anything
    for obj in (published, published.report):
        url = reverse(f"admin:monitoring_{obj._meta.model_name}_delete", args=[obj.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert CommitmentAssessment.objects.count() == MonitoringReport.objects.count() == 1
    published.report.status, published.report.published_on = "draft", None
    published.report.save()  # once unpublished, a draft like any other
    url = reverse("admin:monitoring_monitoringreport_delete", args=[published.report.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert MonitoringReport.objects.count() == 0
