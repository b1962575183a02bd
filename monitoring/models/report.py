"""The monitoring body's reports and its assessments of each commitment, on the IRM's scales."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
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
    """One of the monitoring body's reports on a plan, in the shape of the IRM's documents."""

    class Kind(models.TextChoices):
        # The IRM reviews a plan's design early on and its results after its end.
        DESIGN_REVIEW = "design_review", _("Action plan review (design)")
        INTERIM = "interim", _("Interim report")
        RESULTS = "results", _("Results report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="monitoring_reports",
        verbose_name=_("plan"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=255, blank=True)
    kind = models.CharField(_("kind of report"), max_length=20, choices=Kind.choices)
    covers_from = models.DateField(_("covers from"), null=True, blank=True)
    covers_until = models.DateField(_("covers until"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    methodology = models.TextField(
        _("methodology"),
        blank=True,
        help_text=_("How the evidence was gathered and judged: interviews, documents, visits."),
    )
    findings = models.TextField(_("findings"), blank=True)
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
        return self.title or f"{self.get_kind_display()} ({self.plan})"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:report-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.status == self.Status.PUBLISHED and not self.published_on:
            errors["published_on"] = _("A published report needs a publication date.")
        if self.covers_from and self.covers_until and self.covers_until < self.covers_from:
            errors["covers_until"] = _("The period cannot end before it starts.")
        errors.update(missing_translation_errors(self, "title"))
        if errors:
            raise ValidationError(errors)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """The IRM indicators this kind of report judges for each commitment."""
        return INDICATORS[self.kind]


class CommitmentAssessmentQuerySet(models.QuerySet):
    def published(self) -> CommitmentAssessmentQuerySet:
        return self.filter(
            report__in=MonitoringReport.objects.published(),
            commitment__in=Commitment.objects.published(),
        )


class CommitmentAssessment(TranslatedTexts):
    """One commitment as the monitoring body sees it, on the scales of OGP's IRM.

    Each indicator has its justification; which indicators a report judges depends on its kind
    (`INDICATORS`): the design review judges the commitment as written, the results report what
    it achieved.
    """

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

    class EarlyResults(models.TextChoices):
        NO_NOTABLE = "no_notable", _("No notable results")
        MARGINAL = "marginal", _("Marginal results")
        MODERATE = "moderate", _("Moderate results")
        SIGNIFICANT = "significant", _("Significant results")

    report = models.ForeignKey(
        MonitoringReport, on_delete=models.CASCADE, related_name="assessments",
        verbose_name=_("report"),
    )  # fmt: skip
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="assessments",
        verbose_name=_("commitment"),
    )  # fmt: skip
    verifiability = models.CharField(
        _("verifiability"), max_length=20, choices=Verifiability.choices, blank=True
    )
    verifiability_justification = models.TextField(_("why (verifiability)"), blank=True)
    access_to_information = models.BooleanField(_("access to information"), default=False)
    civic_participation = models.BooleanField(_("civic participation"), default=False)
    public_accountability = models.BooleanField(_("public accountability"), default=False)
    technology_innovation = models.BooleanField(
        _("technology and innovation (cross-cutting)"), default=False
    )
    inclusion = models.BooleanField(_("inclusion (cross-cutting)"), default=False)
    relevance_justification = models.TextField(_("why (open-government lens)"), blank=True)
    potential_for_results = models.CharField(
        _("potential for results"), max_length=20, choices=Potential.choices, blank=True
    )
    potential_justification = models.TextField(_("why (potential for results)"), blank=True)
    completion = models.CharField(
        _("completion"), max_length=20, choices=Completion.choices, blank=True
    )
    completion_justification = models.TextField(_("why (completion)"), blank=True)
    opened_government = models.CharField(
        _("did it open government?"), max_length=20, choices=OpenedGovernment.choices, blank=True
    )
    opened_government_justification = models.TextField(
        _("why (did it open government?)"), blank=True
    )
    early_results = models.CharField(
        _("early results"), max_length=20, choices=EarlyResults.choices, blank=True
    )
    early_results_justification = models.TextField(_("why (early results)"), blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    evidence = models.TextField(
        _("notes on evidence"),
        blank=True,
        help_text=_("What the evidence was and where it is; list the documents under Sources."),
    )
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
        verdict = self.get_completion_display() or self.get_potential_for_results_display()
        return f"{self.commitment.code}: {verdict}"

    def clean(self) -> None:
        errors = {}
        report = self.report if self.report_id else None
        for indicator in report.indicators if report else ():
            if indicator.required and not getattr(self, indicator.field):
                errors[indicator.field] = _(
                    "Reports of this kind (%(kind)s) judge this indicator: give its value."
                ) % {"kind": report.get_kind_display()}
        core = self.access_to_information or self.civic_participation
        if (self.technology_innovation or self.inclusion) and not (
            core or self.public_accountability
        ):
            errors["technology_innovation"] = _(
                "Technology and inclusion count only alongside transparency, civic participation "
                "or public accountability."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def disagrees_with_government(self) -> bool:
        """The monitor's completion level differs from the one the government's figures give."""
        if not self.completion:
            return False  # a design review does not judge completion
        if self.completion == self.Completion.NO_EVIDENCE:
            return True
        return self.completion != CompletionLevel(self.commitment.completion).value

    @property
    def open_government_values(self) -> list[str]:
        """The OGP values the commitment is relevant to, as the monitor found them."""
        return [
            str(self._meta.get_field(name).verbose_name) for name in LENS if getattr(self, name)
        ]

    def verdicts(self) -> list[Verdict]:
        """Each indicator its report judges, with this assessment's value and justification."""
        return [
            Verdict(indicator, indicator.value_of(self)) for indicator in self.report.indicators
        ]


LENS = (
    "access_to_information",
    "civic_participation",
    "public_accountability",
    "technology_innovation",
    "inclusion",
)


@dataclass(frozen=True)
class Indicator:
    """One of the IRM's indicators: the field holding its value and its justification's field."""

    field: str
    label: object
    justification: str
    required: bool = True

    def value_of(self, assessment: CommitmentAssessment) -> str:
        if self.field == "relevance":
            values = assessment.open_government_values
            return ", ".join(values) if values else str(_("No open-government value identified"))
        return getattr(assessment, f"get_{self.field}_display")()


@dataclass(frozen=True)
class Verdict:
    indicator: Indicator
    value: str


VERIFIABILITY = Indicator("verifiability", _("Verifiability"), "verifiability_justification")
# An assessment may find a commitment relevant to no OGP value: that is a verdict too.
RELEVANCE = Indicator(
    "relevance", _("Open-government lens (relevance)"), "relevance_justification", required=False
)
POTENTIAL = Indicator(
    "potential_for_results", _("Potential for results"), "potential_justification"
)
COMPLETION = Indicator("completion", _("Completion"), "completion_justification")
OPENED_GOVERNMENT = Indicator(
    "opened_government", _("Did it open government?"), "opened_government_justification"
)
EARLY_RESULTS = Indicator("early_results", _("Early results"), "early_results_justification")

INDICATORS = {
    MonitoringReport.Kind.DESIGN_REVIEW: (VERIFIABILITY, RELEVANCE, POTENTIAL),
    # Midway, the monitor looks again at the design and at how far the work has come.
    MonitoringReport.Kind.INTERIM: (VERIFIABILITY, RELEVANCE, POTENTIAL, COMPLETION),
    MonitoringReport.Kind.RESULTS: (COMPLETION, OPENED_GOVERNMENT, EARLY_RESULTS),
}

JUSTIFICATIONS = tuple(dict.fromkeys(i.justification for kind in INDICATORS.values() for i in kind))
