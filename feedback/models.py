"""Citizens' feedback on municipal services (commitment KGBSK0003): catalogue and requests."""

from __future__ import annotations

import datetime
import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
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


class FeedbackQuerySet(models.QuerySet):
    def published(self) -> FeedbackQuerySet:
        """Requests listed publicly (site and Open311): all but those a moderator hid.

        A request is public from the start (service, district, rating, status, dates); its text
        only once approved, see `Feedback.public_description`. Ratings count in the statistics
        whatever the moderation.
        """
        return self.exclude(moderation=Feedback.Moderation.HIDDEN)

    def for_listing(self) -> FeedbackQuerySet:
        return self.select_related("service", "district", "provider")

    def open(self) -> FeedbackQuerySet:
        return self.filter(status__in=Feedback.OPEN_STATUSES)

    def overdue(self, now: datetime.datetime | None = None) -> FeedbackQuerySet:
        """Open, unanswered and past the answer deadline the service had when it was submitted."""
        return self.open().filter(
            first_answered_at__isnull=True, answer_due_at__lt=now or timezone.now()
        )


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
    # Kept only for the few minutes in which a repeat of the submission is recognised: see
    # bishkek_ogp/lib/repeats.py.
    repeat_digest = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    masked_token = models.CharField(max_length=64, blank=True, editable=False)
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
    # Optional for Open311 clients, as the spec has it; the web form asks for it.
    description = models.TextField(
        _("description"), blank=True, validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)]
    )
    photo = models.ImageField(_("photo"), upload_to="feedback/%Y/%m/", blank=True)
    email = models.EmailField(
        _("email for updates"), blank=True, help_text=_("Never shown publicly.")
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="ru"
    )
    source = models.CharField(
        _("received through"), max_length=10, choices=Source.choices, default=Source.WEB
    )
    submitted_via = models.ForeignKey(
        "Open311Key",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="feedback",
        verbose_name=_("Open311 key"),
    )
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
    # The citizen's own words are never edited; where they must not be shown as written (a name,
    # a phone number), a moderator writes the public version here.
    moderated_description = models.TextField(
        _("public version of the description"),
        blank=True,
        help_text=_("Shown instead of the citizen's text, which is kept as written."),
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
    # Set on creation (not auto_now_add) so that save() can derive the answer deadline from it.
    created_at = models.DateTimeField(
        _("submitted at"), default=timezone.now, editable=False, db_index=True
    )

    answer_due_at = models.DateTimeField(_("answer due by"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = FeedbackQuerySet.as_manager()

    OPEN_STATUSES = (Status.RECEIVED, Status.IN_REVIEW, Status.IN_PROGRESS)

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

    def save(self, *args, **kwargs) -> None:
        if self.answer_due_at is None and self.service_id is not None:
            # The deadline in force on the day of submission; later edits of the service's
            # deadline do not move it, so statistics compare against what was promised.
            submitted = self.created_at or timezone.now()
            self.answer_due_at = submitted + datetime.timedelta(days=self.service.response_days)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("feedback:request-detail", kwargs={"public_id": self.public_id})

    @property
    def reference(self) -> str:
        """A short number to quote by phone or at a counter: its public id's first eight digits."""
        digits = self.public_id.hex[:8].upper()
        return f"{digits[:4]}-{digits[4:]}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def public_description(self) -> str:
        """The citizen's text (or a moderator's public version of it), once approved."""
        if self.moderation != self.Moderation.APPROVED:
            return ""
        return self.moderated_description or self.description

    @property
    def public_address(self) -> str:
        return self.address if self.moderation == self.Moderation.APPROVED else ""

    @property
    def public_point(self) -> tuple[str | None, str | None]:
        """The map point as text, once approved: a citizen may have pinned their own home."""
        if self.moderation != self.Moderation.APPROVED or self.latitude is None:
            return None, None
        return str(self.latitude), str(self.longitude)

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


class ResponseTemplate(models.Model):
    """A ready answer a moderator starts from, offered for one status."""

    status = models.CharField(_("for status"), max_length=20, choices=Feedback.Status.choices)
    name = models.CharField(_("name"), max_length=100)
    # Required in Russian (see translation.py); the other languages fall back to it.
    text = models.TextField(_("answer text"), blank=True)
    active = models.BooleanField(_("offered to moderators"), default=True)

    class Meta:
        ordering = ["status", "name"]
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.name}"


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


OPEN311_HOURLY_LIMIT = 600  # a partner app relaying a busy day's reports stays well below


class Open311KeyQuerySet(models.QuerySet):
    def matching(self, key: str) -> Open311Key | None:
        return self.filter(active=True, digest=key_digest(key)).first() if key else None


class Open311Key(models.Model):
    """An API key of a system that posts requests through Open311 ('My City', a partner app).

    Only a digest is stored: the key is shown once, when it is created.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    prefix = models.CharField(_("key starts with"), max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    hourly_limit = models.PositiveIntegerField(
        _("requests an hour"),
        default=OPEN311_HOURLY_LIMIT,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Requests posted beyond this within an hour are refused, so that a faulty or leaked "
            "client cannot flood the moderators' queue."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    objects = Open311KeyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return self.name
