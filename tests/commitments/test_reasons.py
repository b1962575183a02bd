"""Reasons on the record: a due date past the plan's end, a published milestone's due date moved or
its figures lowered need a reason, in the admin, the API and the spreadsheet import alike; the
reason is shown on the public change history and the milestone's page, with who gave it."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats, timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commitments.models import Milestone
from commitments.services import record_progress
from tests.admin_forms import admin_form_data, inline_rows
from tests.factories import CommitteeMemberFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db

PLAN_END = datetime.date(2025, 12, 31)
PAST_THE_END = datetime.date(2026, 3, 31)
DUE = datetime.date(2025, 6, 30)  # the factory's due date
REASON = "The tender had to be repeated."


@pytest.fixture
def milestone(plan, committee_user):
    """A published milestone of KGBSK0001, in the care of committee member Aida."""
    commitment = plan.commitments.get(code="KGBSK0001")
    CommitteeMemberFactory(plan=plan, user=committee_user, full_name="Aida Committee")
    commitment.responsible_members.add(committee_user.committee_seat)
    return MilestoneFactory(commitment=commitment, title_en="Open map of appeals")


def day(date: datetime.date) -> str:
    return formats.date_format(date)  # as pages and messages write it (English in tests)


def move_in_admin(client, milestone, **data):
    url = reverse("admin:commitments_milestone_change", args=[milestone.pk])
    return client.post(url, admin_form_data(client.get(url)) | data)


def token_client(user) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_admin_refuses_a_due_date_past_the_plans_end_without_a_reason(committee_client, milestone):
    response = move_in_admin(committee_client, milestone, ends_on="2026-03-31")
    assert response.status_code == 200
    message = (
        f"The due date {day(PAST_THE_END)} is after the end of the plan ({day(PLAN_END)}): say why."
    )
    assert message in response.content.decode()
    assert Milestone.objects.get(pk=milestone.pk).ends_on == datetime.date(2025, 6, 30)


def test_admin_keeps_the_reason_and_the_public_pages_show_it_with_who(
    client, committee_client, milestone
):
    response = move_in_admin(
        committee_client, milestone, ends_on="2026-03-31", change_reason=REASON
    )
    assert response.status_code == 302
    record = milestone.history.latest()
    assert (record.ends_on, record.history_change_reason) == (PAST_THE_END, REASON)
    for url in ("/en/commitments/KGBSK0001/", milestone.get_absolute_url()):
        page = client.get(url).content.decode()
        assert f"moved from {day(DUE)} to {day(PAST_THE_END)}." in page, url
        assert f'Reason: <span lang="en">{REASON}</span>' in page, url
        assert "beyond the plan" in page, url
        assert "by Aida Committee, Open Bishkek Committee" in page, url


def test_moving_a_published_due_date_within_the_plan_needs_a_reason_too(
    committee_client, milestone
):
    response = move_in_admin(committee_client, milestone, ends_on="2025-09-30")
    assert "The due date of a published milestone moves only with a reason." in (
        response.content.decode()
    )
    assert Milestone.objects.get(pk=milestone.pk).ends_on == datetime.date(2025, 6, 30)


def test_the_commitments_milestone_rows_ask_for_the_reason_too(committee_user, milestone, client):
    committee_user.is_superuser = True  # the commitment form is the superusers'
    committee_user.save()
    client.force_login(committee_user)
    url = reverse("admin:commitments_commitment_change", args=[milestone.commitment.pk])
    page = client.get(url)
    data = admin_form_data(page) | inline_rows(page)
    row = next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith("milestones-") and key.endswith("-id") and value == milestone.pk
    )
    refused = client.post(url, data | {f"{row}-ends_on": "2026-03-31"})
    assert "is after the end of the plan" in refused.content.decode()
    assert Milestone.objects.get(pk=milestone.pk).ends_on == DUE
    saved = client.post(
        url, data | {f"{row}-ends_on": "2026-03-31", f"{row}-change_reason": REASON}
    )
    assert saved.status_code == 302
    assert milestone.history.latest().history_change_reason == REASON


def test_api_refuses_a_due_date_past_the_end_without_a_reason_and_keeps_one(
    committee_user, milestone
):
    client = token_client(committee_user)
    url = f"/api/v1/milestones/{milestone.pk}/schedule/"
    refused = client.post(url, {"ends_on": "2026-03-31"}, format="json")
    assert refused.status_code == 400
    assert "is after the end of the plan" in refused.json()["reason"][0]
    assert Milestone.objects.get(pk=milestone.pk).ends_on == datetime.date(2025, 6, 30)

    accepted = client.post(url, {"ends_on": "2026-03-31", "reason": REASON}, format="json")
    assert accepted.status_code == 200
    assert accepted.json()["ends_on"] == "2026-03-31"
    assert milestone.history.latest().history_change_reason == REASON


def test_api_schedule_is_refused_to_a_member_not_responsible_for_the_commitment(milestone):
    other = UserFactory(groups=["Committee members"], is_staff=True)
    response = token_client(other).post(
        f"/api/v1/milestones/{milestone.pk}/schedule/",
        {"ends_on": "2025-07-31", "reason": REASON},
        format="json",
    )
    assert response.status_code == 403
    assert Milestone.objects.get(pk=milestone.pk).ends_on == datetime.date(2025, 6, 30)


def test_lowering_published_progress_needs_a_reason(milestone, committee_user):
    record_progress(milestone=milestone, author=None, status="in_progress", progress=60,
                    note="Draft map ready.", published_on=datetime.date(2025, 5, 1))  # fmt: skip
    with pytest.raises(ValidationError, match="goes down only with a reason"):
        record_progress(milestone=milestone, author=None, status="in_progress", progress=40,
                        note="Map withdrawn.")  # fmt: skip
    milestone.refresh_from_db()
    assert milestone.progress == 60

    response = token_client(committee_user).post(
        f"/api/v1/milestones/{milestone.pk}/progress/",
        {"status": "in_progress", "progress": 40, "note": "Map withdrawn."},
        format="json",
    )
    assert response.status_code == 400
    assert "goes down only with a reason" in response.json()["reason"][0]

    record_progress(milestone=milestone, author=None, status="in_progress", progress=40,
                    note="Map withdrawn.", reason="Errors found in the data.",
                    published_on=datetime.date(2025, 6, 1))  # fmt: skip
    record = milestone.history.latest()
    assert record.history_change_reason == "Errors found in the data."
    assert record.effective_on == datetime.date(2025, 6, 1)


def test_history_dates_a_change_when_it_happened_and_says_when_it_was_recorded(client, milestone):
    record_progress(milestone=milestone, author=None, status="in_progress", progress=60,
                    note="Draft map ready.", published_on=datetime.date(2025, 5, 1))  # fmt: skip
    page = client.get(milestone.get_absolute_url()).content.decode()
    happened = day(datetime.date(2025, 5, 1))
    assert f"On {happened} the progress of {milestone.code} moved from 0% to 60%." in page
    assert "recorded on" in page  # recorded today, a year and more later


def test_demo_history_is_dated_at_the_demo_dates_and_marked_demo(client, plan):
    call_command("load_demo_data", verbosity=0)
    milestone = Milestone.objects.get(commitment__code="KGBSK0001", order=1)
    record = milestone.history.filter(progress=100).get()
    assert record.history_date.date() == datetime.date(2025, 4, 25)
    assert milestone.history.earliest().history_date.date() == datetime.date(2025, 1, 15)
    page = client.get(milestone.get_absolute_url()).content.decode()
    change = page[page.index(f"On {day(datetime.date(2025, 4, 25))} the status") :]
    change = change.split("</li>")[0]
    assert 'class="badge badge-demo"' in change
    assert "recorded on" not in change


def test_feeds_date_an_update_when_it_happened_and_when_it_was_recorded(client, plan):
    call_command("load_demo_data", verbosity=0)
    feed = client.get("/en/updates/feed/").content.decode()
    published = re.findall(r"<published>(\d{4})-", feed)
    updated = re.findall(r"<updated>(\d{4})-", feed)[1:]  # the first is the feed's own
    assert published and set(published) == {"2025"}  # the demo updates' own dates
    assert set(updated) == {"2025"}  # recorded, as demo data, at those dates too


def test_a_real_update_recorded_late_says_so(client, milestone):
    record_progress(milestone=milestone, author=None, status="in_progress", progress=20,
                    note="Survey started.", published_on=datetime.date(2025, 3, 1))  # fmt: skip
    page = client.get("/en/updates/").content.decode()
    assert f"recorded on {day(timezone.localdate())}" in page
    feed = client.get("/en/updates/feed/").content.decode()
    assert "<published>2025-03-01T" in feed
