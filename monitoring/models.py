"""The monitoring body's reports and assessments (IRM vocabulary), and the PDF report jobs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import (
    ActionPlan,
    Commitment,
    CompletionLevel,
    TranslatedTexts,
    missing_translation_errors,
)


class MonitoringReportQuerySet(models.QuerySet):
    def published(self) -> MonitoringReportQuerySet:
        return self.filter(status=MonitoringReport.Status.PUBLISHED, plan__published=True)


class MonitoringReport(TranslatedTexts):
    class Period(models.TextChoices):
        INCEPTION = "inception", _("Inception")
        MID_TERM = "mid_term", _("Mid-term")
        FINAL = "final", _("Final")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="monitoring_reports",
        verbose_name=_("plan"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=255, blank=True)
    period = models.CharField(_("period"), max_length=20, choices=Period.choices)
    covers_from = models.DateField(_("covers from"), null=True, blank=True)
    covers_until = models.DateField(_("covers until"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    authors = models.CharField(_("authors"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MonitoringReportQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="published_report_has_date",
                violation_error_message=_("A published report needs a publication date."),
            )
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_period_display()} ({self.plan})"

    def clean(self) -> None:
        errors = {}
        if self.status == self.Status.PUBLISHED and not self.published_on:
            errors["published_on"] = _("A published report needs a publication date.")
        if self.covers_from and self.covers_until and self.covers_until < self.covers_from:
            errors["covers_until"] = _("The period cannot end before it starts.")
        errors.update(missing_translation_errors(self, "title"))
        if errors:
            raise ValidationError(errors)


class CommitmentAssessmentQuerySet(models.QuerySet):
    def published(self) -> CommitmentAssessmentQuerySet:
        return self.filter(
            report__in=MonitoringReport.objects.published(),
            commitment__in=Commitment.objects.published(),
        )


class CommitmentAssessment(TranslatedTexts):
    """One commitment as the monitoring body sees it, on the scales of OGP's IRM."""

    class Verifiability(models.TextChoices):
        VERIFIABLE = "verifiable", _("Verifiable")
        NOT_VERIFIABLE = "not_verifiable", _("Not verifiable")

    class Potential(models.TextChoices):
        UNCLEAR = "unclear", _("Unclear")
        MODEST = "modest", _("Modest")
        SUBSTANTIAL = "substantial", _("Substantial")

    class Completion(models.TextChoices):
        NO_EVIDENCE = "no_evidence", _("No evidence available")
        NOT_STARTED = "not_started", _("Not started")
        LIMITED = "limited", _("Limited")
        SUBSTANTIAL = "substantial", _("Substantial")
        COMPLETE = "complete", _("Complete")

    class OpenedGovernment(models.TextChoices):
        WORSENED = "worsened", _("Worsened")
        DID_NOT_CHANGE = "did_not_change", _("Did not change")
        MARGINAL = "marginal", _("Marginal")
        MAJOR = "major", _("Major")
        OUTSTANDING = "outstanding", _("Outstanding")

    report = models.ForeignKey(
        MonitoringReport, on_delete=models.CASCADE, related_name="assessments",
        verbose_name=_("report"),
    )  # fmt: skip
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="assessments",
        verbose_name=_("commitment"),
    )  # fmt: skip
    verifiability = models.CharField(
        _("verifiability"), max_length=20, choices=Verifiability.choices
    )
    access_to_information = models.BooleanField(_("access to information"), default=False)
    civic_participation = models.BooleanField(_("civic participation"), default=False)
    public_accountability = models.BooleanField(_("public accountability"), default=False)
    technology_innovation = models.BooleanField(
        _("technology and innovation (cross-cutting)"), default=False
    )
    inclusion = models.BooleanField(_("inclusion (cross-cutting)"), default=False)
    potential_for_results = models.CharField(
        _("potential for results"), max_length=20, choices=Potential.choices
    )
    completion = models.CharField(_("completion"), max_length=20, choices=Completion.choices)
    opened_government = models.CharField(
        _("did it open government?"),
        max_length=20,
        choices=OpenedGovernment.choices,
        blank=True,
        help_text=_("Usually judged in the final report only."),
    )
    narrative = models.TextField(_("narrative"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("Sources, one per line."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CommitmentAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["commitment__code"]
        verbose_name = _("commitment assessment")
        verbose_name_plural = _("commitment assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "commitment"],
                name="one_assessment_per_commitment_and_report",
                violation_error_message=_("This report already assesses that commitment."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment.code}: {self.get_completion_display()}"

    @property
    def disagrees_with_government(self) -> bool:
        """The monitor's completion level differs from the one the government's figures give."""
        if self.completion == self.Completion.NO_EVIDENCE:
            return True
        return self.completion != CompletionLevel(self.commitment.completion).value


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
        day = (self.data_as_of or self.created_at).date().isoformat()
        return f"bishkek-ogp-{self.kind}-{subject}-{self.language}-{day}.pdf"
