"""Celery tasks for PDF reports: thin wrappers that own claiming, retries and scheduling."""

from __future__ import annotations

import datetime
import hashlib
import logging

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from .models import ReportJob
from .pdf import render_report_pdf

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
DONE = {ReportJob.Status.READY, ReportJob.Status.FAILED}


def _claim(job_id: int) -> ReportJob | None:
    """Count an attempt in its own transaction, so a worker that dies mid-render still counts."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in DONE:
            return None
        job.attempts += 1
        if job.attempts > MAX_ATTEMPTS:
            job.status = ReportJob.Status.FAILED
            job.error = job.error or f"Gave up after {MAX_ATTEMPTS} attempts."
            job.finished_at = timezone.now()
            job.save(update_fields=["attempts", "status", "error", "finished_at"])
            return None
        job.status = ReportJob.Status.RENDERING
        job.started_at = timezone.now()
        job.save(update_fields=["attempts", "status", "started_at"])
        return job


@shared_task(acks_late=True, reject_on_worker_lost=True)  # routed to the `pdf` queue
def render_report(job_id: int) -> str:
    """Render one report job to PDF; safe to run twice for the same job."""
    if _claim(job_id) is None:
        return "skipped"
    try:
        # The row lock makes a duplicate delivery wait here, then find the job ready and stop.
        with transaction.atomic():
            job = ReportJob.objects.select_for_update().get(pk=job_id)
            if job.status in DONE:
                return "skipped"
            pdf = render_report_pdf(job)
            job.file.save(job.filename, ContentFile(pdf), save=False)
            job.sha256 = hashlib.sha256(pdf).hexdigest()
            job.size = len(pdf)
            job.status = ReportJob.Status.READY
            job.error = ""
            job.finished_at = timezone.now()
            job.save()
        return "ready"
    except Exception as error:  # any failure is recorded on the job for the people who asked
        log.exception("Rendering report job %s failed", job_id)
        return _record_failure(job_id, error)


def _record_failure(job_id: int, error: Exception) -> str:
    job = ReportJob.objects.get(pk=job_id)
    job.error = f"{type(error).__name__}: {error}"[:2000]
    if job.attempts >= MAX_ATTEMPTS:
        job.status = ReportJob.Status.FAILED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return "failed"
    job.status = ReportJob.Status.QUEUED
    job.save(update_fields=["status", "error"])
    render_report.apply_async(args=[job_id], queue="pdf", countdown=10 * job.attempts)
    return "retrying"


def enqueue(job: ReportJob) -> bool:
    """Hand the job to the `pdf` queue; if the broker is down the job waits in the database.

    `requeue_stuck_reports` (a beat job) picks waiting jobs up again, so none is lost.
    """
    try:
        render_report.apply_async(args=[job.pk], queue="pdf")
    except (BrokerError, RedisError, OSError) as error:
        log.warning("Report job %s stays queued: broker unavailable (%s)", job.pk, error)
        return False
    return True


@shared_task
def requeue_stuck_reports() -> int:
    """Re-enqueue jobs left queued (broker was down) or rendering far too long (worker lost)."""
    now = timezone.now()
    stuck = ReportJob.objects.filter(
        status=ReportJob.Status.QUEUED, created_at__lt=now - datetime.timedelta(minutes=2)
    ) | ReportJob.objects.filter(
        status=ReportJob.Status.RENDERING,
        started_at__lt=now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2),
    )
    return sum(enqueue(job) for job in stuck)


@shared_task
def render_monthly_reports() -> list[int]:
    """The whole-plan report in every language, at the start of each month."""
    from .services import request_report  # the one path for creating jobs, shared with views

    return [
        request_report(kind=ReportJob.Kind.PLAN, language=code).pk
        for code, _name in settings.LANGUAGES
    ]
