"""The parts of a monitoring report beside its assessments: recommendations (with the city's
answers), the co-creation checklist, and the sources the report relies on."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment, TranslatedTexts, missing_translation_errors
from commitments.uploads import validate_document, without_metadata

from .report import MonitoringReport


class Recommendation(TranslatedTexts):
    """A recommendation of the monitoring body, and the city's reasoned response to it.

    The monitor writes the recommendation (in the report's admin); committee members answer it
    (`answer_recommendation`), and later record how far it was carried out.
    """

    class Response(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTLY = "partly", _("Partly accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")

    class Implementation(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        IMPLEMENTED = "implemented", _("Implemented")

    report = models.ForeignKey(
        MonitoringReport, on_delete=models.CASCADE, related_name="recommendations",
        verbose_name=_("report"),
    )  # fmt: skip
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, null=True, blank=True,
        related_name="recommendations", verbose_name=_("commitment"),
        help_text=_("Leave empty for a recommendation on the plan as a whole."),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("recommendation"))
    follows_up = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="followed_up_by",
        verbose_name=_("follows up"),
        help_text=_("An earlier report's recommendation that this one takes up again."),
    )  # fmt: skip
    response = models.CharField(
        _("the city's response"), max_length=20, choices=Response.choices, blank=True
    )
    response_reason = models.TextField(_("reason for the response"), blank=True)
    planned_action = models.TextField(_("planned action"), blank=True)
    responded_on = models.DateField(_("answered on"), null=True, blank=True)
    implementation = models.CharField(
        _("implementation"), max_length=20, choices=Implementation.choices, blank=True
    )
    implementation_note = models.TextField(_("implementation note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["report", "order", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        permissions = [("answer_recommendation", _("Can answer recommendations for the city"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(response="") | Q(responded_on__isnull=False),
                name="answered_recommendation_has_date",
                violation_error_message=_("An answered recommendation needs its date."),
            )
        ]

    def __str__(self) -> str:
        text = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return text[:80] + ("…" if len(text) > 80 else "")

    def get_absolute_url(self) -> str:
        return f"{self.report.get_absolute_url()}#recommendation-{self.pk}"

    def clean(self) -> None:
        errors = missing_translation_errors(self, "text")
        if self.response:
            errors.update(missing_translation_errors(self, "response_reason"))
        elif self.implementation:
            errors["implementation"] = _("Record the city's response before its implementation.")
        if self.response == self.Response.NOT_ACCEPTED and self.implementation:
            errors["implementation"] = _("A recommendation not accepted has no implementation.")
        if self.follows_up_id and self.follows_up_id == self.pk:
            errors["follows_up"] = _("A recommendation cannot follow itself up.")
        if errors:
            raise ValidationError(errors)


class CoCreationCheck(TranslatedTexts):
    """One of OGP's participation and co-creation standards, as the monitor found it met."""

    class Standard(models.TextChoices):
        FORUM_PARITY = (
            "forum_parity",
            _(
                "A multistakeholder forum oversees the plan, with government and civil society in "
                "equal numbers"
            ),
        )
        MEETINGS = "meetings", _("The forum meets and its minutes are public")
        PUBLIC_INPUT = "public_input", _("The public's input was collected and answered")
        REASONED_RESPONSE = (
            "reasoned_response",
            _("The government gave a reasoned response on how the input shaped the plan"),
        )
        PLAN_PUBLISHED = "plan_published", _("The action plan is published")

    class Rating(models.TextChoices):
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")

    report = models.ForeignKey(
        MonitoringReport, on_delete=models.CASCADE, related_name="cocreation_checks",
        verbose_name=_("report"),
    )  # fmt: skip
    standard = models.CharField(_("standard"), max_length=20, choices=Standard.choices)
    rating = models.CharField(
        _("rating"), max_length=10, choices=Rating.choices, blank=True,
        help_text=_("Left empty until the monitor has confirmed the evidence."),
    )  # fmt: skip
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("co-creation standard")
        verbose_name_plural = _("co-creation checklist")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "standard"],
                name="one_check_per_standard",
                violation_error_message=_("The checklist already has this standard."),
            )
        ]

    def __str__(self) -> str:
        return self.get_standard_display()


class ReportSource(models.Model):
    """A document or page the report relies on: a link, or a file uploaded with the report."""

    report = models.ForeignKey(
        MonitoringReport, on_delete=models.CASCADE, related_name="sources",
        verbose_name=_("report"),
    )  # fmt: skip
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("commitment"),
        help_text=_("The commitment whose assessment this source backs, if only one."),
    )  # fmt: skip
    # Sources keep the title they were published under, in their own language.
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("link"), blank=True, max_length=500)
    file = models.FileField(
        _("file"), upload_to="monitoring/sources/%Y/", blank=True, validators=[validate_document]
    )
    accessed_on = models.DateField(_("consulted on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["report", "order", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="source_link_or_file",
                violation_error_message=_("Give either a link or a file, not both."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        """Where a reader finds it: the link, or the file served as a download."""
        if self.url:
            return self.url
        return reverse("monitoring-files:source-file", kwargs={"pk": self.pk})

    @property
    def address(self) -> str:
        """The source's address as printed in a PDF: absolute, so a reader can type it."""
        if self.url:
            return self.url
        return settings.SITE_URL.rstrip("/") + self.href

    def clean(self) -> None:
        try:
            self.file = without_metadata(self.file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
