"""Citizens follow a commitment by email: double opt-in, one email per published update."""

import datetime
import importlib
import re
import smtplib
import time

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from bishkek_ogp.lib.human_check import form_stamp
from commitments import tasks
from commitments.emails import subscription_token
from commitments.models import CommitteeMember, Notification, ProgressUpdate, Subscription
from commitments.services import publish_update, record_progress
from tests.factories import MilestoneFactory, UserFactory, make_responsible

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_run_in_process")]

URL = "/{lang}/follow/"


def subscribe(client, plan, lang="en", commitment="KGBSK0001", email="resident@example.org"):
    data = {"email": email, "commitment": commitment, "website": "", "started": old_stamp()}
    return client.post(URL.format(lang=lang), data, REMOTE_ADDR="203.0.113.5")


def old_stamp() -> str:
    """The form's time stamp as if the page had been opened half a minute ago."""
    return form_stamp(time.time() - 30)


def confirm_link(message) -> str:
    return re.search(r"https?://[^\s]+/follow/confirm/[^\s]+/", message.body).group(0)


def publish(milestone, note="Hearings held in two districts.", progress=60):
    return record_progress(
        milestone=milestone, author=None, status="in_progress", progress=progress, note=note
    )


@pytest.fixture
def milestone(plan):
    return MilestoneFactory(commitment=plan.commitments.get(code="KGBSK0001"))


@pytest.fixture
def follower(client, plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, plan, lang="ky")
    path = confirm_link(mail.outbox[-1]).split("://", 1)[1].split("/", 1)[1]
    client.get("/" + path)
    mail.outbox.clear()
    return Subscription.objects.get()


def test_subscribing_sends_only_a_confirmation_in_the_chosen_language(
    client, plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, plan, lang="ru")
    assert response.status_code == 200
    [message] = mail.outbox
    assert message.to == ["resident@example.org"]
    assert "/ru/follow/confirm/" in message.body
    assert "Подтвердите" in message.subject
    assert message.alternatives[0][1] == "text/html"
    assert "/ru/follow/stop/" in message.body  # every email can be stopped, this one too
    assert "List-Unsubscribe" in message.extra_headers
    assert Subscription.objects.get().confirmed_at is None


def test_unconfirmed_address_receives_nothing_but_the_confirmation(
    client, plan, milestone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, plan)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(milestone)
    assert mail.outbox == []


def test_follower_gets_one_email_per_published_update_in_their_language(
    follower, milestone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update = publish(milestone)
    [message] = mail.outbox
    assert message.to == ["resident@example.org"]
    assert "Hearings held in two districts." in message.body
    assert "/ky/commitments/KGBSK0001/" in message.body
    assert "Кененирээк" in message.body  # "Read more", in the Kyrgyz the follower chose
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Editing the update afterwards sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        update.note_en = "Corrected"
        update.save()
    assert len(mail.outbox) == 1


def test_a_draft_is_not_sent_until_published(
    follower, milestone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = record_progress(
            milestone=milestone,
            author=None,
            status="in_progress",
            progress=70,
            note="Draft",
            published=False,
        )
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        publish_update(update=draft, by=None)
    assert len(mail.outbox) == 1


def test_follower_of_another_commitment_is_not_told(
    client, plan, django_capture_on_commit_callbacks
):
    other = MilestoneFactory(commitment=plan.commitments.get(code="KGBSK0002"))
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, plan, commitment="KGBSK0001")
    Subscription.objects.update(confirmed_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(other)
    assert mail.outbox == []


def test_whole_plan_follower_hears_of_every_commitment(
    client, plan, django_capture_on_commit_callbacks
):
    other = MilestoneFactory(commitment=plan.commitments.get(code="KGBSK0002"))
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, plan, commitment="")
    Subscription.objects.update(confirmed_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(other)
    assert len(mail.outbox) == 1


def test_nothing_is_sent_after_unsubscribing(
    client, follower, milestone, django_capture_on_commit_callbacks
):
    token = subscription_token(follower, "unsubscribe")
    response = client.post(f"/en/follow/stop/{token}/")  # one click, as mail programs do it
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        publish(milestone)
    assert mail.outbox == []


def test_unsubscribe_link_asks_before_stopping(client, follower):
    token = subscription_token(follower, "unsubscribe")
    assert b"<form" in client.get(f"/en/follow/stop/{token}/").content
    follower.refresh_from_db()
    assert follower.unsubscribed_at is None


def test_tampered_link_is_refused(client, plan):
    assert client.get("/en/follow/confirm/not-a-token/").status_code == 404
    assert client.post("/en/follow/stop/not-a-token/").status_code == 404


def test_smtp_failure_is_retried_and_the_email_sent_once(
    follower, milestone, monkeypatch, django_capture_on_commit_callbacks
):
    update = publish(milestone)  # callbacks not run: notifications are created by hand below
    Notification.objects.create(subscription=follower, update=update)
    ids = list(Notification.objects.values_list("pk", flat=True))
    original = mail.backends.locmem.EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] == 1:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return original(self, messages)

    monkeypatch.setattr(mail.backends.locmem.EmailBackend, "send_messages", flaky)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        tasks.send_notifications.run(ids)
    assert mail.outbox == [] and Notification.objects.get().sent_at is None
    assert tasks.send_notifications.run(ids) == 1
    assert tasks.send_notifications.run(ids) == 0  # a second retry finds it sent
    assert len(mail.outbox) == 1


def test_subscribing_is_rate_limited(client, plan):
    for i in range(5):
        subscribe(client, plan, email=f"r{i}@example.org")
    response = subscribe(client, plan, email="r9@example.org")
    assert response.status_code == 400
    assert "Too many requests" in response.content.decode()
    assert not Subscription.objects.filter(email="r9@example.org").exists()


def test_the_follow_limit_is_set_by_the_deployment(client, plan, settings):
    settings.FOLLOW_HOURLY_LIMIT = 1
    subscribe(client, plan, email="first@example.org")
    assert subscribe(client, plan, email="second@example.org").status_code == 400
    assert not Subscription.objects.filter(email="second@example.org").exists()


def test_honeypot_refuses_the_subscription(client, plan):
    data = {"email": "bot@example.org", "website": "http://spam", "started": old_stamp()}
    response = client.post("/en/follow/", data)
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_follow_page_is_apart_from_cookie_free_public_pages(client, plan):
    assert not client.get("/en/commitments/KGBSK0001/").cookies
    assert (
        'href="/en/follow/?commitment=KGBSK0001"'
        in client.get("/en/commitments/KGBSK0001/").content.decode()
    )


# --- weekly reminders ----------------------------------------------------------------------


def test_digest_lists_exactly_the_members_due_and_overdue_milestones(plan, monkeypatch):
    today = datetime.date(2025, 6, 1)
    monkeypatch.setattr(tasks, "today", lambda: today)
    first, second = plan.commitments.get(code="KGBSK0001"), plan.commitments.get(code="KGBSK0002")
    due = MilestoneFactory(
        commitment=first, title_en="Due soon", ends_on=datetime.date(2025, 6, 10)
    )
    late = MilestoneFactory(
        commitment=first, title_en="Late one", ends_on=datetime.date(2025, 5, 1)
    )
    MilestoneFactory(commitment=first, title_en="Far away", ends_on=datetime.date(2025, 9, 1))
    MilestoneFactory(
        commitment=first,
        title_en="Done early",
        ends_on=datetime.date(2025, 5, 1),
        status="completed",
        progress=100,
    )
    MilestoneFactory(commitment=second, title_en="Not mine", ends_on=datetime.date(2025, 6, 5))
    member = UserFactory(email="member@example.org")
    make_responsible(member, first)
    idle = UserFactory(email="idle@example.org")
    make_responsible(idle, plan.commitments.get(code="KGBSK0003"))
    assert tasks.send_deadline_reminders() == 1
    [message] = mail.outbox
    assert message.to == ["member@example.org"]
    assert due.title in message.body and late.title in message.body
    for absent in ("Far away", "Done early", "Not mine"):
        assert absent not in message.body


def test_celery_retries_a_batch_after_an_smtp_failure_and_sends_once(
    follower, milestone, monkeypatch
):
    update = publish(milestone)  # on_commit not run: the notification is queued by hand
    notification = Notification.objects.create(subscription=follower, update=update)
    original = mail.backends.locmem.EmailBackend.send_messages
    calls = {"n": 0}

    def fails_once(self, messages):
        calls["n"] += 1
        if calls["n"] == 1:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return original(self, messages)

    monkeypatch.setattr(mail.backends.locmem.EmailBackend, "send_messages", fails_once)
    # Run in-process, Celery performs the task's automatic retry at once.
    result = tasks.send_notifications.apply(args=[[notification.pk]], throw=False)
    assert result.state == "SUCCESS"
    assert calls["n"] == 2 and len(mail.outbox) == 1
    tasks.send_notifications.apply(args=[[notification.pk]], throw=False)  # a duplicate batch
    assert calls["n"] == 2 and len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None


def published_ago(update, **elapsed) -> None:
    ProgressUpdate.objects.filter(pk=update.pk).update(
        published_at=timezone.now() - datetime.timedelta(**elapsed)
    )


@pytest.fixture
def published_while_broker_down(
    follower, milestone, broker_down, django_capture_on_commit_callbacks
):
    with broker_down(tasks.notify_followers), django_capture_on_commit_callbacks(execute=True):
        update = publish(milestone)
    assert mail.outbox == []
    # Following since long before: the tests move the update's publication back in time.
    Subscription.objects.update(confirmed_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    return update


def test_an_update_published_while_the_broker_was_down_is_announced_by_the_sweep(
    published_while_broker_down,
):
    published_ago(published_while_broker_down, minutes=6)
    assert tasks.announce_missed_updates() == 1
    [message] = mail.outbox
    assert "Hearings held in two districts." in message.body
    assert tasks.announce_missed_updates() == 0
    assert len(mail.outbox) == 1


def test_the_sweep_leaves_the_usual_path_its_first_minutes(published_while_broker_down):
    published_ago(published_while_broker_down, minutes=1)
    assert tasks.announce_missed_updates() == 0
    assert mail.outbox == []


def test_the_sweep_does_not_send_week_old_news(published_while_broker_down):
    published_ago(published_while_broker_down, days=8)
    assert tasks.announce_missed_updates() == 0


def test_the_sweep_leaves_updates_already_announced(
    follower, milestone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update = publish(milestone)
    published_ago(update, minutes=6)
    assert tasks.announce_missed_updates() == 0
    assert len(mail.outbox) == 1


def test_a_follower_since_the_update_is_not_told_of_it_late(published_while_broker_down):
    published_ago(published_while_broker_down, minutes=6)
    Subscription.objects.update(confirmed_at=timezone.now())
    tasks.announce_missed_updates()
    assert mail.outbox == []


def test_reminders_go_out_in_each_members_language(plan):
    commitment = plan.commitments.get(code="KGBSK0001")
    MilestoneFactory(commitment=commitment, ends_on=tasks.today() + datetime.timedelta(days=3))
    for email, language in (("ky@example.org", "ky"), ("en@example.org", "en")):
        make_responsible(UserFactory(email=email), commitment)
        CommitteeMember.objects.filter(user__email=email).update(email_language=language)
    make_responsible(UserFactory(email="default@example.org"), commitment)
    assert tasks.send_deadline_reminders() == 3
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    for address, language in (("ky", "ky"), ("en", "en"), ("default", "ru")):
        with translation.override(language):
            expected = gettext("Your milestones: deadlines in the next two weeks and overdue")
        assert subjects[f"{address}@example.org"] == expected
    assert len(set(subjects.values())) == 3


def test_updates_published_before_the_upgrade_are_not_announced_late(follower, milestone):
    from django.apps import apps

    upgrade = importlib.import_module("commitments.migrations.0006_followers_notified")
    published = publish(milestone)
    draft = record_progress(
        milestone=milestone, author=None, status="in_progress", progress=70, note="Draft",
        published=False,
    )  # fmt: skip
    ProgressUpdate.objects.update(followers_notified_at=None)  # as the new column starts
    published_ago(published, minutes=30)
    upgrade.mark_published_updates_announced(apps, schema_editor=None)
    published.refresh_from_db()
    assert published.followers_notified_at == published.published_at
    assert ProgressUpdate.objects.get(pk=draft.pk).followers_notified_at is None
    assert tasks.announce_missed_updates() == 0
    assert mail.outbox == []


def test_an_email_whose_sending_task_was_lost_is_sent_by_the_sweep(
    follower, milestone, monkeypatch, django_capture_on_commit_callbacks
):
    with monkeypatch.context() as patch:
        patch.setattr(tasks.send_notifications, "delay", lambda ids: None)  # lost with the queue
        with django_capture_on_commit_callbacks(execute=True):
            publish(milestone)
    assert mail.outbox == []
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    assert tasks.announce_missed_updates() == 1
    assert len(mail.outbox) == 1
    assert tasks.announce_missed_updates() == 0
    assert len(mail.outbox) == 1


def test_a_title_on_several_lines_makes_a_one_line_subject(
    follower, milestone, django_capture_on_commit_callbacks
):
    milestone.title_en = milestone.title_ky = "Hearings\nin two districts\r\nand online"
    milestone.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish(milestone)
    [message] = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Hearings in two districts and online" in message.subject
    message.message()  # Django refuses a header with a newline here (BadHeaderError)


def test_an_email_says_the_language_it_is_written_in(
    follower, milestone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(milestone)
    [message] = mail.outbox
    assert '<html lang="ky">' in message.alternatives[0][0]
