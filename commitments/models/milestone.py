"""Milestones, the progress recorded on them, and the evidence behind it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ..uploads import validate_document, without_metadata
from .base import (
    PERCENTAGE,
    MilestoneStatus,
    TranslatedTexts,
    missing_translation_errors,
    nul_character_errors,
    today,
)
from .commitment import Commitment
from .plan import Organization


def status_progress_errors(status: str, progress: int | None) -> dict[str, str]:
    """The rules tying a status to a progress figure, as field errors (empty when consistent)."""
    if progress is None or not 0 <= progress <= 100:
        return {}  # the field's own validator reports the range
    if status == MilestoneStatus.COMPLETED and progress != 100:
        return {"progress": _("A completed milestone has 100% progress.")}
    if status == MilestoneStatus.NOT_STARTED and progress != 0:
        return {"progress": _("A milestone that has not started has 0% progress.")}
    return {}


STATUS_PROGRESS_RULES = (
    Q(progress__gte=0, progress__lte=100)
    & (~Q(status=MilestoneStatus.COMPLETED) | Q(progress=100))
    & (~Q(status=MilestoneStatus.NOT_STARTED) | Q(progress=0))
)


class MilestoneQuerySet(models.QuerySet):
    def published(self) -> MilestoneQuerySet:
        return self.filter(commitment__in=Commitment.objects.published())

    def overdue(self, on: datetime.date | None = None) -> MilestoneQuerySet:
        """Open past their due date while their plan runs (after its end: not completed)."""
        on = on or today()
        open_statuses = [MilestoneStatus.NOT_STARTED, MilestoneStatus.IN_PROGRESS]
        return self.filter(
            ends_on__lt=on, status__in=open_statuses, commitment__plan__ends_on__gte=on
        )

    def due_within(self, days: int, on: datetime.date | None = None) -> MilestoneQuerySet:
        start = on or today()
        return self.filter(
            ends_on__gte=start,
            ends_on__lte=start + datetime.timedelta(days=days),
            status__in=[MilestoneStatus.NOT_STARTED, MilestoneStatus.IN_PROGRESS],
        )


class Milestone(TranslatedTexts):
    Status = MilestoneStatus
    # Whose members may change it: the path to its commitment, as a query writes it.
    commitment_path = "commitment"

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("commitment"),
    )
    order = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    expected_output = models.TextField(_("expected output"), blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("due date"))
    responsible = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("responsible organisation"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[PERCENTAGE]
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        help_text=_("Relative weight in the commitment's progress. Equal weights: plain average."),
    )
    funding = models.CharField(_("funding"), max_length=255, blank=True)
    is_demo = models.BooleanField(
        _("illustrative (demo) data"),
        default=False,
        help_text=_("Illustrative data, not an official milestone of the plan."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["commitment__code", "order"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["commitment", "order"], name="milestone_number_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="milestone_ends_after_start",
                violation_error_message=_("The due date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=STATUS_PROGRESS_RULES,
                name="milestone_status_matches_progress",
                violation_error_message=_("The status and the progress figure disagree."),
            ),
        ]
        indexes = [models.Index(fields=["status", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "commitments:milestone-detail",
            kwargs={"code": self.commitment.code, "order": self.order},
        )

    @property
    def code(self) -> str:
        return f"{self.commitment.code}.{self.order}"

    @property
    def beyond_plan_end(self) -> bool:
        """Due after the plan ends: allowed with a reason, and shown as such."""
        return self.ends_on > self.commitment.plan.ends_on

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.NOT_STARTED, self.Status.IN_PROGRESS}

    @property
    def is_overdue(self) -> bool:
        """Open past its due date while the plan runs."""
        plan_runs = not self.commitment.plan.has_ended
        return self.ends_on < today() and self.is_open and plan_runs

    @property
    def unfinished_at_plan_end(self) -> bool:
        """Not completed by the end of its plan, once the plan has ended."""
        return self.is_open and self.commitment.plan.has_ended

    def clean(self) -> None:
        errors = status_progress_errors(self.status, self.progress)
        errors.update(missing_translation_errors(self, "title"))
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The due date cannot be before the start date.")
        if errors:
            raise ValidationError(errors)


class ProgressUpdateQuerySet(models.QuerySet):
    def published(self) -> ProgressUpdateQuerySet:
        return self.filter(published=True, milestone__in=Milestone.objects.published())

    def for_listing(self) -> ProgressUpdateQuerySet:
        return self.select_related("milestone__commitment").prefetch_related("evidence")

    def announceable(self) -> ProgressUpdateQuerySet:
        """Updates followers hear of: published, and real (never illustrative demo data)."""
        return self.published().filter(is_demo=False)

    def unannounced(self, *, published_after, published_before) -> ProgressUpdateQuerySet:
        """Announceable updates whose followers have not been told, within the period given."""
        return self.announceable().filter(
            followers_notified_at__isnull=True,
            published_at__gt=published_after,
            published_at__lte=published_before,
        )


class ProgressUpdate(TranslatedTexts):
    """A dated public note on a milestone, and the status and progress it recorded."""

    # Whose members may change it: the path to its commitment, as a query writes it.
    commitment_path = "milestone__commitment"

    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("milestone"),
    )
    published_on = models.DateField(_("date"), default=today)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status set"), max_length=20, choices=MilestoneStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress set (%)"), validators=[PERCENTAGE])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("author"),
    )
    published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("A draft changes neither the milestone nor the public site until published."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    followers_notified_at = models.DateTimeField(
        _("followers notified at"), null=True, blank=True, editable=False
    )
    is_demo = models.BooleanField(_("illustrative (demo) data"), default=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_(
            "Needed when the update lowers a published milestone's status or progress; shown on "
            "the public change history."
        ),
    )

    # A client that repeats a request whose answer it lost (Idempotency-Key) gets this update
    # back instead of a second one; a digest of the author and the key.
    request_digest = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-created_at"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(
                condition=STATUS_PROGRESS_RULES,
                name="update_status_matches_progress",
                violation_error_message=_("The status and the progress figure disagree."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.milestone.code} · {self.published_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return f"{self.milestone.get_absolute_url()}#update-{self.pk}"

    @property
    def recorded_on(self) -> datetime.date:
        """The day it was published on the site (or entered, for a draft)."""
        return timezone.localdate(self.published_at or self.created_at)

    @property
    def recorded_later(self) -> bool:
        return self.recorded_on != self.published_on

    def clean(self) -> None:
        errors = status_progress_errors(self.status, self.progress)
        errors.update(missing_translation_errors(self, "note"))
        errors.update(nul_character_errors(self, "note"))
        errors.update(self._date_errors())
        if errors:
            raise ValidationError(errors)

    def _date_errors(self) -> dict:
        """An update reports what happened: not in the future, not before its commitment began."""
        if self.published_on is None or self.milestone_id is None:
            return {}
        if self.published_on > today():
            return {"published_on": _("A progress update cannot be dated in the future.")}
        begun = self.milestone.commitment.starts_on
        if self.published_on < begun:
            return {
                "published_on": _(
                    "A progress update cannot be dated before its commitment began (%(date)s)."
                )
                % {"date": formats.date_format(begun)}
            }
        return {}


class EvidenceQuerySet(models.QuerySet):
    def published(self) -> EvidenceQuerySet:
        return self.filter(update__in=ProgressUpdate.objects.published())


class Evidence(TranslatedTexts):
    """A document or link that backs a progress update."""

    # Whose members may change it: the path to its commitment, as a query writes it.
    commitment_path = "update__milestone__commitment"

    update = models.ForeignKey(
        ProgressUpdate,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("progress update"),
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    file = models.FileField(
        _("file"), upload_to="evidence/%Y/%m/", blank=True, validators=[validate_document]
    )
    is_demo = models.BooleanField(_("illustrative (demo) data"), default=False)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="evidence_link_or_file",
                violation_error_message=_("Give either a link or a file, not both."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        """Where the public follows it: the link, or the file served as a download."""
        if self.url:
            return self.url
        return reverse("files:evidence", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = missing_translation_errors(self, "title")
        if bool(self.url) == bool(self.file):
            errors["__all__"] = _(
                "Evidence needs either a link or an uploaded file (one of the two, not both)."
            )
        try:
            self.file = without_metadata(self.file)
        except ValidationError as error:
            errors["file"] = error.messages
        if errors:
            raise ValidationError(errors)
