"""PDF reports rendered by a real Celery worker through a real Redis, including Redis outages."""

from __future__ import annotations

import hashlib
import io
import time

import pytest
from django.conf import settings
from django.core.management import call_command

from monitoring.models import ReportJob
from monitoring.services import request_report
from monitoring.tasks import requeue_stuck_reports
from tests.services.worker import broker, celery_worker
from tools.servers import redis_server

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    call_command("load_action_plan", stdout=io.StringIO())
    call_command("load_demo_data", stdout=io.StringIO())


def wait_for(job: ReportJob, status: str, timeout: float = 90) -> ReportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status == status:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job stayed {job.status} (wanted {status}); error: {job.error!r}")


def test_worker_renders_a_requested_report(demo, tmp_path, client):
    with celery_worker(settings.REDIS_URL, tmp_path / "worker.log"):
        job = request_report(kind="plan", language="ky")
        assert job.status == ReportJob.Status.QUEUED
        job = wait_for(job, ReportJob.Status.READY)
    assert job.attempts == 1
    assert job.started_at <= job.finished_at
    response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == job.sha256


def test_report_requested_while_redis_is_down_is_rendered_when_it_returns(demo, tmp_path):
    with redis_server() as redis, broker(redis.url):
        redis.stop()
        job = request_report(kind="plan", language="ru")  # must not raise
        job.refresh_from_db()
        assert job.status == ReportJob.Status.QUEUED

        redis.start()
        with celery_worker(redis.url, tmp_path / "worker.log"):
            ReportJob.objects.filter(pk=job.pk).update(
                created_at=job.created_at.replace(year=job.created_at.year - 1)
            )
            assert requeue_stuck_reports() == 1
            wait_for(job, ReportJob.Status.READY)
