"""The follow-by-email path end to end: a real Celery worker sends through a real SMTP server."""

from __future__ import annotations

import datetime
import io
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from commitments.models import ActionPlan, Notification, Subscription
from commitments.services import record_progress
from tests.factories import MilestoneFactory
from tests.services.smtp import smtp_sink
from tests.services.worker import celery_worker

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def wait_for_mail(inbox, count: int, timeout: float = 60) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(inbox.messages) >= count:
            return inbox.messages
        time.sleep(0.2)
    raise AssertionError(f"{len(inbox.messages)} messages arrived, wanted {count}")


def test_published_update_reaches_followers_through_the_worker_and_smtp(tmp_path):
    call_command("load_action_plan", stdout=io.StringIO())
    plan = ActionPlan.objects.get()
    commitment = plan.commitments.get(code="KGBSK0001")
    milestone = MilestoneFactory(commitment=commitment)
    confirmed = timezone.now() - datetime.timedelta(days=1)
    Subscription.objects.create(
        email="ky@example.org", plan=plan, commitment=commitment, language="ky",
        confirmed_at=confirmed,
    )  # fmt: skip
    Subscription.objects.create(email="waiting@example.org", plan=plan, language="ru")
    with (
        smtp_sink() as (email_url, inbox),
        celery_worker(settings.REDIS_URL, tmp_path / "worker.log", {"EMAIL_URL": email_url}),
    ):
        record_progress(
            milestone=milestone, author=None, status="in_progress", progress=40, note="Started."
        )
        [message] = wait_for_mail(inbox, 1)
        time.sleep(1)  # nothing else may arrive: the unconfirmed address gets nothing
        assert len(inbox.messages) == 1
    assert message["To"] == "ky@example.org"
    assert "/ky/commitments/KGBSK0001/" in message.get_body(("plain",)).get_content()
    assert message.get_body(("html",)) is not None
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get().sent_at is not None
