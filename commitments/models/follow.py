"""Citizens who follow a commitment (or the whole plan) by email, and what was sent to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .commitment import Commitment
from .milestone import ProgressUpdate
from .plan import ActionPlan


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> SubscriptionQuerySet:
        """Confirmed by a click on the emailed link and not unsubscribed: the only ones mailed."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def following(self, update: ProgressUpdate) -> SubscriptionQuerySet:
        commitment = update.milestone.commitment
        return self.filter(
            Q(commitment=commitment) | Q(commitment__isnull=True, plan_id=commitment.plan_id)
        )


class Subscription(models.Model):
    email = models.EmailField(_("email"))
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="subscriptions", verbose_name=_("plan")
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("commitment"),
        help_text=_("Empty: the whole plan."),
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "commitment"],
                condition=Q(commitment__isnull=False),
                name="one_subscription_per_commitment",
            ),
            models.UniqueConstraint(
                fields=["email", "plan"],
                condition=Q(commitment__isnull=True),
                name="one_subscription_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.commitment.code if self.commitment_id else self.plan}"


class NotificationQuerySet(models.QuerySet):
    def unsent(self, *, created_after, created_before) -> NotificationQuerySet:
        """Emails still owed to active followers, created within the period given."""
        return self.filter(
            sent_at__isnull=True,
            subscription__unsubscribed_at__isnull=True,
            created_at__gt=created_after,
            created_at__lte=created_before,
        )


class Notification(models.Model):
    """One email about one published update to one follower; `sent_at` makes sending once-only."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="notifications"
    )
    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "update"], name="one_notification_per_update"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscription} · {self.update}"
