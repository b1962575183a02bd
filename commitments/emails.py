"""The emails of the action plan: follow confirmations, update notices, deadline digests, and
the invitation of a new committee member.

Each is rendered in its reader's language with a plain-text and an HTML part. Links are built on
SITE_URL, since tasks have no request to take the host from.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail, signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import CommitteeMember, Milestone, Notification, Subscription

TOKEN_SALT = "follow-{purpose}"
CONFIRMATION_MAX_AGE = 7 * 24 * 3600


def subscription_token(subscription: Subscription, purpose: str) -> str:
    return signing.dumps(subscription.pk, salt=TOKEN_SALT.format(purpose=purpose))


def subscription_from_token(token: str, purpose: str, max_age: int | None = None):
    try:
        pk = signing.loads(token, salt=TOKEN_SALT.format(purpose=purpose), max_age=max_age)
    except signing.BadSignature:
        return None
    return Subscription.objects.select_related("plan", "commitment").filter(pk=pk).first()


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def link(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return absolute(reverse(name, kwargs=kwargs))


def build(
    *, to: str, template: str, context: dict, language: str, headers: dict | None = None
) -> mail.EmailMultiAlternatives:
    with translation.override(language):
        # One line, whatever the texts in it hold: a newline in a header is refused by Django
        # (BadHeaderError) and would stop the whole batch.
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = mail.EmailMultiAlternatives(subject, text, to=[to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    return message


def unsubscribe_link(subscription: Subscription) -> str:
    token = subscription_token(subscription, "unsubscribe")
    return link("commitments:follow-unsubscribe", subscription.language, token=token)


def unsubscribe_headers(url: str) -> dict:
    # RFC 8058: mail programs offer their own button and POST to the link without a page.
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send_confirmation(subscription: Subscription) -> None:
    language = subscription.language
    unsubscribe_url = unsubscribe_link(subscription)
    context = {
        "subscription": subscription,
        "confirm_url": link(
            "commitments:follow-confirm",
            language,
            token=subscription_token(subscription, "confirm"),
        ),
        "unsubscribe_url": unsubscribe_url,
    }
    build(
        to=subscription.email,
        template="follow_confirm",
        context=context,
        language=language,
        headers=unsubscribe_headers(unsubscribe_url),
    ).send()


def send_notifications(notification_ids: list[int]) -> int:
    """Send each pending notification once: it is marked sent in the transaction that sent it.

    An SMTP error aborts the batch (the caller retries it); what went out before is not resent.
    """
    sent = 0
    with mail.get_connection() as connection:
        for pk in notification_ids:
            with transaction.atomic():
                notification = (
                    Notification.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related(
                        "subscription__plan",
                        "subscription__commitment",
                        "update__milestone__commitment",
                    )
                    .filter(pk=pk, sent_at__isnull=True, subscription__unsubscribed_at__isnull=True)
                    .first()
                )
                if notification is None:
                    continue
                message = update_message(notification)
                message.connection = connection
                message.send()
                notification.sent_at = timezone.now()
                notification.save(update_fields=["sent_at"])
                sent += 1
    return sent


def update_message(notification: Notification) -> mail.EmailMultiAlternatives:
    subscription, update = notification.subscription, notification.update
    language = subscription.language
    unsubscribe_url = unsubscribe_link(subscription)
    with translation.override(language):
        commitment = update.milestone.commitment
        context = {
            "update": update,
            "milestone": update.milestone,
            "commitment": commitment,
            "page_url": absolute(commitment.get_absolute_url()),
            "unsubscribe_url": unsubscribe_url,
        }
    return build(
        to=subscription.email,
        template="follow_update",
        context=context,
        language=language,
        headers=unsubscribe_headers(unsubscribe_url),
    )


def send_deadline_reminders(on: datetime.date) -> int:
    """Email each responsible member their milestones due within 14 days and overdue."""
    sent = 0
    members = (
        CommitteeMember.objects.filter(user__is_active=True, responsible_for__isnull=False)
        .exclude(user__email="")
        .select_related("user")
        .distinct()
    )
    for member in members:
        mine = (
            Milestone.objects.filter(commitment__responsible_members=member)
            .select_related("commitment")
            .order_by("ends_on", "pk")
        )
        due, overdue = list(mine.due_within(14, on=on)), list(mine.overdue(on=on))
        if not due and not overdue:
            continue
        context = {
            "member": member,
            "due": due,
            "overdue": overdue,
            "admin_url": absolute(reverse("admin:commitments_milestone_changelist")),
        }
        build(
            to=member.user.email,
            template="deadline_reminder",
            context=context,
            language=member.email_language,
        ).send()
        sent += 1
    return sent


def send_invitation(member: CommitteeMember) -> None:
    """The link for a new member to choose a password, valid for PASSWORD_RESET_TIMEOUT."""
    user = member.user
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    context = {
        "member": member,
        "username": user.get_username(),
        "password_url": absolute(
            reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
        ),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)),
        "admin_url": absolute(reverse("admin:index")),
    }
    build(
        to=user.email, template="member_invitation", context=context, language=member.email_language
    ).send()
