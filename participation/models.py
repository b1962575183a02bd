"""Citizens taking part: consultations answered with reasons, and questions to the committee.

Both are moderated before they are public (the feedback moderators' queue and rules), and both
give the sender a private link; an email address and a network address are never public.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from commitments.models import (
    ActionPlan,
    Commitment,
    Milestone,
    Organization,
    TranslatedTexts,
    missing_translation_errors,
)
from commitments.uploads import validate_document, without_metadata

TEXT_MAX_LENGTH = 4000
# The committee's promise to citizens who ask a question on a commitment.
ANSWER_WITHIN_DAYS = 14


class ConsultationQuerySet(models.QuerySet):
    def published(self) -> ConsultationQuerySet:
        return self.filter(published=True, plan__published=True)


class Consultation(TranslatedTexts):
    """A question or a draft put to the public, on a plan (its co-creation) or on a commitment."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("plan")
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, null=True, blank=True,
        related_name="consultations", verbose_name=_("commitment"),
        help_text=_("Leave empty for a consultation on the plan as a whole (its co-creation)."),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=255)
    question = models.TextField(_("question or draft"))
    document = models.FileField(
        _("draft document"), upload_to="consultations/%Y/", blank=True,
        validators=[validate_document],
    )  # fmt: skip
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    answering_body = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="consultations",
        verbose_name=_("answering body"),
    )  # fmt: skip
    summary = models.TextField(
        _("what we heard"), blank=True,
        help_text=_("The closing summary: what people said and what the body will do with it."),
    )  # fmt: skip
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="consultation_closes_after_it_opens",
                violation_error_message=_("A consultation cannot close before it opens."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:consultation-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = missing_translation_errors(self, "title")
        errors.update(missing_translation_errors(self, "question"))
        if self.commitment_id and self.plan_id and self.commitment.plan_id != self.plan_id:
            errors["commitment"] = _("The commitment belongs to another plan.")
        try:
            self.document = without_metadata(self.document)
        except ValidationError as error:
            errors["document"] = error.messages
        if errors:
            raise ValidationError(errors)

    def is_open(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.opens_on <= on <= self.closes_on

    @property
    def has_closed(self) -> bool:
        return timezone.localdate() > self.closes_on

    @property
    def document_url(self) -> str:
        return reverse("participation:document", kwargs={"pk": self.pk}) if self.document else ""


class Moderation(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Published")
    HIDDEN = "hidden", _("Hidden by a moderator")


class CitizenTextQuerySet(models.QuerySet):
    def published(self):
        return self.filter(moderation=Moderation.APPROVED)

    def awaiting_moderation(self):
        return self.filter(moderation=Moderation.PENDING)


class CitizenText(models.Model):
    """What a citizen sends: moderated before it is public, followed through a private link.

    The tracking token is stored only as a digest; the repeat digests live a few minutes
    (bishkek_ogp/lib/repeats.py). The email and the network address are never shown or exported.
    """

    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    email = models.EmailField(_("email for the answer"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    moderation = models.CharField(
        _("moderation"), max_length=20, choices=Moderation.choices, default=Moderation.PENDING
    )
    tracking_digest = models.CharField(max_length=64, unique=True, editable=False)
    # Null, not empty, once forgotten: many rows then share "no digest" under the unique index.
    repeat_digest = models.CharField(  # noqa: DJ001
        max_length=64, null=True, unique=True, editable=False
    )
    masked_token = models.CharField(max_length=64, blank=True, editable=False)
    submitter_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)

    objects = CitizenTextQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        first = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first[:80] + ("…" if len(first) > 80 else "")


class ContributionQuerySet(CitizenTextQuerySet):
    def published(self) -> ContributionQuerySet:
        return super().published().filter(consultation__in=Consultation.objects.published())


class Contribution(CitizenText):
    """A proposal or a comment sent to a consultation, and the body's reasoned response."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal")
        COMMENT = "comment", _("Comment")

    class Response(models.TextChoices):
        # Their own context: in Russian a contribution («отклик») takes other endings than a
        # recommendation.
        ACCEPTED = "accepted", pgettext_lazy("contribution", "Accepted")
        PARTLY = "partly", pgettext_lazy("contribution", "Partly accepted")
        NOT_ACCEPTED = "not_accepted", pgettext_lazy("contribution", "Not accepted")
        OUT_OF_SCOPE = "out_of_scope", pgettext_lazy("contribution", "Outside the scope")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="contributions",
        verbose_name=_("consultation"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    response = models.CharField(_("response"), max_length=20, choices=Response.choices, blank=True)
    response_reason = models.TextField(_("reason for the response"), blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    became_commitment = models.ForeignKey(
        Commitment, on_delete=models.SET_NULL, null=True, blank=True, related_name="origins",
        verbose_name=_("became part of commitment"),
    )  # fmt: skip
    became_milestone = models.ForeignKey(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="origins",
        verbose_name=_("became part of milestone"),
    )  # fmt: skip

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        permissions = [
            ("moderate_contribution", _("Can moderate contributions")),
            ("answer_contribution", _("Can answer contributions for the answering body")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(response="") | Q(responded_at__isnull=False),
                name="answered_contribution_has_time",
                violation_error_message=_("An answered contribution needs its time."),
            )
        ]

    def get_absolute_url(self) -> str:
        return f"{self.consultation.get_absolute_url()}#contribution-{self.pk}"

    def clean(self) -> None:
        errors = {}
        if self.response and not self.response_reason.strip():
            errors["response_reason"] = _("Every response gives its reason.")
        if self.response and self.moderation != Moderation.APPROVED:
            errors["response"] = _("Only a published contribution is answered.")
        accepted = self.response in {self.Response.ACCEPTED, self.Response.PARTLY}
        if (self.became_commitment_id or self.became_milestone_id) and not accepted:
            errors["became_milestone"] = _(
                "Only an accepted or partly accepted contribution becomes part of the plan."
            )
        plan_id = self.consultation.plan_id if self.consultation_id else None
        if self.became_milestone_id and self.became_milestone.commitment.plan_id != plan_id:
            errors["became_milestone"] = _("The milestone belongs to another plan.")
        if self.became_commitment_id and self.became_commitment.plan_id != plan_id:
            errors["became_commitment"] = _("The commitment belongs to another plan.")
        if errors:
            raise ValidationError(errors)

    @property
    def became(self) -> Milestone | Commitment | None:
        return self.became_milestone or self.became_commitment


class QuestionQuerySet(CitizenTextQuerySet):
    def published(self) -> QuestionQuerySet:
        return super().published().filter(commitment__in=Commitment.objects.published())

    def past_their_answer_date(self) -> QuestionQuerySet:
        """Published questions still unanswered after the promised number of days."""
        cutoff = timezone.now() - datetime.timedelta(days=ANSWER_WITHIN_DAYS + 1)
        return self.published().filter(answer="", created_at__lt=cutoff)


class Question(CitizenText):
    """A citizen's question on a commitment, answered publicly by its responsible members."""

    # Whose members may change it: the path to its commitment, as a query writes it.
    commitment_path = "commitment"

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="questions",
        verbose_name=_("commitment"),
    )  # fmt: skip
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("answered by"),
    )  # fmt: skip

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions to the committee")
        permissions = [
            ("moderate_question", _("Can moderate questions")),
            ("answer_question", _("Can answer questions for the committee")),
        ]

    def get_absolute_url(self) -> str:
        return f"{self.commitment.get_absolute_url()}#question-{self.pk}"

    def clean(self) -> None:
        if self.answer.strip() and self.moderation != Moderation.APPROVED:
            raise ValidationError({"answer": _("Only a published question is answered.")})

    @property
    def answer_due_on(self) -> datetime.date:
        """The day by which the committee promised to answer."""
        sent = timezone.localdate(self.created_at)
        return sent + datetime.timedelta(days=ANSWER_WITHIN_DAYS)

    @property
    def is_overdue(self) -> bool:
        return not self.answer.strip() and timezone.localdate() > self.answer_due_on
