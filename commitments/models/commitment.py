"""Commitments and how their progress rolls up from milestones."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .milestone import Milestone

from .base import COMMITMENT_CODE, MilestoneStatus, TranslatedTexts, today
from .plan import ActionPlan, CommitteeMember, OgpValue, Organization


class CompletionLevel(models.TextChoices):
    """Bands of the city's own progress figures (see `completion_level`).

    Their values line up with the IRM's completion scale only so that the monitoring body's
    verdict can be compared with the city's figures; their labels never use the IRM's words,
    which belong to the monitoring body's verdict alone.
    """

    NOT_STARTED = "not_started", _("Reported by the city: 0%")
    LIMITED = "limited", _("Reported by the city: 1–49%")  # noqa: RUF001 (a range)
    SUBSTANTIAL = "substantial", _("Reported by the city: 50–99%")  # noqa: RUF001
    COMPLETE = "complete", _("Reported by the city: 100%")


def completion_level(progress: int) -> CompletionLevel:
    """Map 0-100 progress onto the IRM scale: nothing, under half, half or more, all."""
    if progress <= 0:
        return CompletionLevel.NOT_STARTED
    if progress < 50:
        return CompletionLevel.LIMITED
    if progress < 100:
        return CompletionLevel.SUBSTANTIAL
    return CompletionLevel.COMPLETE


def weighted_progress(milestones: Iterable[Milestone]) -> int:
    """Weighted mean of milestone progress, cancelled milestones left out.

    Equal weights give the plain mean; when every weight is zero the weights carry no information,
    so the plain mean is used too. No milestones means nothing has been delivered yet: 0.
    """
    counted = [m for m in milestones if m.status != MilestoneStatus.CANCELLED]
    total_weight = sum(m.weight for m in counted)
    if total_weight == 0:
        return rounded_percent(sum(m.progress for m in counted), len(counted))
    return rounded_percent(sum(m.weight * m.progress for m in counted), total_weight)


def rounded_percent(total: int, count: int) -> int:
    """total / count as a whole percentage, halves rounded up; nothing to count gives 0."""
    if count == 0:
        return 0
    return int((Decimal(total) / count).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class CommitmentQuerySet(models.QuerySet):
    def published(self) -> CommitmentQuerySet:
        return self.filter(published=True, plan__published=True)

    def with_milestones(self) -> CommitmentQuerySet:
        from .milestone import Milestone  # milestones refer to commitments, not the reverse

        return self.select_related("plan").prefetch_related(
            models.Prefetch("milestones", queryset=Milestone.objects.order_by("order"))
        )


class Commitment(TranslatedTexts):
    commitment_path = "pk"  # its own (see Milestone.commitment_path)

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("plan")
    )
    code = models.CharField(_("code"), max_length=9, unique=True, validators=[COMMITMENT_CODE])
    title = models.CharField(_("title"), max_length=300)
    problem = models.TextField(_("problem"), blank=True)
    status_quo = models.TextField(_("status quo"), blank=True)
    objective = models.TextField(_("objective"), blank=True)
    ogp_values = models.ManyToManyField(OgpValue, blank=True, verbose_name=_("OGP values"))
    institutions = models.ManyToManyField(
        Organization,
        through="CommitmentInstitution",
        related_name="commitments",
        verbose_name=_("institutions"),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    funding_source = models.CharField(_("funding source"), max_length=255, blank=True)
    source_url = models.URLField(_("official source"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    responsible_members = models.ManyToManyField(
        CommitteeMember,
        blank=True,
        related_name="responsible_for",
        verbose_name=_("responsible committee members"),
        help_text=_("Only they (and superusers) may change this commitment's milestones."),
    )

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="commitment_ends_after_start",
                violation_error_message=_("A commitment cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("commitment-detail", kwargs={"code": self.code})

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A commitment cannot end before it starts.")})

    @property
    def progress(self) -> int:
        return weighted_progress(self.milestones.all())

    @property
    def progress_includes_demo(self) -> bool:
        """Whether the figure is computed from illustrative (demo) milestones."""
        return any(m.is_demo for m in self.milestones.all())

    @property
    def completion(self) -> CompletionLevel:
        return completion_level(self.progress)

    @property
    def is_overdue(self) -> bool:
        """Past its end and not complete, while the plan runs."""
        unfinished = self.completion != CompletionLevel.COMPLETE
        return self.ends_on < today() and unfinished and not self.plan.has_ended

    @property
    def unfinished_at_plan_end(self) -> bool:
        return self.plan.has_ended and self.completion != CompletionLevel.COMPLETE


class CommitmentInstitution(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        SUPPORTING = "supporting", _("Supporting")
        # The official pages list the institutions "involved" without saying who leads.
        INVOLVED = "involved", _("Involved (role not stated)")

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="institution_roles"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.INVOLVED)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "organization"], name="institution_once_per_commitment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"
