"""The plan and the people and organisations behind it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..uploads import validate_document, without_metadata
from .base import TranslatedTexts, missing_translation_errors, today


class Organization(TranslatedTexts):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government unit")
        MUNICIPAL_ENTERPRISE = "municipal_enterprise", _("Municipal enterprise")
        CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
        MONITORING_BODY = "monitoring_body", _("Monitoring body")
        INTERNATIONAL_PARTNER = "international_partner", _("International partner")

    slug = models.SlugField(_("key"), unique=True, help_text=_("Stable identifier in URLs."))
    name = models.CharField(_("name"), max_length=255)
    abbreviation = models.CharField(_("abbreviation"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    public_contact = models.CharField(
        _("public contact"),
        max_length=255,
        blank=True,
        help_text=_("A contact the organisation itself has made public. Shown on the site."),
    )
    source_note = models.TextField(
        _("note on sources"),
        blank=True,
        help_text=_("What the official sources do and do not say about this organisation."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class ActionPlanQuerySet(models.QuerySet):
    def published(self) -> ActionPlanQuerySet:
        return self.filter(published=True)


class ActionPlan(TranslatedTexts):
    class Status(models.TextChoices):
        """A plan's lifecycle. Implementation turns into "ended" by itself on the day after the
        plan's end (see `stage`); the committee closes a plan once the final assessment is out."""

        CO_CREATION = "co_creation", _("Co-creation")
        IMPLEMENTATION = "implementation", _("Implementation")
        ENDED = "ended", _("Ended, awaiting the final assessment")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("key"), unique=True)
    title = models.CharField(_("title"), max_length=255)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=255)
    submitted_on = models.DateField(_("date submitted"), null=True, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IMPLEMENTATION
    )
    lead_institutions = models.ManyToManyField(
        Organization, related_name="led_plans", blank=True, verbose_name=_("lead institutions")
    )
    monitoring_body = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="monitored_plans",
        null=True,
        blank=True,
        limit_choices_to={"kind": Organization.Kind.MONITORING_BODY},
        verbose_name=_("monitoring body"),
    )
    endorsed_by = models.ManyToManyField(
        Organization, related_name="endorsed_plans", blank=True, verbose_name=_("endorsed by")
    )
    summary = models.TextField(_("summary"), blank=True)
    cocreation_summary = models.TextField(_("co-creation"), blank=True)
    cocreation_groups = models.PositiveSmallIntegerField(
        _("groups taking part in co-creation"), null=True, blank=True
    )
    cocreation_public_meetings = models.PositiveSmallIntegerField(
        _("public-facing co-creation meetings"), null=True, blank=True
    )
    source_url = models.URLField(_("official source"), blank=True)
    published = models.BooleanField(_("published"), default=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-ends_on"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="plan_ends_after_start",
                violation_error_message=_("The plan cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plan-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The plan cannot end before it starts.")})

    @property
    def has_ended(self) -> bool:
        return self.ends_on < today()

    @property
    def stage(self) -> str:
        """Where the plan is in its lifecycle today (Status)."""
        if self.status == self.Status.IMPLEMENTATION and self.has_ended:
            return self.Status.ENDED
        return self.status

    def get_stage_display(self) -> str:
        return str(self.Status(self.stage).label)

    @cached_property  # asked by the banner and the plan's page alike
    def next_plan(self) -> ActionPlan | None:
        """The published plan that follows this one, if any."""
        later = ActionPlan.objects.published().filter(ends_on__gt=self.ends_on)
        return later.order_by("ends_on").first()


class CommitteeMember(TranslatedTexts):
    """A seat on the Open Bishkek Committee, which is built on parity between the two sides."""

    SEATS_PER_SIDE = 3

    class Side(models.TextChoices):
        MAYORS_OFFICE = "mayors_office", _("Mayor's Office")
        CIVIL_SOCIETY = "civil_society", _("Civil society")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="committee", verbose_name=_("plan")
    )
    full_name = models.CharField(_("full name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="committee_members",
        verbose_name=_("organisation"),
    )
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_seat",
        verbose_name=_("admin account"),
        help_text=_("The account this member uses to edit the plan, if any."),
    )
    email_language = models.CharField(
        _("language of emails"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the deadline reminders sent to this member."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "side", "order", "full_name"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(fields=["plan", "full_name"], name="one_seat_per_person"),
            models.CheckConstraint(
                condition=Q(active_from__isnull=True)
                | Q(active_until__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="member_active_period_ordered",
                violation_error_message=_("A member cannot leave before joining."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def is_active(self, on: datetime.date | None = None) -> bool:
        on = on or today()
        started = self.active_from is None or self.active_from <= on
        return started and (self.active_until is None or self.active_until >= on)

    def clean(self) -> None:
        if self.active_from and self.active_until and self.active_until < self.active_from:
            raise ValidationError({"active_until": _("A member cannot leave before joining.")})
        if self.plan_id and self.side and self.is_active():
            others = CommitteeMember.objects.filter(plan=self.plan_id, side=self.side)
            seated = [m for m in others.exclude(pk=self.pk) if m.is_active()]
            if len(seated) >= self.SEATS_PER_SIDE:
                raise ValidationError(
                    {
                        "side": _(
                            "The committee is built on parity: this side already has %(n)d "
                            "active members. End one member's period first."
                        )
                        % {"n": self.SEATS_PER_SIDE}
                    }
                )


class OgpValue(models.Model):
    code = models.SlugField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("OGP value")
        verbose_name_plural = _("OGP values")

    def __str__(self) -> str:
        return self.name


class MeetingQuerySet(models.QuerySet):
    def published(self) -> MeetingQuerySet:
        return self.filter(published=True, plan__published=True)

    def upcoming(self) -> MeetingQuerySet:
        """Today's and later meetings, the next first."""
        return self.filter(held_on__gte=timezone.localdate()).order_by("held_on", "starts_at")

    def held(self) -> MeetingQuerySet:
        return self.filter(held_on__lt=timezone.localdate()).order_by("-held_on")


class Meeting(TranslatedTexts):
    class Kind(models.TextChoices):
        CO_CREATION = "co_creation", _("Co-creation meeting")
        COMMITTEE = "committee", _("Committee meeting")
        OPEN_DISCUSSION = "open_discussion", _("Open joint discussion of progress")
        HEARING = "hearing", _("Public hearing")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    how_to_attend = models.TextField(
        _("how to attend"), blank=True,
        help_text=_("Who may come, whether to register, the online link, accessibility."),
    )  # fmt: skip
    summary = models.TextField(_("summary"), blank=True)
    participants = models.TextField(
        _("attendance"), blank=True, help_text=_("Who took part, recorded after the meeting.")
    )
    minutes = models.FileField(
        _("minutes"), upload_to="minutes/%Y/", blank=True, validators=[validate_document]
    )
    source_url = models.URLField(_("source"), blank=True)
    published = models.BooleanField(_("published"), default=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["plan", "held_on", "kind"], name="meeting_once")
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    @property
    def minutes_url(self) -> str:
        """The minutes served as a download ("" when none were uploaded)."""
        return reverse("files:minutes", kwargs={"pk": self.pk}) if self.minutes else ""

    @property
    def is_upcoming(self) -> bool:
        return self.held_on >= timezone.localdate()

    def clean(self) -> None:
        errors = missing_translation_errors(self, "title")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A meeting ends after it starts.")
        try:
            self.minutes = without_metadata(self.minutes)
        except ValidationError as error:
            errors["minutes"] = error.messages
        if errors:
            raise ValidationError(errors)
