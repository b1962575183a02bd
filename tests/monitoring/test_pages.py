"""Published assessments appear beside the government's figures; drafts stay private."""

import pytest

from commitments.models import Commitment
from monitoring.services import request_report
from tests.factories import CommitmentAssessmentFactory, MonitoringReportFactory

pytestmark = pytest.mark.django_db


def test_published_assessment_shows_beside_government_figures(client, plan):
    commitment = Commitment.objects.get(code="KGBSK0001")
    report = MonitoringReportFactory(plan=plan, title_en="Mid-term review 2025")
    CommitmentAssessmentFactory(report=report, commitment=commitment, completion="substantial")
    page = client.get("/en/commitments/KGBSK0001/").content.decode()
    assert "rates completion as “Substantial”" in page
    assert "the city reports 0% complete." in page
    assert "They disagree." in page
    monitoring = client.get("/en/monitoring/").content.decode()
    assert "Mid-term review 2025" in monitoring
    assert "Disagrees with the government" in monitoring


def test_draft_assessment_is_not_public(client, plan):
    commitment = Commitment.objects.get(code="KGBSK0001")
    report = MonitoringReportFactory(
        plan=plan, title_en="Secret draft", status="draft", published_on=None
    )
    CommitmentAssessmentFactory(report=report, commitment=commitment)
    assert "Secret draft" not in client.get("/en/monitoring/").content.decode()
    page = client.get("/en/commitments/KGBSK0001/").content.decode()
    assert "has not assessed this commitment yet" in page


def test_home_shows_the_latest_verdict(client, plan):
    MonitoringReportFactory(plan=plan, title_en="Final report 2025", summary_en="Mixed results.")
    page = client.get("/en/").content.decode()
    assert "Final report 2025" in page and "Mixed results." in page


def test_reports_page_lists_ready_reports_with_checksum(
    client, plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_report(kind="plan", language="ru")
    job.refresh_from_db()
    page = client.get("/en/reports/").content.decode()
    assert job.sha256 in page
    assert job.get_absolute_url() in page


def test_unknown_report_download_is_404(client, db):
    assert client.get("/reports/00000000-0000-0000-0000-000000000000.pdf").status_code == 404


def ready_monitoring_pdf(plan, django_capture_on_commit_callbacks):
    report = MonitoringReportFactory(plan=plan, title_en="Mid-term review")
    with django_capture_on_commit_callbacks(execute=True):
        job = request_report(kind="monitoring", subject=report.pk, language="en")
    job.refresh_from_db()
    assert job.status == "ready"
    return report, job


def withdraw_report(report, plan):
    report.status = "draft"
    report.save()


def withdraw_plan(report, plan):
    plan.published = False
    plan.save()


@pytest.mark.parametrize("withdraw", [withdraw_report, withdraw_plan])
def test_a_withdrawn_reports_pdf_is_withdrawn_with_it(
    client, plan, django_capture_on_commit_callbacks, withdraw
):
    report, job = ready_monitoring_pdf(plan, django_capture_on_commit_callbacks)
    assert client.get(job.get_absolute_url()).status_code == 200
    withdraw(report, plan)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert job.get_absolute_url() not in client.get("/en/reports/").content.decode()
    assert client.get("/api/v1/reports/").json()["count"] == 0


def test_a_withdrawn_commitments_pdf_is_withdrawn_with_it(
    client, plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_report(kind="commitment", subject="KGBSK0002", language="en")
    Commitment.objects.filter(code="KGBSK0002").update(published=False)
    assert client.get(job.get_absolute_url()).status_code == 404


def test_a_report_file_is_not_cached_as_if_it_could_never_be_withdrawn(
    client, plan, django_capture_on_commit_callbacks
):
    _report, job = ready_monitoring_pdf(plan, django_capture_on_commit_callbacks)
    cache_control = client.get(job.get_absolute_url())["Cache-Control"]
    assert "immutable" not in cache_control and "max-age=60" in cache_control
