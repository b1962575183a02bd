"""PDF report jobs: a requested PDF, rendered once by a worker and then an immutable file."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import ActionPlan, Commitment

from .report import MonitoringReport


class ReportJobQuerySet(models.QuerySet):
    def published(self) -> ReportJobQuerySet:
        """Ready files whose subject is public: withdrawing a report or a commitment (or the
        plan) withdraws its PDFs too."""
        return self.filter(
            Q(commitment__isnull=True) | Q(commitment__in=Commitment.objects.published()),
            Q(monitoring_report__isnull=True)
            | Q(monitoring_report__in=MonitoringReport.objects.published()),
            status=ReportJob.Status.READY,
            plan__published=True,
        )


class ReportJob(models.Model):
    """A requested PDF report; once ready, an immutable snapshot with a stable download URL."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Whole plan progress")
        COMMITMENT = "commitment", _("One commitment")
        MONITORING = "monitoring", _("Monitoring report")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="report_jobs")
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, null=True, blank=True, related_name="report_jobs"
    )
    monitoring_report = models.ForeignKey(
        MonitoringReport, on_delete=models.PROTECT, null=True, blank=True,
        related_name="report_jobs",
    )  # fmt: skip
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="report_jobs", verbose_name=_("requested by"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    data_fingerprint = models.CharField(max_length=64, editable=False)
    data_as_of = models.DateTimeField(_("data as of"), null=True, blank=True)
    file = models.FileField(_("PDF file"), upload_to="reports/%Y/%m/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("PDF report")
        verbose_name_plural = _("PDF reports")
        indexes = [models.Index(fields=["kind", "language", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.subject_label} · {self.language}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring-files:report-download", kwargs={"public_id": self.public_id})

    @property
    def subject_label(self) -> str:
        if self.kind == self.Kind.COMMITMENT and self.commitment_id:
            return self.commitment.code
        if self.kind == self.Kind.MONITORING and self.monitoring_report_id:
            return str(self.monitoring_report)
        return str(self.plan)

    @property
    def filename(self) -> str:
        subject = {
            self.Kind.PLAN: self.plan.slug,
            self.Kind.COMMITMENT: self.commitment.code if self.commitment_id else "",
            self.Kind.MONITORING: f"monitoring-{self.monitoring_report_id}",
        }[self.kind]
        # The date a reader in Bishkek sees on the cover.
        day = timezone.localdate(self.data_as_of or self.created_at).isoformat()
        return f"bishkek-ogp-{self.kind}-{subject}-{self.language}-{day}.pdf"
