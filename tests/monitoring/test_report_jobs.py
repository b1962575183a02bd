"""Requesting PDF reports: queued, rendered once, immutable, failures bounded and readable."""

import datetime
import hashlib
import io

import pytest
from celery import current_app
from django.core.exceptions import ValidationError
from django.core.management import call_command
from kombu.exceptions import OperationalError

from commitments.models import Milestone
from commitments.services import record_progress
from monitoring import tasks
from monitoring.models import ReportJob
from monitoring.services import request_report
from tests.factories import MonitoringReportFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(plan):
    call_command("load_demo_data", stdout=io.StringIO())
    return plan


def request(captured, **kwargs) -> ReportJob:
    with captured(execute=True):
        job = request_report(**{"kind": "plan", "language": "en", **kwargs})
    job.refresh_from_db()
    return job


def test_requested_report_is_rendered_in_process_without_redis(
    demo, django_capture_on_commit_callbacks
):
    job = request(django_capture_on_commit_callbacks)
    assert job.status == ReportJob.Status.READY
    assert job.attempts == 1
    content = job.file.read()
    assert content.startswith(b"%PDF")
    assert job.sha256 == hashlib.sha256(content).hexdigest()
    assert job.size == len(content)


def test_download_is_an_attachment_with_a_descriptive_name(
    client, demo, django_capture_on_commit_callbacks
):
    job = request(django_capture_on_commit_callbacks, language="ky")
    response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "bishkek-ogp-plan-bishkek-2025-ky-" in disposition
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == job.sha256


def test_unchanged_report_requested_twice_is_rendered_once(
    demo, django_capture_on_commit_callbacks, monkeypatch
):
    renders = []
    original = tasks.render_report_pdf
    monkeypatch.setattr(
        tasks, "render_report_pdf", lambda job: renders.append(job) or original(job)
    )
    first = request(django_capture_on_commit_callbacks)
    second = request(django_capture_on_commit_callbacks)
    assert first.pk == second.pk
    assert len(renders) == 1


def test_changed_data_gets_a_new_snapshot_and_the_old_one_stays(
    demo, django_capture_on_commit_callbacks
):
    first = request(django_capture_on_commit_callbacks)
    old_file, old_hash = first.file.name, first.sha256
    milestone = Milestone.objects.filter(status="in_progress").first()
    record_progress(milestone=milestone, author=None, status="in_progress", progress=99, note="x")
    second = request(django_capture_on_commit_callbacks)
    assert second.pk != first.pk
    first.refresh_from_db()
    assert (first.file.name, first.sha256) == (old_file, old_hash)
    assert hashlib.sha256(first.file.read()).hexdigest() == old_hash


def test_render_that_raises_fails_after_bounded_attempts_with_a_readable_error(
    demo, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(job):
        raise RuntimeError("the chart could not be drawn")

    monkeypatch.setattr(tasks, "render_report_pdf", broken)
    job = request(django_capture_on_commit_callbacks)
    assert job.status == ReportJob.Status.FAILED
    assert job.attempts == tasks.MAX_ATTEMPTS
    assert job.error == "RuntimeError: the chart could not be drawn"
    assert not job.file


def test_job_already_ready_is_not_rendered_again(demo, django_capture_on_commit_callbacks):
    job = request(django_capture_on_commit_callbacks)
    assert tasks.render_report(job.pk) == "skipped"
    job.refresh_from_db()
    assert job.attempts == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "commitment", "subject": "KGBSK9999"}, "no published commitment KGBSK9999"),
        ({"kind": "monitoring", "subject": "abc"}, "no published monitoring report abc"),
        ({"kind": "budget"}, "Unknown kind of report"),
        ({"language": "de"}, "Unknown language"),
    ],
)
def test_bad_request_is_refused_with_a_clear_message(plan, kwargs, message):
    with pytest.raises(ValidationError) as caught:
        request_report(**{"kind": "plan", "language": "en", **kwargs})
    assert message in " ".join(caught.value.messages)
    assert not ReportJob.objects.exists()


def test_broker_down_leaves_the_job_queued_and_requeue_finishes_it(
    demo, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.render_report, "apply_async", refuse)
    job = request(django_capture_on_commit_callbacks)
    assert job.status == ReportJob.Status.QUEUED
    monkeypatch.undo()
    ReportJob.objects.filter(pk=job.pk).update(created_at=job.created_at.replace(year=2025))
    assert current_app.conf.task_always_eager
    assert tasks.requeue_stuck_reports() == 1
    job.refresh_from_db()
    assert job.status == ReportJob.Status.READY


def test_monthly_job_requests_the_plan_report_in_every_language(
    demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ids = tasks.render_monthly_reports()
    languages = set(ReportJob.objects.filter(pk__in=ids).values_list("language", flat=True))
    assert languages == {"ky", "ru", "en"}


@pytest.mark.django_db(transaction=True)
def test_request_report_command_waits_and_prints_the_download_url(demo):
    out = io.StringIO()
    call_command(
        "request_report",
        "commitment",
        "KGBSK0003",
        language="ru",
        wait=True,
        timeout=60,
        stdout=out,
    )
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.READY
    assert job.get_absolute_url() in out.getvalue()


def test_monitor_requests_a_monitoring_reports_pdf_from_the_reports_page(
    client, demo, django_capture_on_commit_callbacks
):
    report = MonitoringReportFactory(plan=demo, title_en="Results report 2025")
    client.force_login(UserFactory(groups=["Monitors"], is_staff=True))
    form = client.get("/en/reports/").content.decode()
    assert f'value="monitoring:{report.pk}"' in form
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(
            "/en/reports/request/", {"report": f"monitoring:{report.pk}"}, follow=True
        )
    assert "being prepared" in first.content.decode()
    job = ReportJob.objects.get(kind="monitoring", monitoring_report=report)
    assert job.status == ReportJob.Status.READY
    again = client.post("/en/reports/request/", {"report": f"monitoring:{report.pk}"}, follow=True)
    page = again.content.decode()
    assert "The PDF is ready and up to date." in page
    assert job.get_absolute_url() in page
    assert ReportJob.objects.count() == 1


def test_file_name_carries_bishkeks_date(plan):
    # 20:00 in UTC on New Year's Eve is already 1 January in Bishkek (UTC+6).
    evening = datetime.datetime(2025, 12, 31, 20, 0, tzinfo=datetime.UTC)
    job = ReportJob(kind="plan", plan=plan, language="en", data_as_of=evening)
    assert job.filename.endswith("-en-2026-01-01.pdf")


def test_reports_page_groups_files_by_subject_with_older_versions_one_click_away(client, plan):
    def ready(day: int, language: str = "en") -> ReportJob:
        return ReportJob.objects.create(
            kind="plan", plan=plan, language=language, status="ready",
            file=f"reports/plan-{day}-{language}.pdf", size=1000,
            data_as_of=datetime.datetime(2026, 1, day, tzinfo=datetime.UTC),
            finished_at=datetime.datetime(2026, 1, day, tzinfo=datetime.UTC),
        )  # fmt: skip

    old, newest, russian = ready(1), ready(5), ready(3, "ru")
    page = client.get("/en/reports/").content.decode()
    assert page.count('<section class="card file-group"') == 1
    shown, older = page.split("1 older version")
    assert newest.get_absolute_url() in shown and russian.get_absolute_url() in shown
    assert old.get_absolute_url() in older and old.get_absolute_url() not in shown
