"""Citizens' feedback on municipal services (commitment KGBSK0003): catalogue and requests."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commitments.models import Organization

DESCRIPTION_MAX_LENGTH = 4000


class ServiceQuerySet(models.QuerySet):
    def published(self) -> ServiceQuerySet:
        return self.filter(active=True)


class Service(models.Model):
    """A municipal service residents can rate; `code` is its Open311 service_code."""

    code = models.SlugField(_("service code"), unique=True, max_length=40)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    provider = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("responsible municipal enterprise"),
    )
    response_days = models.PositiveSmallIntegerField(
        _("response deadline (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Days the provider has to answer a citizen."),
    )
    active = models.BooleanField(_("accepting feedback"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("municipal service")
        verbose_name_plural = _("municipal services")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    slug = models.SlugField(_("key"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


def token_digest(token: str) -> str:
    """Tracking tokens are stored only as digests: a leaked database reveals no tracking link."""
    return hashlib.sha256(token.encode()).hexdigest()


class FeedbackQuerySet(models.QuerySet):
    def published(self) -> FeedbackQuerySet:
        """Feedback whose text a moderator approved; ratings count in statistics regardless."""
        return self.filter(moderation=Feedback.Moderation.APPROVED)


class Feedback(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("In review")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        REJECTED = "rejected", _("Rejected")
        DUPLICATE = "duplicate", _("Duplicate")

    class Moderation(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Text approved")
        HIDDEN = "hidden", _("Text hidden")

    class Source(models.TextChoices):
        WEB = "web", _("Web form")
        OPEN311 = "open311", _("Open311")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tracking_digest = models.CharField(max_length=64, unique=True, editable=False)
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="feedback", verbose_name=_("service")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="feedback", verbose_name=_("district")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    rating = models.PositiveSmallIntegerField(
        _("quality rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    description = models.TextField(
        _("description"), validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)]
    )
    photo = models.ImageField(_("photo"), upload_to="feedback/%Y/%m/", blank=True)
    email = models.EmailField(
        _("email for updates"), blank=True, help_text=_("Never shown publicly.")
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="ru"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    provider = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_feedback",
        verbose_name=_("assigned provider"),
    )
    public_answer = models.TextField(_("public answer"), blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    first_answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    citizen_confirmed = models.BooleanField(
        _("resolution confirmed by the citizen"), null=True, blank=True
    )
    answer_rating = models.PositiveSmallIntegerField(
        _("rating of the answer"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    submitter_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.district} · {self.rating}/5"

    def clean(self) -> None:
        errors = {}
        if self.status == self.Status.REJECTED and not self.rejection_reason:
            errors["rejection_reason"] = _("Give the reason for rejecting this feedback.")
        if self.status == self.Status.DUPLICATE and self.duplicate_of_id is None:
            errors["duplicate_of"] = _("Say which feedback this one duplicates.")
        if self.duplicate_of_id is not None and self.duplicate_of_id == self.pk:
            errors["duplicate_of"] = _("Feedback cannot duplicate itself.")
        if errors:
            raise ValidationError(errors)
