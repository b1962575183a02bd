"""Background email work for the action plan; each task loads rows and calls commitments.emails."""

from __future__ import annotations

import datetime
from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from . import emails
from .models import CommitteeMember, Notification, ProgressUpdate, Subscription, today

BATCH_SIZE = 50
# An update published while the broker was down is announced by the sweep once the usual path
# has had its chance, and not at all once it is a week old: late news is not news.
ANNOUNCE_AFTER = datetime.timedelta(minutes=5)
ANNOUNCE_WITHIN = datetime.timedelta(days=7)
# A mail server that is down or refuses for a while: retried with growing pauses (about an hour).
MAIL_RETRY = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "max_retries": 8,
}


@shared_task(**MAIL_RETRY)
def send_follow_confirmation(subscription_id: int) -> None:
    """Email the link that confirms a new follower's address (double opt-in)."""
    subscription = (
        Subscription.objects.select_related("plan", "commitment")
        .filter(pk=subscription_id, confirmed_at__isnull=True, unsubscribed_at__isnull=True)
        .first()
    )
    if subscription is not None:
        emails.send_confirmation(subscription)


@shared_task
def notify_followers(update_id: int) -> int:
    """One notification per active follower of the update's commitment or plan, sent in batches."""
    update = (
        ProgressUpdate.objects.announceable()
        .select_related("milestone__commitment")
        .filter(pk=update_id)
        .first()
    )
    if update is None:
        return 0
    followers = Subscription.objects.active().following(update)
    if update.published_at is not None:  # told late, those who followed since are not told
        followers = followers.exclude(confirmed_at__gt=update.published_at)
    Notification.objects.bulk_create(
        [Notification(subscription=s, update=update) for s in followers], ignore_conflicts=True
    )
    pending = list(
        Notification.objects.filter(update=update, sent_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    for start in range(0, len(pending), BATCH_SIZE):
        send_notifications.delay(pending[start : start + BATCH_SIZE])
    ProgressUpdate.objects.filter(pk=update.pk).update(followers_notified_at=timezone.now())
    return len(pending)


@shared_task
def announce_missed_updates() -> int:
    """Every few minutes: hand on announcements the queue lost while it was unreachable.

    Updates whose followers were never notified go to notify_followers; emails still unsent go
    out one per task, so that an address the mail server refuses holds back no other. Neither
    is sent twice (see send_notifications). Returns how many tasks were queued.
    """
    now = timezone.now()
    period = {"after": now - ANNOUNCE_WITHIN, "before": now - ANNOUNCE_AFTER}
    updates = ProgressUpdate.objects.unannounced(
        published_after=period["after"], published_before=period["before"]
    ).values_list("pk", flat=True)
    emails = Notification.objects.unsent(
        created_after=period["after"], created_before=period["before"]
    ).values_list("pk", flat=True)
    missed_updates, unsent_emails = list(updates), list(emails)
    for update_id in missed_updates:
        notify_followers.delay(update_id)
    for notification_id in unsent_emails:
        send_notifications.delay([notification_id])
    return len(missed_updates) + len(unsent_emails)


@shared_task(**MAIL_RETRY)
def send_notifications(notification_ids: list[int]) -> int:
    """Send a batch of update emails; a retry skips those already sent."""
    return emails.send_notifications(notification_ids)


@shared_task
def send_deadline_reminders() -> int:
    """Weekly: each responsible member's milestones due within 14 days and overdue."""
    return emails.send_deadline_reminders(today())


@shared_task(**MAIL_RETRY)
def send_invitation(member_id: int) -> None:
    """Email a new committee member the link to choose their password."""
    member = CommitteeMember.objects.select_related("user", "plan").filter(pk=member_id).first()
    if member is not None and member.user is not None and member.user.is_active:
        emails.send_invitation(member)
