"""A published progress update changes only through a recorded correction: its text, with who,
when and why, shown on the public change history. Its date, figures and demo flag stay."""

import datetime

import pytest
from django.urls import reverse

from commitments.models import ProgressUpdate
from commitments.services import record_progress
from tests.admin_forms import admin_form_data
from tests.factories import CommitteeMemberFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(plan, committee_user):
    milestone = MilestoneFactory(commitment=plan.commitments.get(code="KGBSK0001"))
    CommitteeMemberFactory(plan=plan, user=committee_user, full_name="Aida Committee")
    milestone.commitment.responsible_members.add(committee_user.committee_seat)
    return record_progress(
        milestone=milestone, author=None, status="in_progress", progress=30, note="Held 2 hearings",
        published_on=datetime.date(2025, 6, 1),
    )  # fmt: skip


def change(client, update, **data):
    url = reverse("admin:commitments_progressupdate_change", args=[update.pk])
    return client.post(url, admin_form_data(client.get(url)) | data)


def test_the_date_figures_and_demo_flag_of_a_published_update_stay(committee_client, published):
    change(committee_client, published, published_on="2025-01-02", is_demo="on", progress="90")
    stored = ProgressUpdate.objects.get(pk=published.pk)
    assert stored.published_on == datetime.date(2025, 6, 1)
    assert (stored.is_demo, stored.progress) == (False, 30)


def test_correcting_the_text_needs_a_reason_and_saves_nothing_without_one(
    committee_client, published
):
    response = change(committee_client, published, note_en="Held 3 hearings")
    assert response.status_code == 200
    assert "Say why the published update is corrected." in response.content.decode()
    assert ProgressUpdate.objects.get(pk=published.pk).note_en == "Held 2 hearings"


def test_a_correction_is_kept_and_shown_with_who_and_why(client, committee_client, published):
    response = change(
        committee_client,
        published,
        note_en="Held 3 hearings",
        correction_reason="The third hearing was left out by mistake.",
    )
    assert response.status_code == 302
    assert ProgressUpdate.objects.get(pk=published.pk).note_en == "Held 3 hearings"
    record = published.history.latest()
    assert record.history_change_reason == "The third hearing was left out by mistake."
    page = client.get("/en/commitments/KGBSK0001/").content.decode()
    assert "was corrected." in page
    assert 'Reason: <span lang="en">The third hearing was left out by mistake.</span>' in page
    assert "by Aida Committee, Open Bishkek Committee" in page
